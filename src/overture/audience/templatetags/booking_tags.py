"""Template helpers for bookings: the places form, the ticket and British dates and times."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from overture.audience import tickets, wording
from overture.audience.forms import PlacesForm, most_places
from overture.audience.models import Registration
from overture.season.models import Activity

register = template.Library()


@register.simple_tag
def places_form(
    activity: Activity, registration: Registration | None = None, offered: int = 0
) -> PlacesForm:
    """The form to book places at the activity, or to change those the registration holds;
    `offered` places are held for people on the waiting list."""
    held = registration.places if registration is not None else 0
    return PlacesForm(most_places(activity, held, offered), initial=held or 1)


@register.simple_tag
def ticket_code(registration: Registration) -> str:
    return tickets.ticket_code(registration)


@register.simple_tag
def ticket_qr(registration: Registration, title: str = "") -> SafeString:
    """The ticket as an inline SVG QR code, named for screen readers."""
    # segno writes the SVG itself; the only text in it (the title) is escaped.
    title = title or _("QR code of your ticket")
    return mark_safe(tickets.ticket_svg(tickets.ticket_code(registration), title))


@register.filter
def place_words(places: int) -> str:
    return wording.place_words(places)


@register.filter
def when_words(starts_at: datetime, ends_at: datetime | None = None) -> str:
    return wording.when_words(starts_at, ends_at)
