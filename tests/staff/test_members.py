"""An organisation's admins invite members, change their roles and remove them on staff pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from overture.organisations import services
from overture.organisations.models import Membership
from tests import factories


def members_url(org) -> str:
    return reverse("staff_members", kwargs={"org": org.slug})


def test_the_members_page_lists_members_and_what_each_role_may_do(staff_client, org, staff_user):
    factories.staff(org, username="theo")
    page = staff_client.get(members_url(org)).content.decode()
    assert "theo@example.org" in page and "stella@example.org" in page
    assert "(you)" in page
    assert "What each role may do" in page
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>((?:<td>\w+</td>)+)</tr>', page)
    table = {words: re.findall(r"<td>(\w+)</td>", cells) for words, cells in rows}
    # Columns: Admin, Staff, Viewer (the order of the roles).
    assert table[
        "Manage the organisation: members and their roles, advice rules, value statements"
    ] == ["Yes", "No", "No"]
    assert table["See the season, its figures and charts"] == ["Yes", "Yes", "Yes"]


def test_inviting_a_new_person_makes_an_account_without_a_password_and_emails_a_link(
    staff_client, org, client
):
    response = staff_client.post(
        members_url(org), {"email": "New.Member@Example.org", "role": "viewer"}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new.member@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, organisation=org).role == "viewer"
    (message,) = mail.outbox
    assert message.to == ["new.member@example.org"]
    assert message.subject == f"You have been added to {org.name} on Overture"
    assert "as Viewer" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", message.body).group(1)

    staff_client.logout()
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "a-brand-new-passphrase"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert factories.log_in(client, "new.member@example.org", new)
    assert client.get(reverse("staff_dashboard", kwargs={"org": org.slug})).status_code == 200


def test_inviting_someone_with_an_account_adds_the_membership_only(staff_client, org, other_org):
    theirs = factories.staff(other_org, username="otto")
    staff_client.post(members_url(org), {"email": "OTTO@example.org", "role": "staff"})
    assert Membership.objects.get(user=theirs, organisation=org).role == "staff"
    assert get_user_model().objects.filter(email="otto@example.org").count() == 1
    assert (
        "set_password" not in mail.outbox[0].body and "/password/reset/" not in mail.outbox[0].body
    )


def test_inviting_a_member_twice_is_a_field_error(staff_client, org):
    factories.staff(org, username="theo")
    response = staff_client.post(members_url(org), {"email": "theo@example.org", "role": "staff"})
    assert response.status_code == 200
    assert "is a member already" in response.content.decode()
    assert Membership.objects.filter(organisation=org).count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not an email", "role": "staff"}, "email"),
        ({"email": "a@b.org", "role": "owner"}, "role"),
    ],
)
def test_a_faulty_invitation_is_refused_with_a_message(staff_client, org, data, field):
    response = staff_client.post(members_url(org), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Membership.objects.filter(organisation=org).count() == 1


def test_an_admin_changes_a_role(staff_client, org):
    theo = factories.staff(org, username="theo")
    membership = Membership.objects.get(user=theo)
    url = reverse("staff_member_role", kwargs={"org": org.slug, "pk": membership.pk})
    staff_client.post(url, {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_the_last_admin_can_be_neither_demoted_nor_removed(staff_client, org, staff_user):
    mine = Membership.objects.get(user=staff_user, organisation=org)
    role_url = reverse("staff_member_role", kwargs={"org": org.slug, "pk": mine.pk})
    page = staff_client.post(role_url, {"role": "staff"}, follow=True).content.decode()
    assert "only admin" in page
    remove_url = reverse("staff_member_remove", kwargs={"org": org.slug, "pk": mine.pk})
    staff_client.post(remove_url)
    mine.refresh_from_db()
    assert mine.role == "admin"


def test_with_a_second_admin_the_first_may_step_down(staff_client, org, staff_user):
    factories.staff(org, role="admin", username="ada")
    mine = Membership.objects.get(user=staff_user, organisation=org)
    services.change_role(mine, "viewer")
    assert Membership.objects.get(pk=mine.pk).role == "viewer"


def test_removing_a_member_keeps_their_account(staff_client, org):
    theo = factories.staff(org, username="theo")
    membership = Membership.objects.get(user=theo)
    url = reverse("staff_member_remove", kwargs={"org": org.slug, "pk": membership.pk})
    assert staff_client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert get_user_model().objects.filter(pk=theo.pk).exists()
    assert staff_client.post(url).status_code == 302  # twice: nothing more happens


def test_another_organisations_members_are_not_found(staff_client, org, other_org):
    otto = factories.staff(other_org, role="admin", username="otto")
    theirs = Membership.objects.get(user=otto)
    url = reverse("staff_member_role", kwargs={"org": org.slug, "pk": theirs.pk})
    assert staff_client.post(url, {"role": "viewer"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == "admin"
