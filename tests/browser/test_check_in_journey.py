"""In real Chromium at phone width: staff at the door search a name, tick someone in without a
reload, type a ticket code, and watch the counts change."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from overture.audience import services
from overture.audience.models import Registration
from overture.audience.tickets import ticket_code
from overture.organisations.models import Membership
from tests import factories


def test_staff_check_people_in_at_the_door_on_a_phone(open_as, org, transactional_db):
    door_staff = factories.staff(org, role=Membership.Role.STAFF, username="theo")
    concert = factories.activity(org, "Brahms 4", capacity=20)
    booked = {}
    for name, places in [("Sam Newcomer", 2), ("Ann Regular", 1), ("Ben Expert", 3)]:
        person = factories.participant(org, name=name)
        booked[name] = services.register(person, concert.pk, places=places)

    page = open_as(door_staff, width=390)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("staff_activity_check_in", kwargs={"org": org.slug, "pk": concert.pk}))
    counts = page.locator("#door-counts")
    expect(counts).to_have_text("0 of 3 checked in (places: 0 of 6)")
    page.evaluate("window.stayedOnPage = true")

    page.get_by_label("Search by name").fill("newc")
    page.get_by_role("button", name="Search").click()
    rows = page.locator(".door-row")
    rows.first.wait_for()
    expect(rows).to_have_count(1)
    assert rows.first.inner_text().startswith("Sam Newcomer")

    page.get_by_role("button", name="Check in Sam Newcomer").click()
    page.get_by_role("button", name="Undo the check-in of Sam Newcomer").wait_for()
    expect(page.get_by_role("status").filter(has_text="is checked in")).to_have_text(
        "Sam Newcomer (2 places) is checked in."
    )
    expect(counts).to_have_text("1 of 3 checked in (places: 2 of 6)")

    page.get_by_label("Ticket code").fill(ticket_code(booked["Ben Expert"]))
    page.get_by_role("button", name="Check in this ticket").click()
    page.get_by_text("Ben Expert (3 places) is checked in.").wait_for()
    expect(counts).to_have_text("2 of 3 checked in (places: 5 of 6)")

    page.get_by_label("Ticket code").fill("not-a-ticket")
    page.get_by_role("button", name="Check in this ticket").click()
    page.get_by_text("This ticket code is not valid here").wait_for()
    expect(counts).to_have_text("2 of 3 checked in (places: 5 of 6)")

    assert page.evaluate("window.stayedOnPage") is True  # no reload along the way
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing spills sideways on the phone
    assert set(
        Registration.objects.filter(checked_in_at__isnull=False).values_list(
            "participant__display_name", flat=True
        )
    ) == {"Sam Newcomer", "Ben Expert"}
