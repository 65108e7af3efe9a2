"""Telling both sides of a published pair whom to meet, where and when — once each.

The “once” is kept by the database, not by the mail server: a side's `…_notified_at` is
stamped in the publishing transaction (only where it was empty), and the email is handed
to Django's mail backend when that transaction commits. A rolled-back publish sends
nothing; publishing again finds the stamps and sends nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import BuddyPair, first_name

BATCH = 500


def notify_pairs(pair_ids: Sequence[int], *, site_url: str, now: datetime) -> int:
    """Stamp and schedule the notifications not yet sent for these pairs; returns how many.

    Call inside the transaction that publishes the pairs, with their rows locked.
    """
    messages: list[EmailMessage] = []
    for start in range(0, len(pair_ids), BATCH):
        chunk = list(pair_ids[start : start + BATCH])
        pairs = list(
            BuddyPair.objects.filter(pk__in=chunk)
            .select_related(
                "request__participant__user",
                "request__participant__organisation",
                "buddy__participant__user",
                "meeting_activity",
            )
            .prefetch_related("request__practices")
        )
        for side in ("newcomer", "buddy"):
            stamp = f"{side}_notified_at"
            due = [p for p in pairs if getattr(p, stamp) is None]
            BuddyPair.objects.filter(
                pk__in=[p.pk for p in due], **{f"{stamp}__isnull": True}
            ).update(**{stamp: now})
            messages += [m for p in due if (m := _message(p, side, site_url)) is not None]
    if messages:
        transaction.on_commit(lambda: _send(messages))
    return len(messages)


def _send(messages: list[EmailMessage]) -> None:
    with get_connection() as connection:
        connection.send_messages(messages)


def _message(pair: BuddyPair, side: str, site_url: str) -> EmailMessage | None:
    newcomer, buddy = pair.request.participant, pair.buddy.participant
    person = newcomer if side == "newcomer" else buddy
    address = person.user.email
    if not address:
        return None
    organisation = newcomer.organisation
    page = "buddies" if side == "newcomer" else "my_newcomers"
    context = {
        "pair": pair,
        "organisation": organisation,
        "newcomer_name": first_name(newcomer),
        "buddy_name": first_name(buddy),
        "practices": ", ".join(p.name for p in pair.request.practices.all()),
        "url": site_url.rstrip("/") + reverse(page, kwargs={"org": organisation.slug}),
    }
    where = pair.meeting_activity.title if pair.meeting_activity else "the season"
    subject = (
        f"Your buddy at {where}"
        if side == "newcomer"
        else f"You are buddy to a newcomer at {where}"
    )
    body = render_to_string(f"buddies/email/{side}.txt", context)
    return EmailMessage(
        subject=f"{subject} — {organisation.name}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
