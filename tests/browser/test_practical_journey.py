"""Practical information in real Chromium: a visitor who needs step-free access and a free
activity finds one and reads how to come; staff set the price and access that people read."""

import re
from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import expect

from overture.season.models import Activity, Format
from tests import factories

ADDRESS = "St Saviour's Church, 48 Riverside Road, Riverside RV2 7SA"


def test_a_visitor_filters_free_and_step_free_then_reads_the_practical_information(page, org):
    messiah = factories.activity(
        org,
        "Come and sing: Messiah",
        format=Format.COME_AND_SING,
        days_ahead=2,
        venue_address=ADDRESS,
        step_free=True,
        captioned=True,
        access_notes="The side door has a ramp.",
        age_guidance="12+",
    )
    Activity.objects.filter(pk=messiah.pk).update(venue="St Saviour's Church")
    factories.activity(org, "Mahler 5", days_ahead=1, price=Decimal("32"), step_free=True)
    factories.activity(org, "Open rehearsal in the crypt", days_ahead=3)

    page.goto(f"/{org.slug}/")
    results = page.locator("#season-results")
    expect(results.get_by_role("heading", level=2)).to_have_count(3)

    page.get_by_label("Free only").check()
    page.get_by_role("group", name="Access I need").get_by_label("Step-free access").check()
    page.get_by_role("button", name="Show activities").click()

    expect(results.get_by_text("1 activity matches your filters")).to_be_visible()
    expect(results.get_by_role("heading", level=2)).to_have_text(["Come and sing: Messiah"])
    expect(results.get_by_text("Free · 2 hours · 12+")).to_be_visible()
    expect(results.get_by_text("Access: Step-free access · Captions")).to_be_visible()
    # The filters are in the address, so the page can be shared or reloaded.
    expect(page).to_have_url(re.compile(r"[?&]free=on&access=step_free(&|$)"))

    results.get_by_role("link", name="Come and sing: Messiah").click()
    expect(page.get_by_role("heading", level=1, name="Come and sing: Messiah")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Come and sing — you take part")
    expect(facts).to_contain_text("Free")
    expect(facts).to_contain_text("2 hours")
    expect(facts.get_by_text(ADDRESS)).to_be_visible()
    map_link = facts.get_by_role("link", name="Find it on a map")
    expect(map_link).to_have_attribute(
        "href",
        "https://www.openstreetmap.org/search?query=St+Saviour%27s+Church%2C+48+Riverside+Road"
        "%2C+Riverside+RV2+7SA",
    )
    expect(facts.get_by_role("listitem")).to_have_text(["Step-free access", "Captions"])
    expect(facts).to_contain_text("The side door has a ramp.")
    expect(facts).to_contain_text("12+")


def test_staff_set_the_price_and_access_and_participants_read_them(open_as, org, staff_user):
    concert = factories.activity(org, "Brahms by candlelight", days_ahead=5)
    page = open_as(staff_user)
    page.goto(reverse("staff_activity_edit", kwargs={"org": org.slug, "pk": concert.pk}))

    price = page.get_by_role("group", name="Price")
    price.get_by_label("Full price (£)").fill("-3")
    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_text("The price can’t be negative: enter 0 if it is free.")).to_be_visible()

    price.get_by_label("Full price (£)").fill("18.50")
    price.get_by_label("Concessions").fill("£5 for under-26s")
    page.get_by_role("group", name="Where").get_by_label("Address").fill(
        "1 Northbank Walk, Riverside RV1 2NB"
    )
    access = page.get_by_role("group", name="Access")
    access.get_by_label("Step-free access").check()
    access.get_by_label("British Sign Language (BSL)").check()
    page.get_by_role("group", name="Who it suits").get_by_label("Age guidance").fill("8+")
    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_text("Saved “Brahms by candlelight”.")).to_be_visible()

    page.goto(reverse("activity", kwargs={"org": org.slug, "pk": concert.pk}))
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("£18.50 · Concessions: £5 for under-26s")
    expect(facts.get_by_role("listitem")).to_have_text(
        ["Step-free access", "British Sign Language (BSL)"]
    )
    expect(facts).to_contain_text("8+")
    expect(facts.get_by_role("link", name="Find it on a map")).to_be_visible()
