"""Tickets: a signed code per registration, shown as text and as a QR code.

The code names the organisation and the registration and carries a signature made with the
site's secret key under a salt of its own, so a code cannot be made up, altered, or taken
to another organisation. Staff at the door read it back with `registration_from_ticket`.
"""

from __future__ import annotations

import io

import segno
from django.core import signing
from django.utils.html import escape

from overture.organisations.models import Organisation

from .models import Registration

__all__ = [
    "TICKET_CODE_LIMIT",
    "registration_from_ticket",
    "ticket_code",
    "ticket_png",
    "ticket_svg",
]

SALT = "overture.audience.ticket"
TICKET_CODE_LIMIT = 120  # far longer than any code made here; longer input is refused unread
_signer = signing.Signer(salt=SALT)


def ticket_code(registration: Registration) -> str:
    """The registration's ticket code, e.g. ``3-41:Yq0…``; the same every time it is asked."""
    # The activity's organisation is the participant's (registering checks it), and the
    # activity is at hand wherever a ticket is shown.
    organisation_id = registration.activity.organisation_id
    return _signer.sign(f"{organisation_id}-{registration.pk}")


def registration_from_ticket(organisation: Organisation, code: str) -> Registration | None:
    """The registration a ticket code stands for, or None for a forged, altered, or another
    organisation's code.

    The registration comes back whatever its status: the caller says whether a cancelled
    place still admits anyone.
    """
    code = (code or "").strip()
    if not code or len(code) > TICKET_CODE_LIMIT:
        return None
    try:
        value = _signer.unsign(code)
    except signing.BadSignature:
        return None
    organisation_part, _, registration_part = value.partition("-")
    if not (organisation_part.isdigit() and registration_part.isdigit()):
        return None
    if int(organisation_part) != organisation.pk:
        return None
    return (
        Registration.objects.filter(
            pk=int(registration_part),
            participant__organisation=organisation,
            activity__organisation=organisation,
        )
        .select_related("participant", "activity")
        .first()
    )


def _qr(code: str) -> segno.QRCode:
    return segno.make(code, error="m")


def ticket_svg(code: str, title: str) -> str:
    """The ticket code as an inline SVG QR code, named for screen readers by `title`."""
    svg = _qr(code).svg_inline(border=4, title=title, svgclass="ticket-qr", omitsize=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


def ticket_png(code: str) -> bytes:
    """The ticket code as a PNG QR code, to attach to an email."""
    buffer = io.BytesIO()
    _qr(code).save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()
