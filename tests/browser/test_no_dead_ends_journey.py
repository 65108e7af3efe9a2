"""A newcomer finds no way to an open rehearsal alone, tells us they'd come; staff see it."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from overture.season.models import Format
from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_newcomer_follows_how_to_get_there_and_tells_us_theyd_come(open_as, org):
    watching = factories.practice(org, "Watching a rehearsal", strictness=0.6)
    sam = factories.participant(org, "Sam Newcomer", username="sam")
    factories.competence(sam, watching, 0)
    for title, days in (("Open rehearsal: Bruckner Seven", 2), ("Open rehearsal: Mahler", 9)):
        factories.activity(
            org,
            title,
            format=Format.OPEN_REHEARSAL,
            days_ahead=days,
            requirements=[(watching, 1, 0.7)],
        )
    stella = factories.staff(org, role="admin", username="stella")

    page = open_as(sam.user)
    page.goto(f"/{org.slug}/")
    card = page.locator("li.activity-card", has_text="Open rehearsal: Mahler")
    expect(card.get_by_text("Prepare first")).to_be_visible()
    expect(
        card.get_by_role("link", name="How to get there — Open rehearsal: Mahler")
    ).to_be_visible()
    card.get_by_role("link", name="Open rehearsal: Mahler", exact=True).click()
    expect(page.get_by_role("heading", name="How it fits you: prepare first")).to_be_visible()
    page.get_by_role("link", name="How to get there").click()

    expect(page.get_by_text("This season doesn’t offer a way there yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="What you can do instead")).to_be_visible()
    expect(page.get_by_role("heading", name="Go with a buddy")).to_be_visible()
    buddy_steps = page.get_by_role("list", name="Steps with a buddy, in order")
    expect(buddy_steps.get_by_text("Open rehearsal: Bruckner Seven")).to_be_visible()
    expect(buddy_steps.get_by_role("link", name="ask for a buddy for it")).to_be_visible()

    page.get_by_role("button", name="Tell us you’d come").click()
    expect(
        page.get_by_text(
            "Thank you — we’ve noted that you’d come to a newcomer activity in Watching a "
            "rehearsal."
        )
    ).to_be_visible()
    expect(page.get_by_role("button", name="Take it back")).to_be_visible()

    staff = open_as(stella, width=1200)
    staff.goto(reverse("staff_signposting", kwargs={"org": org.slug}))
    expect(
        staff.get_by_text(
            "1 person said they’d come to a newcomer activity in Watching a rehearsal"
        )
    ).to_be_visible()
