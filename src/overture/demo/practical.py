"""Practical information for the demo season: prices, addresses, access and age guidance.

Worked out from each planned activity alone (its format, venue, title and date), so it draws
nothing from the season's random streams and the same seed still gives the same season.
"""

from __future__ import annotations

import zlib
from decimal import Decimal

from overture.season.models import Format

from .season import ActivityPlan

CHURCH_VENUE = "St Saviour's Church, Riverside Road"
NORTHBANK = "Northbank Hall, 1 Northbank Walk, Riverside RV1 2NB"
CHURCH = "St Saviour's Church, 48 Riverside Road, Riverside RV2 7SA"
# Each demo venue's address; rooms inside Northbank Hall share the hall's address.
VENUE_ADDRESSES: dict[str, str] = {
    "Northbank Hall": NORTHBANK,
    "The Recital Room, Northbank Hall": NORTHBANK,
    "Level 2 foyer, Northbank Hall": NORTHBANK,
    "Learning Centre, Northbank Hall": NORTHBANK,
    CHURCH_VENUE: CHURCH,
    "Orchestra Rehearsal Studio, Wharf Street": "Unit 3, 12 Wharf Street, Riverside RV1 4WS",
}
# Venues people reach without steps; the church has two steps at its door.
STEP_FREE_VENUES = frozenset(VENUE_ADDRESSES) - {CHURCH_VENUE}
ACCESS_NOTES: dict[str, str] = {
    NORTHBANK: "Lifts to every level, a hearing loop in the hall, and assistance dogs welcome. "
    "Wheelchair spaces can be booked with the box office.",
    CHURCH: "Two steps at the main door; the side door on Church Lane has a ramp. "
    "A steward can help you to a seat.",
}

# Per format: full prices to choose from (0 = free), the concessions, and the age guidance.
PRICES: dict[str, tuple[tuple[int, ...], str, str]] = {
    Format.SYMPHONY_CONCERT: (
        (18, 25, 32, 45),
        "£10 for under-26s and students; a companion of a disabled visitor goes free",
        "",
    ),
    Format.CHAMBER_CONCERT: ((15, 22), "£5 for under-26s", ""),
    Format.PRE_CONCERT_TALK: ((0,), "", ""),
    Format.LIVESTREAM: ((0,), "", ""),
    Format.FAMILY_CONCERT: ((8, 12), "£4 for children; under-2s free", "Best for ages 3–10"),
    Format.RELAXED_PERFORMANCE: ((0, 5), "Free for carers and companions", "All ages"),
    Format.OPEN_REHEARSAL: ((0,), "", "All ages"),
    Format.COME_AND_SING: ((0, 10), "£5 for under-26s; scores to borrow on the day", "12+"),
    Format.PLAY_ALONG: ((12,), "£6 for under-18s", "12+; under-16s with an adult"),
    Format.COMPOSITION_LAB: ((0,), "", "Ages 14–18"),
}


def _pick(activity: ActivityPlan, salt: str, count: int) -> int:
    """A stable choice among `count`, the same for the same activity on every run."""
    key = f"{salt}|{activity.title}|{activity.starts_at:%Y-%m-%d}".encode()
    return zlib.crc32(key) % count


def practical_information(activity: ActivityPlan) -> dict[str, object]:
    """The Activity fields of price, address, access and age guidance for a planned activity."""
    prices, concessions, ages = PRICES[activity.format]
    price = prices[_pick(activity, "price", len(prices))]
    relaxed = activity.format == Format.RELAXED_PERFORMANCE
    address = VENUE_ADDRESSES.get(activity.venue, "")
    return {
        "price": Decimal(price),
        "concessions": concessions if price else "",
        "venue_address": address,
        "step_free": activity.venue in STEP_FREE_VENUES,
        "captioned": relaxed or _captioned(activity),
        "bsl": relaxed or _signed(activity),
        "relaxed": relaxed,
        "quiet_space": relaxed or activity.format == Format.FAMILY_CONCERT,
        "access_notes": ACCESS_NOTES.get(address, ""),
        "age_guidance": ages,
    }


def _captioned(activity: ActivityPlan) -> bool:
    """Talks and streams always; one symphony concert in four."""
    if activity.format in (Format.PRE_CONCERT_TALK, Format.LIVESTREAM):
        return True
    return activity.format == Format.SYMPHONY_CONCERT and _pick(activity, "captions", 4) == 0


def _signed(activity: ActivityPlan) -> bool:
    """One symphony or family concert in three has a BSL interpreter."""
    signed_formats = (Format.SYMPHONY_CONCERT, Format.FAMILY_CONCERT)
    return activity.format in signed_formats and _pick(activity, "bsl", 3) == 0
