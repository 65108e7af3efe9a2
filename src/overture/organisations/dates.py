"""Dates and times in the active language's words and order (British English by default)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone, translation

SOURCE_LANGUAGE = "en-gb"

# The site's own named styles, beside Django's DATE_FORMAT, TIME_FORMAT and DATETIME_FORMAT;
# each language's module under overture.formats may set them.
STYLES = (
    "WEEKDAY_DATE_STYLE",
    "WEEKDAY_DATETIME_STYLE",
    "LONG_DATE_STYLE",
    "LONG_DATETIME_STYLE",
)


def format_for(style: str) -> str:
    """The date format the active language gives a named style or Django format name.

    A language whose format module lacks one of the site's styles borrows the British one.
    """
    if style not in STYLES:
        return formats.get_format(style)
    for language in (translation.get_language(), SOURCE_LANGUAGE):
        for module in formats.get_format_modules(language):
            if hasattr(module, style):
                return getattr(module, style)
    raise ValueError(f"No date format named {style}")


def local_date(value: date | datetime, style: str = "DATE_FORMAT") -> str:
    """A date or moment, in the site's time zone, in the named style of the active language."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, format_for(style))
