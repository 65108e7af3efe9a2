"""How a booking is said to people: dates and times in the active language's way, and places."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overture.organisations.dates import local_date


def time_words(moment: datetime) -> str:
    """A time of day in the active language's format (British: the 24-hour clock), in the
    site's time zone.

    >>> from datetime import datetime, UTC
    >>> time_words(datetime(2027, 3, 14, 19, 30, tzinfo=UTC)), time_words(
    ...     datetime(2027, 3, 14, 11, 0, tzinfo=UTC))
    ('19:30', '11:00')
    """
    return local_date(moment, "TIME_FORMAT")


def date_words(moment: datetime) -> str:
    """E.g. "Saturday 14 March 2027", in the site's time zone."""
    return local_date(moment, "LONG_DATE_STYLE")


def when_words(starts_at: datetime, ends_at: datetime | None = None) -> str:
    """E.g. "Sunday 14 March 2027, 19:30 to 21:30"; an end on another day gives its date."""
    starts = local_date(starts_at, "LONG_DATETIME_STYLE")
    if ends_at is None:
        return starts
    if timezone.localdate(ends_at) == timezone.localdate(starts_at):
        ends = time_words(ends_at)
    else:
        ends = local_date(ends_at, "LONG_DATETIME_STYLE")
    return _("%(starts)s to %(ends)s") % {"starts": starts, "ends": ends}


def place_words(places: int) -> str:
    """E.g. 1 → "1 place", 3 → "3 places"."""
    return ngettext("%(count)s place", "%(count)s places", places) % {"count": places}
