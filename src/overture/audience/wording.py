"""How a booking is said to people: dates and times the British way, and places."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def time_words(moment: datetime) -> str:
    """A time of day on the 24-hour clock, as every page shows times, in the site's time zone.

    >>> from datetime import datetime, UTC
    >>> time_words(datetime(2027, 3, 14, 19, 30, tzinfo=UTC)), time_words(
    ...     datetime(2027, 3, 14, 11, 0, tzinfo=UTC))
    ('19:30', '11:00')
    """
    return f"{timezone.localtime(moment):%H:%M}"


def date_words(moment: datetime) -> str:
    """E.g. "Saturday 14 March 2027", in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


def when_words(starts_at: datetime, ends_at: datetime | None = None) -> str:
    """E.g. "Sunday 14 March 2027, 19:30 to 21:30"; an end on another day gives its date."""
    words = f"{date_words(starts_at)}, {time_words(starts_at)}"
    if ends_at is None:
        return words
    if timezone.localdate(ends_at) == timezone.localdate(starts_at):
        return f"{words} to {time_words(ends_at)}"
    return f"{words} to {date_words(ends_at)}, {time_words(ends_at)}"


def place_words(places: int) -> str:
    """E.g. 1 → "1 place", 3 → "3 places"."""
    return f"{places} place{'s' if places != 1 else ''}"
