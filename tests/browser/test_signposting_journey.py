"""A first-timer is signposted to ideal first visits; as a choral singer, to the chorus day."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from overture.season.models import Format
from tests import factories
from tests.browser.conftest import emailed_link


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def demo_practice(org, name: str, slug: str, question: str, strictness: float):
    practice = factories.practice(org, name, strictness=strictness)
    practice.slug, practice.assessment_question = slug, question
    practice.save()
    return practice


def test_a_newcomer_is_signposted_then_finds_the_chorus_workshop_right_for_them(page, org):
    silence = demo_practice(
        org,
        "Listening in silence",
        "listening-in-silence",
        "Have you been to a symphony concert before?",
        0.9,
    )
    singing = demo_practice(
        org, "Singing in a choir", "singing-in-a-choir", "Have you ever sung in a choir?", 0.5
    )
    factories.activity(
        org,
        "Mahler 5",
        format=Format.SYMPHONY_CONCERT,
        days_ahead=1,
        requirements=[(silence, 2, 0.9)],
    )
    factories.activity(
        org,
        "Chorus workshop: Messiah",
        format=Format.COME_AND_SING,
        days_ahead=2,
        requirements=[(singing, 1, 0.5)],
    )
    factories.activity(
        org,
        "Relaxed Sunday concert",
        format=Format.RELAXED_PERFORMANCE,
        days_ahead=3,
        requirements=[(silence, 0, 0.05)],
    )

    # Anyone sees honest labels on the season.
    page.goto(f"/{org.slug}/")
    results = page.locator("#season-results")
    expect(results.get_by_text("Newcomers welcome")).to_be_visible()
    expect(results.get_by_text("For regulars and experts")).to_be_visible()
    expect(results.get_by_text("Good first step")).to_have_count(0)

    page.goto(f"/{org.slug}/signup/")
    page.get_by_label("Your name").fill("Robin First")
    page.get_by_label("Email").fill("robin@example.org")
    page.get_by_label(re.compile(r"^Password(?! again)")).fill("first-time-at-the-hall")
    page.get_by_label("Password again").fill("first-time-at-the-hall")
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(emailed_link("/signup/confirm/"))
    expect(page.get_by_role("heading", name="Your experience")).to_be_visible()

    # Without answering anything: what suits someone new to everything comes first.
    page.get_by_role("link", name="For you").click()
    expect(page.get_by_role("heading", name="For you", exact=True)).to_be_visible()
    first = page.locator("ol.suggestions > li").first
    expect(first.get_by_role("link", name="Relaxed Sunday concert")).to_be_visible()
    expect(first.get_by_text("For you: Good first step")).to_be_visible()
    # The organisation's label would only say the same again.
    expect(first.get_by_text("Newcomers welcome")).to_have_count(0)
    expect(page.get_by_text("Prepare first")).to_have_count(0)
    expect(page.get_by_text("We don’t know your experience yet")).to_be_visible()

    # The season page shows the same person's fit on each card.
    page.get_by_role("link", name="Season", exact=True).click()
    relaxed_card = page.locator("li.activity-card", has_text="Relaxed Sunday concert")
    expect(relaxed_card.get_by_text("Good first step")).to_be_visible()

    # Answer as an experienced choral singer.
    page.get_by_role("link", name="For you").click()
    page.get_by_role("link", name="Answer the questions").click()
    page.get_by_role("group", name="Have you ever sung in a choir?").get_by_label(
        "Often: I could show someone else"
    ).check()
    page.get_by_role("button", name="Save and finish").click()

    expect(page.get_by_role("heading", name="For you", exact=True)).to_be_visible()
    chorus = page.locator("ol.suggestions > li", has_text="Chorus workshop: Messiah")
    expect(chorus.get_by_text("Right for you")).to_be_visible()
    expect(
        chorus.get_by_text("You’ve sung in a choir before: you’ll pick up your part")
    ).to_be_visible()

    chorus.get_by_role("link", name="Chorus workshop: Messiah").click()
    expect(page.get_by_role("heading", name="How it fits you: right for you")).to_be_visible()
