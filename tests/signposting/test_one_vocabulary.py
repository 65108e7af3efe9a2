"""Participants meet one set of level words on every page of the demo, and no staff words."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from overture.audience.assessment import split_into_steps
from overture.demo import DEMO_PASSWORD, DEMO_SLUG, generate
from overture.demo.organisation import NEWCOMER
from overture.engines.signposting.labels import AudienceLabel
from overture.season.models import Activity, Practice
from tests import factories

# The words participants used to meet for the same thing, and the staff's own words.
OLD_OR_STAFF_WORDS = [
    r"\bnovices?\b",
    r"\bNovices?\b",
    r"\bNever\b",
    r"Once or twice —",
    r"[Hh]elps to have done it",
    r"[Ff]or people who know how it goes",
    r"A few times —",
    r"Often —",
    r"[Ff]or experienced",
    r"experienced participants",
    r"Ideal first visit",
    r"Some experience helps",
    r"\bstrictness\b",
    r"\brigidity\b",
    r"\bheterogeneity\b",
    r"\bindex\b|\bindices\b",
]


def visible_text(response) -> str:
    """The page's text as read, without tags, scripts or attribute values."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def demo(db):
    return generate(participants=20, activities=30)


@pytest.fixture
def sam(client, demo):
    assert factories.log_in(client, NEWCOMER[0], DEMO_PASSWORD)
    return client


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": DEMO_SLUG, **kwargs})


def participant_pages(client) -> dict[str, str]:
    """Every kind of page a participant reads, by a short name, as text."""
    activities = Activity.objects.filter(
        organisation__slug=DEMO_SLUG, status="published", starts_at__gt=timezone.now()
    )
    hardest = activities.filter(audience_label=AudienceLabel.FOR_EXPERIENCED).first()
    singing = Practice.objects.get(organisation__slug=DEMO_SLUG, slug="singing-in-a-choir")
    steps = len(split_into_steps(list(Practice.objects.filter(organisation__slug=DEMO_SLUG))))
    urls = {
        "season": url("season"),
        "season, filtered": url("season") + "?audience=2",
        "for you": url("for_you"),
        "journey to an activity": url("journey") + f"?activity={hardest.pk}",
        "journey to a level": url("journey") + f"?practice={singing.pk}&level=3",
        "buddies": url("buddies"),
        "asking for a buddy": url("buddy_ask"),
        "volunteering as a buddy": url("buddy_volunteer"),
        **{
            f"activity {a.pk}": url("activity", pk=a.pk)
            for a in activities.order_by("starts_at")[:12]
        },
        **{
            f"self-assessment step {n}": url("self_assessment") + f"?step={n}"
            for n in range(1, steps + 1)
        },
    }
    pages = {}
    for name, address in urls.items():
        response = client.get(address)
        assert response.status_code == 200, name
        pages[name] = visible_text(response)
    return pages


def test_no_old_level_words_or_staff_words_on_participant_pages(sam):
    found = {
        (name, match.group(0))
        for name, text in participant_pages(sam).items()
        for pattern in OLD_OR_STAFF_WORDS
        for match in re.finditer(pattern, text)
    }
    assert found == set()


def test_the_level_words_are_the_same_on_every_page(sam):
    pages = participant_pages(sam)
    season = pages["season"]
    for words in ("For beginners and up", "For regulars and experts"):
        assert season.count(words) >= 2, words  # in the filter and on at least one card
    # On a card that is a good first step for this newcomer, "Newcomers welcome" would only
    # repeat it, so the words are in the filter at least.
    assert season.count("Newcomers welcome") >= 1
    assert "(Newcomer)" in pages["self-assessment step 1"]
    assert "(Beginner)" in pages["self-assessment step 1"]
    assert "(Regular)" in pages["self-assessment step 1"]
    assert "(Expert)" in pages["self-assessment step 1"]
    assert "Reaching expert level in Singing in a choir" in pages["journey to a level"]
    assert re.search(r"Beginner\s+Regular\s+Expert", pages["journey to a level"])
    activity_pages = " ".join(text for name, text in pages.items() if name.startswith("activity"))
    assert re.search(
        r"(Newcomers welcome|For beginners and up|For regulars and experts) — ", (activity_pages)
    )


def test_anonymous_visitors_read_the_same_label_words(client, demo):
    text = visible_text(client.get(url("season")))
    assert "Newcomers welcome" in text
    assert not any(re.search(pattern, text) for pattern in OLD_OR_STAFF_WORDS)
