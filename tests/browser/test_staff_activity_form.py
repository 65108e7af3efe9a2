"""In real Chromium: staff add a third practice row with “Add another” and save the activity."""

from __future__ import annotations

import pytest
from django.urls import reverse

from overture.season.models import Activity
from tests import factories


@pytest.fixture
def staff_page(page, live_server, org, staff_user):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
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
    staff_page.get_by_role("group", name="When and where").get_by_label("Capacity").fill("120")
    staff_page.get_by_role("button", name="Add another practice").click()
    selects = staff_page.locator("select[name$='-practice']")
    assert selects.count() == 3
    for index, practice in enumerate(practices):
        selects.nth(index).select_option(label=practice.name)
    staff_page.get_by_role("button", name="Create draft").click()
    staff_page.wait_for_load_state()
    assert staff_page.get_by_text("Created the draft “Come and sing: Messiah”.").is_visible()
    activity = Activity.objects.get()
    assert sorted(activity.practices.values_list("name", flat=True)) == [
        "Applauding",
        "Listening",
        "Singing",
    ]
