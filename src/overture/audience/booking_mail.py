"""Emails about a booking: the confirmation, a change of places, and a cancellation.

Each carries the calendar entry (.ics) and, while the place is held, the ticket's QR code.
They go out once the booking's transaction has committed; a message the mail backend
refuses is logged and nothing else: the booking stands, and the person's page shows the
ticket and the calendar link whatever happened to the email.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overture.organisations.mail import email_message

from . import ics
from .models import Registration
from .tickets import ticket_code, ticket_png
from .wording import place_words, when_words

logger = logging.getLogger(__name__)


class BookingEvent(StrEnum):
    """What happened to the booking, and so which email tells of it."""

    BOOKED = "booked"
    CHANGED = "changed"
    CANCELLED = "cancelled"


def subject_words(event: BookingEvent, places: int, title: str) -> str:
    """E.g. "Your place at Mahler 5", "Your 3 places at Mahler 5 are cancelled"."""
    if event == BookingEvent.CHANGED:
        subject = _("Your booking at %(title)s has changed")
    elif event == BookingEvent.BOOKED:
        subject = (
            _("Your place at %(title)s")
            if places == 1
            else ngettext(
                "Your %(count)s place at %(title)s", "Your %(count)s places at %(title)s", places
            )
        )
    else:
        subject = (
            _("Your place at %(title)s is cancelled")
            if places == 1
            else ngettext(
                "Your %(count)s place at %(title)s is cancelled",
                "Your %(count)s places at %(title)s are cancelled",
                places,
            )
        )
    return subject % {"title": title, "count": places}


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related(
            "participant__user", "activity__organisation", "participant__organisation"
        )
        .filter(pk=registration_id)
        .first()
    )


def links(registration: Registration, site_url: str) -> dict[str, str]:
    """The absolute links a booking email and calendar entry point to."""
    site = site_url.rstrip("/")
    org = registration.activity.organisation.slug
    pk = registration.activity_id
    return {
        "activity_url": site + reverse("activity", kwargs={"org": org, "pk": pk}),
        "ticket_url": site + reverse("ticket", kwargs={"org": org, "pk": pk}),
        "my_activities_url": site + reverse("my_activities", kwargs={"org": org}),
    }


def entry_description(registration: Registration, urls: dict[str, str], code: str) -> str:
    """The calendar entry's description: places, ticket code, and where to see the booking."""
    places = registration.places
    lines = [
        ngettext(
            "%(count)s place booked by %(who)s.", "%(count)s places booked by %(who)s.", places
        )
        % {"count": places, "who": registration.participant}
    ]
    if code:
        lines.append(_("Ticket code: %(code)s") % {"code": code})
    lines += [
        _("Your ticket: %(url)s") % {"url": urls["ticket_url"]},
        _("My activities: %(url)s") % {"url": urls["my_activities_url"]},
    ]
    return "\n".join(lines)


def calendar_file(registration: Registration, site_url: str) -> bytes:
    """The registration's calendar entry, as booked or as cancelled."""
    cancelled = registration.status == Registration.Status.CANCELLED
    urls = links(registration, site_url)
    code = "" if cancelled else ticket_code(registration)
    return ics.calendar_file(
        registration,
        activity_url=urls["activity_url"],
        description=entry_description(registration, urls, code),
        cancelled=cancelled,
    )


def message(registration: Registration, event: BookingEvent, site_url: str) -> EmailMessage:
    """The email telling the registrant what happened to their booking."""
    activity = registration.activity
    cancelled = event == BookingEvent.CANCELLED
    code = "" if cancelled else ticket_code(registration)
    context = {
        "event": str(event),
        "name": registration.participant.display_name,
        "organisation": activity.organisation,
        "activity": activity,
        "when": when_words(activity.starts_at, activity.ends_at),
        "places": place_words(registration.places),
        "ticket_code": code,
        **links(registration, site_url),
    }
    body = render_to_string("audience/email/booking.txt", context)
    subject = _("%(subject)s — %(organisation)s") % {
        "subject": subject_words(event, registration.places, activity.title),
        "organisation": activity.organisation.name,
    }
    email = email_message(subject, body, [registration.participant.user.email])
    email.attach(
        f"{slugify(activity.title)[:40] or 'activity'}.ics",
        calendar_file(registration, site_url),
        f"{ics.CONTENT_TYPE}; method={'CANCEL' if cancelled else 'PUBLISH'}",
    )
    if code:
        email.attach("ticket.png", ticket_png(code), "image/png")
    return email


def send(registration_id: int, event: BookingEvent, site_url: str) -> bool:
    """Send the email now; False (logged) when it could not be sent or had nowhere to go."""
    registration = _registration(registration_id)
    if registration is None or not registration.participant.user.email:
        return False
    try:
        return bool(message(registration, event, site_url).send())
    except Exception:  # whatever the backend raises, the booking stands
        logger.exception("Could not send the %s email for registration %s", event, registration_id)
        return False


def send_after_commit(registration: Registration, event: BookingEvent, *, site_url: str) -> None:
    """Send once the current transaction commits (now, outside one), so a booking that rolls
    back sends nothing."""
    pk = registration.pk
    transaction.on_commit(lambda: send(pk, event, site_url))
