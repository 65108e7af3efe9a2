"""In real Chromium: staff add a third practice row with “Add another” and save the activity."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from overture.season.models import Activity
from tests import factories


@pytest.fixture
def staff_page(page, live_server, org, staff_user):
    page.goto(reverse("login"))
    page.get_by_label("Email or username").fill(staff_user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def test_staff_add_a_third_practice_row_and_save(staff_page, org, transactional_db):
    practices = [
        factories.practice(org, name=name) for name in ("Applauding", "Listening", "Singing")
    ]
    staff_page.goto(reverse("staff_activity_create", kwargs={"org": org.slug}))
    staff_page.get_by_label("Title").fill("Come and sing: Messiah")
    staff_page.get_by_label("Format").select_option(label="Come and sing")
    staff_page.get_by_label("Starts").fill("2031-05-01T19:00")
    staff_page.get_by_label("Ends").fill("2031-05-01T21:30")
    staff_page.get_by_role("group", name="Places").get_by_label("Capacity").fill("120")
    staff_page.get_by_role("button", name="Add another practice").click()
    selects = staff_page.locator("select[name$='-practice']")
    expect(selects).to_have_count(3)
    for index, practice in enumerate(practices):
        selects.nth(index).select_option(label=practice.name)
    staff_page.get_by_role("button", name="Create draft").click()
    expect(staff_page.get_by_role("status")).to_contain_text(
        "Created the draft “Come and sing: Messiah”."
    )
    activity = Activity.objects.get()
    assert sorted(activity.practices.values_list("name", flat=True)) == [
        "Applauding",
        "Listening",
        "Singing",
    ]


def test_staff_create_an_activity_with_two_practices_publish_it_and_it_is_on_the_season(
    staff_page, org, transactional_db
):
    silence = factories.practice(org, name="Listening in silence")
    applause = factories.practice(org, name="Applauding at the right moment")
    staff_page.goto(reverse("staff_activity_create", kwargs={"org": org.slug}))
    staff_page.get_by_label("Title").fill("Brahms by candlelight")
    staff_page.get_by_label("Format").select_option(label="Symphony concert")
    staff_page.get_by_label("Starts").fill("2031-03-14T19:30")
    staff_page.get_by_label("Ends").fill("2031-03-14T21:30")
    staff_page.get_by_label("Venue").fill("Riverside Hall")
    staff_page.get_by_role("group", name="Places").get_by_label("Capacity").fill("800")
    rows = staff_page.locator("#requirements .formset-row")
    rows.nth(0).locator("select[name$='-practice']").select_option(label=silence.name)
    rows.nth(0).locator("select[name$='-required_level']").select_option(label="Regular")
    rows.nth(1).locator("select[name$='-practice']").select_option(label=applause.name)
    rows.nth(1).locator("select[name$='-required_level']").select_option(label="Novice")
    staff_page.get_by_role("button", name="Create draft").click()
    expect(staff_page.get_by_role("status")).to_contain_text(
        "Created the draft “Brahms by candlelight”."
    )
    edit_url = staff_page.url

    season_url = reverse("season", kwargs={"org": org.slug})
    staff_page.goto(season_url)
    expect(staff_page.get_by_role("link", name="Brahms by candlelight")).to_have_count(0)

    staff_page.goto(edit_url)
    staff_page.get_by_role("button", name="Publish").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Published “Brahms by candlelight”.")

    staff_page.goto(season_url)
    card = staff_page.get_by_role("link", name="Brahms by candlelight")
    expect(card).to_be_visible()
    card.click()
    expect(staff_page.locator("details.score", has_text="Listening in silence")).to_be_visible()
    activity = Activity.objects.get(title="Brahms by candlelight")
    assert activity.status == Activity.Status.PUBLISHED
    levels = dict(activity.requirements.values_list("practice__name", "required_level"))
    assert levels == {"Listening in silence": 2, "Applauding at the right moment": 1}
