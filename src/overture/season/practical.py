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
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from .models import scale_band

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
ACCESS_FEATURES: tuple[tuple[str, Promise], ...] = (
    ("step_free", gettext_lazy("Step-free access")),
    ("captioned", gettext_lazy("Captions")),
    ("bsl", gettext_lazy("British Sign Language (BSL)")),
    ("relaxed", gettext_lazy("Relaxed: moving and noise welcome")),
    ("quiet_space", gettext_lazy("Quiet space")),
)

MAP_SEARCH = "https://www.openstreetmap.org/search"

# What a person does at each band of the format scale (scale_band gives the band).
TAKING_PART_WORDS: dict[str, Promise] = {
    "provider_led": gettext_lazy("You listen"),
    "shared": gettext_lazy("You watch and listen, with some joining in"),
    "participant_led": gettext_lazy("You take part"),
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
        return _("Free")
    amount = Decimal(price).quantize(Decimal("0.01"))
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def duration_words(starts_at: datetime, ends_at: datetime) -> str:
    """How long it lasts: “45 minutes”, “2 hours”, “1 hour 30 minutes”; a day or more is
    counted in the calendar days it covers (“Over 3 days”)."""
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if minutes <= 0:
        return ""
    if minutes >= 24 * 60:
        days = (_local_day(ends_at) - _local_day(starts_at)).days + 1
        return ngettext("Over %(days)s day", "Over %(days)s days", days) % {"days": days}
    hours, rest = divmod(minutes, 60)
    hour_words = ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    minute_words = ngettext("%(count)s minute", "%(count)s minutes", rest) % {"count": rest}
    if not rest:
        return hour_words
    if not hours:
        return minute_words
    return pgettext("a length of time", "%(hours)s %(minutes)s") % {
        "hours": hour_words,
        "minutes": minute_words,
    }


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
    return [str(words) for field, words in ACCESS_FEATURES if getattr(activity, field, False)]


def taking_part_words(scale_position: float) -> str:
    """What a person does at an activity of this format, instead of the scale's jargon."""
    return str(TAKING_PART_WORDS[scale_band(scale_position)])
