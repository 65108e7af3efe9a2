"""The email that tells someone on a waiting list that places are held for them.

Sent after the offer committed. A message the mail backend refuses (or that cannot be built)
marks the entry `offer_email_failed`, which staff see beside it; the offer stands either way.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import get_connection
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from overture.organisations.mail import email_message

from .models import WaitingListEntry

logger = logging.getLogger(__name__)


def send_offers(entry_ids: Sequence[int], *, site_url: str = "") -> int:
    """Email each of these offers still standing; how many the mail backend accepted."""
    base = (site_url or settings.OVERTURE_SITE_URL).rstrip("/")
    entries = WaitingListEntry.objects.filter(
        pk__in=list(entry_ids), status=WaitingListEntry.Status.OFFERED
    ).select_related("participant__user", "activity__organisation")
    sent, failed = 0, []
    connection = get_connection()
    try:
        for entry in entries:
            if _send(entry, base, connection):
                sent += 1
            else:
                failed.append(entry.pk)
    finally:
        connection.close()
    WaitingListEntry.objects.filter(pk__in=failed).update(offer_email_failed=True)
    return sent


def _send(entry: WaitingListEntry, base: str, connection) -> bool:
    """Whether the backend accepted the offer's message (or there is no address to write to)."""
    address = entry.participant.user.email
    if not address:
        return False
    activity = entry.activity
    body = render_to_string(
        "audience/email/waiting_list_offer.txt",
        {
            "entry": entry,
            "name": entry.participant.display_name,
            "activity": activity,
            "organisation": activity.organisation,
            "url": base + activity.get_absolute_url(),
        },
    )
    subject = _("A place is held for you at %(activity)s — %(organisation)s") % {
        "activity": activity.title,
        "organisation": activity.organisation.name,
    }
    try:
        return bool(connection.send_messages([email_message(subject, body, [address])]))
    except Exception:  # whatever the backend raises, the offer stands and staff see the failure
        logger.exception("Could not email the waiting-list offer %s", entry.pk)
        return False
