"""The demo season carries realistic practical information, the same on every run."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date
from decimal import Decimal

import numpy as np
import pytest

from overture.demo import DEMO_SLUG, generate
from overture.demo.practical import practical_information
from overture.demo.season import plan_season
from overture.season.models import Activity, Format

TODAY = date(2025, 3, 1)


def season(seed: int = 7, activities: int = 96):
    rng = np.random.Generator(np.random.PCG64(seed))
    return plan_season(rng, activities=activities, today=TODAY, tz=UTC)


@pytest.fixture(scope="module")
def practical():
    return [(a, practical_information(a)) for a in season()]


def of(practical, *formats: str):
    return [info for a, info in practical if a.format in formats]


def test_the_same_season_gets_the_same_practical_information():
    assert [practical_information(a) for a in season()] == [
        practical_information(a) for a in season()
    ]


def test_concerts_are_priced_with_concessions(practical):
    concerts = of(practical, Format.SYMPHONY_CONCERT, Format.CHAMBER_CONCERT)
    prices = {info["price"] for info in concerts}
    assert prices <= {Decimal(p) for p in (15, 18, 22, 25, 32, 45)}
    assert len(prices) >= 3
    assert all(info["concessions"].startswith("£") for info in concerts)


def test_open_rehearsals_talks_and_streams_are_free_come_and_sing_free_or_cheap(practical):
    free = of(practical, Format.OPEN_REHEARSAL, Format.PRE_CONCERT_TALK, Format.LIVESTREAM)
    assert {info["price"] for info in free} == {0}
    assert all(info["concessions"] == "" for info in free)
    assert {info["price"] for info in of(practical, Format.COME_AND_SING)} <= {0, 10}


def test_relaxed_performances_are_relaxed_with_a_quiet_space_and_cheap(practical):
    relaxed = of(practical, Format.RELAXED_PERFORMANCE)
    assert relaxed
    for info in relaxed:
        assert info["relaxed"] and info["quiet_space"] and info["step_free"]
        assert info["price"] <= 5
        assert info["age_guidance"] == "All ages"
    assert not any(info["relaxed"] for a, info in practical if a.format != "relaxed_performance")


def test_family_concerts_give_age_guidance(practical):
    assert {info["age_guidance"] for info in of(practical, Format.FAMILY_CONCERT)} == {
        "Best for ages 3–10"
    }


def test_most_venues_are_step_free_and_every_venue_has_an_address(practical):
    in_person = [(a, info) for a, info in practical if a.venue]
    step_free = sum(info["step_free"] for _, info in in_person)
    assert step_free / len(in_person) > 0.8
    assert all(info["venue_address"] for _, info in in_person)
    online = [info for a, info in practical if not a.venue]
    assert online and all(info["venue_address"] == "" for info in online)


def test_some_activities_have_captions_or_bsl(practical):
    counts = Counter(a.format for a, info in practical if info["bsl"])
    assert counts[Format.SYMPHONY_CONCERT] >= 1
    assert counts[Format.SYMPHONY_CONCERT] < len(of(practical, Format.SYMPHONY_CONCERT))
    captioned = [info["captioned"] for info in of(practical, Format.LIVESTREAM)]
    assert captioned and all(captioned)


def test_the_generated_demo_stores_the_practical_information(db):
    generate(seed=7, participants=50, activities=30, today=TODAY)
    activities = Activity.objects.filter(organisation__slug=DEMO_SLUG)
    assert activities.filter(price__gt=0).exists()
    assert activities.filter(price=0).exists()
    assert activities.filter(step_free=True, captioned=True).exists()
    assert (
        activities.filter(relaxed=True, quiet_space=True).count()
        == activities.filter(format=Format.RELAXED_PERFORMANCE).count()
    )
    northbank = activities.filter(venue="Northbank Hall").first()
    assert northbank.venue_address == "Northbank Hall, 1 Northbank Walk, Riverside RV1 2NB"
