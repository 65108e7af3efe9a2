"""People recover their account by email, and an admin brings a colleague onto the staff."""

import re

from playwright.sync_api import expect

from overture.organisations.models import Membership
from tests import factories
from tests.browser.conftest import emailed_link


def test_a_person_who_forgot_their_password_chooses_a_new_one_and_logs_in(page, org):
    factories.participant(org, username="sam")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("Sam@Example.org")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    page.goto(emailed_link("/accounts/password/reset/"))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label(re.compile(r"^New password(?! confirmation)")).fill("a-brand-new-passphrase")
    page.get_by_label("New password confirmation").fill("a-brand-new-passphrase")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Your new password is saved")).to_be_visible()

    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("Email or username").fill("sam@example.org")
    page.get_by_label("Password").fill("a-brand-new-passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_an_admin_invites_a_colleague_who_sets_a_password_and_opens_the_staff_pages(
    open_as, browser, live_server, org
):
    admin = factories.staff(org, role="admin", username="ada")
    page = open_as(admin, width=1200)
    page.goto(f"/{org.slug}/staff/")
    page.get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", name="Members and roles")).to_be_visible()
    page.get_by_label("Email").fill("board.member@example.org")
    page.locator("#id_role").select_option("viewer")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("status")).to_contain_text("Added board.member@example.org as Viewer")
    membership = Membership.objects.get(user__email="board.member@example.org")
    assert membership.role == "viewer"

    page.get_by_label(re.compile("Role of board.member@example.org")).select_option("staff")
    page.get_by_role("button", name="Change the role of board.member@example.org").click()
    expect(page.get_by_role("status")).to_contain_text("is now Staff")

    colleague = browser.new_context(base_url=live_server.url)
    their_page = colleague.new_page()
    their_page.goto(emailed_link("/accounts/password/reset/"))
    new_password = their_page.get_by_label(re.compile(r"^New password(?! confirmation)"))
    new_password.fill("joining-the-team-today")
    their_page.get_by_label("New password confirmation").fill("joining-the-team-today")
    their_page.get_by_role("button", name="Save the new password").click()
    expect(their_page.get_by_role("heading", name="Your new password is saved")).to_be_visible()
    their_page.goto("/accounts/login/")
    their_page.get_by_label("Email or username").fill("board.member@example.org")
    their_page.get_by_label("Password").fill("joining-the-team-today")
    their_page.get_by_role("button", name="Log in").click()
    expect(their_page.get_by_role("button", name="Log out")).to_be_visible()
    their_page.goto(f"/{org.slug}/staff/")
    expect(their_page.get_by_role("heading", name="Staff dashboard", level=1)).to_be_visible()
    assert their_page.url.endswith(f"/{org.slug}/staff/")
    colleague.close()


def test_a_person_changes_their_password_from_the_header(open_as, browser, live_server, org):
    sam = factories.participant(org, username="sam").user
    page = open_as(sam)
    page.goto(f"/{org.slug}/")
    page.get_by_role("link", name="Password").click()
    page.get_by_label("Old password").fill(factories.PASSWORD)
    page.get_by_label(re.compile(r"^New password(?! confirmation)")).fill("a-fresh-passphrase")
    page.get_by_label("New password confirmation").fill("a-fresh-passphrase")
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.goto("/accounts/login/")
    page.get_by_label("Email or username").fill("sam")
    page.get_by_label("Password").fill("a-fresh-passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
