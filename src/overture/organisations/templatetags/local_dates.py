"""`{{ moment|local_date:"LONG_DATETIME_STYLE" }}`: a date in the active language's style."""

from __future__ import annotations

from datetime import date

from django import template

from overture.organisations import dates

register = template.Library()


@register.filter(expects_localtime=True)
def local_date(value: date | None, style: str = "DATE_FORMAT") -> str:
    if not value:
        return ""
    return dates.local_date(value, style)
