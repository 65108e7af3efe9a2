"""Practical information in words: price, how long, the map link, access and the format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from overture.season.models import FORMAT_SCALE, Format
from overture.season.practical import (
    access_words,
    duration_words,
    map_link,
    price_words,
    taking_part_words,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("price", "words"),
    [
        (Decimal("0"), "Free"),
        (Decimal("0.00"), "Free"),
        (0, "Free"),
        (None, "Free"),
        (Decimal("12.50"), "£12.50"),
        (Decimal("12.5"), "£12.50"),
        (Decimal("0.99"), "£0.99"),
        (Decimal("25.00"), "£25"),
        (Decimal("45"), "£45"),
        (Decimal("1250.00"), "£1,250"),
        (Decimal("99999.99"), "£99,999.99"),
    ],
)
def test_price_words(price, words):
    assert price_words(price) == words


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "1 minute"),
        (45, "45 minutes"),
        (59, "59 minutes"),
        (60, "1 hour"),
        (61, "1 hour 1 minute"),
        (90, "1 hour 30 minutes"),
        (120, "2 hours"),
        (135, "2 hours 15 minutes"),
        (390, "6 hours 30 minutes"),
        (24 * 60 - 1, "23 hours 59 minutes"),
    ],
)
def test_duration_words_within_a_day(minutes, words):
    starts = at(14, 10)
    assert duration_words(starts, starts + timedelta(minutes=minutes)) == words


def test_seconds_do_not_count():
    starts = at(14, 19, 30)
    assert duration_words(starts, starts + timedelta(minutes=60, seconds=59)) == "1 hour"


@pytest.mark.parametrize(
    ("starts", "ends", "words"),
    [
        (at(14, 10), at(15, 10), "Over 2 days"),  # exactly 24 hours
        (at(13, 18), at(15, 17), "Over 3 days"),  # a weekend festival, Friday to Sunday
        (at(1, 9), at(7, 18), "Over 7 days"),
    ],
)
def test_duration_words_over_several_days(starts, ends, words):
    assert duration_words(starts, ends) == words


def test_an_overnight_activity_under_a_day_is_in_hours():
    assert duration_words(at(14, 22), at(15, 6)) == "8 hours"


def test_no_duration_when_the_end_is_not_after_the_start():
    assert duration_words(at(14, 10), at(14, 10)) == ""
    assert duration_words(at(14, 10), at(14, 9)) == ""


@pytest.mark.parametrize(
    ("address", "link"),
    [
        (
            "1 Northbank Walk, Riverside RV1 2NB",
            "https://www.openstreetmap.org/search?query=1+Northbank+Walk%2C+Riverside+RV1+2NB",
        ),
        (
            "St Saviour's Church & Hall, Riverside Road",
            "https://www.openstreetmap.org/search?query=St+Saviour%27s+Church+%26+Hall%2C"
            "+Riverside+Road",
        ),
        (
            "  Café Élan,   Wharf Street  ",
            "https://www.openstreetmap.org/search?query=Caf%C3%A9+%C3%89lan%2C+Wharf+Street",
        ),
        ("a?query=x#top", "https://www.openstreetmap.org/search?query=a%3Fquery%3Dx%23top"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_map_link_searches_openstreetmap_for_the_address(address, link):
    assert map_link(address) == link


@dataclass
class Offer:
    step_free: bool = False
    captioned: bool = False
    bsl: bool = False
    relaxed: bool = False
    quiet_space: bool = False


@pytest.mark.parametrize(
    ("offer", "words"),
    [
        (Offer(), []),
        (Offer(step_free=True), ["Step-free access"]),
        (
            Offer(quiet_space=True, captioned=True, step_free=True),
            ["Step-free access", "Captions", "Quiet space"],
        ),
        (
            Offer(True, True, True, True, True),
            [
                "Step-free access",
                "Captions",
                "British Sign Language (BSL)",
                "Relaxed: moving and noise welcome",
                "Quiet space",
            ],
        ),
    ],
)
def test_access_words_list_what_is_offered_in_a_fixed_order(offer, words):
    assert access_words(offer) == words


@pytest.mark.parametrize(
    ("format", "words"),
    [
        (Format.SYMPHONY_CONCERT, "You listen"),
        (Format.CHAMBER_CONCERT, "You listen"),
        (Format.PRE_CONCERT_TALK, "You listen"),
        (Format.LIVESTREAM, "You listen"),
        (Format.FAMILY_CONCERT, "You watch and listen, with some joining in"),
        (Format.RELAXED_PERFORMANCE, "You watch and listen, with some joining in"),
        (Format.OPEN_REHEARSAL, "You watch and listen, with some joining in"),
        (Format.COME_AND_SING, "You take part"),
        (Format.PLAY_ALONG, "You take part"),
        (Format.COMPOSITION_LAB, "You take part"),
    ],
)
def test_each_format_says_what_you_do(format, words):
    assert taking_part_words(FORMAT_SCALE[format]) == words
