"""A booking as a calendar entry (iCalendar, RFC 5545), for the email and the download.

One event per registration: its UID stays the same for the registration's life, and its
SEQUENCE counts up with every change (seconds since booking), so a calendar that took the
entry from the confirmation replaces it with the change, or drops it on cancellation.
"""

from __future__ import annotations

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Registration

__all__ = ["CONTENT_TYPE", "calendar_file", "event_uid"]

CONTENT_TYPE = "text/calendar"
PRODUCT = "-//Overture//Bookings//EN"


def event_uid(registration: Registration) -> str:
    """The event's UID: the same for every version of the registration's entry."""
    return f"registration-{registration.pk}@{registration.activity.organisation.slug}.overture"


def _sequence(registration: Registration) -> int:
    return max(int((registration.updated_at - registration.created_at).total_seconds()), 0)


def _location(registration: Registration) -> str:
    activity = registration.activity
    parts = [activity.where]
    if activity.venue_address and not activity.online:
        parts.append(activity.venue_address)
    return ", ".join(parts)


def calendar_file(
    registration: Registration, *, activity_url: str, description: str, cancelled: bool = False
) -> bytes:
    """The registration's entry as an .ics file: published while the place is held,
    a cancellation once it is not (METHOD:CANCEL, STATUS:CANCELLED)."""
    activity = registration.activity
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", event_uid(registration))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", activity.starts_at.astimezone(UTC))
    event.add("dtend", activity.ends_at.astimezone(UTC))
    # A cancellation outranks the booking it cancels, even within the same second.
    event.add("sequence", _sequence(registration) + cancelled)
    event.add("summary", activity.title)
    event.add("location", _location(registration))
    event.add("url", activity_url)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
