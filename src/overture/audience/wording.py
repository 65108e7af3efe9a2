"""How a booking is said to people: dates and times the British way, and places.

Day and month names come from Django's date format, so they follow the active language.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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
    return dateformat.format(timezone.localtime(moment), "l j F Y")


def when_words(starts_at: datetime, ends_at: datetime | None = None) -> str:
    """E.g. "Sunday 14 March 2027, 19:30 to 21:30"; an end on another day gives its date."""
    words = _moment(starts_at)
    if ends_at is None:
        return words
    same_day = timezone.localdate(ends_at) == timezone.localdate(starts_at)
    end = time_words(ends_at) if same_day else _moment(ends_at)
    return _("%(start)s to %(end)s") % {"start": words, "end": end}


def _moment(moment: datetime) -> str:
    """E.g. "Sunday 14 March 2027, 19:30"."""
    return _("%(date)s, %(time)s") % {"date": date_words(moment), "time": time_words(moment)}


def place_words(places: int) -> str:
    """E.g. 1 → "1 place", 3 → "3 places"."""
    return ngettext("%(count)s place", "%(count)s places", places) % {"count": places}
