"""Practical information about an activity in plain words: price, length, map, access, format.

>>> price_words(Decimal("12.50"))
'£12.50'
>>> duration_words(datetime(2026, 3, 14, 19, 30), datetime(2026, 3, 14, 21, 0))
'1 hour 30 minutes'
>>> taking_part_words(0.75)
'You take part'
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from urllib.parse import urlencode

from django.utils import timezone

from .models import scale_label

__all__ = [
    "ACCESS_FEATURES",
    "MAP_SEARCH",
    "access_words",
    "duration_words",
    "map_link",
    "price_words",
    "taking_part_words",
]

# Each access feature an activity can offer: its field on Activity, and the words people read.
ACCESS_FEATURES: tuple[tuple[str, str], ...] = (
    ("step_free", "Step-free access"),
    ("captioned", "Captions"),
    ("bsl", "British Sign Language (BSL)"),
    ("relaxed", "Relaxed: moving and noise welcome"),
    ("quiet_space", "Quiet space"),
)

MAP_SEARCH = "https://www.openstreetmap.org/search"

# What a person does at each band of the format scale (scale_label gives the band).
TAKING_PART_WORDS: dict[str, str] = {
    "Provider-led": "You listen",
    "Shared": "You watch and listen, with some joining in",
    "Participant-led": "You take part",
}


class HasAccessFeatures(Protocol):
    step_free: bool
    captioned: bool
    bsl: bool
    relaxed: bool
    quiet_space: bool


def price_words(price: Decimal | int | None) -> str:
    """“Free” for nothing, whole pounds without pence (“£25”), otherwise “£12.50”."""
    if not price:
        return "Free"
    amount = Decimal(price).quantize(Decimal("0.01"))
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def duration_words(starts_at: datetime, ends_at: datetime) -> str:
    """How long it lasts: “45 minutes”, “2 hours”, “1 hour 30 minutes”; a day or more is
    counted in the calendar days it covers (“Over 3 days”)."""
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if minutes <= 0:
        return ""
    if minutes >= 24 * 60:
        days = (_local_day(ends_at) - _local_day(starts_at)).days + 1
        return f"Over {days} days"
    hours, rest = divmod(minutes, 60)
    parts = [_plural(count, word) for count, word in ((hours, "hour"), (rest, "minute")) if count]
    return " ".join(parts)


def _local_day(moment: datetime) -> date:
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).date()


def map_link(address: str) -> str:
    """A link that searches OpenStreetMap for the address; empty when there is no address."""
    address = " ".join((address or "").split())
    if not address:
        return ""
    return f"{MAP_SEARCH}?{urlencode({'query': address})}"


def access_words(activity: HasAccessFeatures) -> list[str]:
    """The access features the activity offers, in words, in a fixed order."""
    return [words for field, words in ACCESS_FEATURES if getattr(activity, field, False)]


def taking_part_words(scale_position: float) -> str:
    """What a person does at an activity of this format, instead of the scale's jargon."""
    return TAKING_PART_WORDS[scale_label(scale_position)]
