"""Short messages between the two sides of a published pair, without sharing addresses.

Only the newcomer and the buddy of a published or accepted pair may write or read; once the
pair ended (declined, replaced, cancelled) the conversation is closed. Each message is told
to the other side by email once it committed; a message the mail backend refuses keeps its
failure (`notify_failed_at`, `notify_error`) for staff to see and send again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.audience.models import Participant
from overture.organisations.mail import email_message, safe_header
from overture.organisations.models import Organisation

from .exceptions import BuddyRefused
from .models import MAX_MESSAGE, BuddyMessage, BuddyPair, first_name, side_of
from .notifications import ERROR_LIMIT, Delivery, deliver

# The same text sent again this soon by the same person is a second click, not a new message.
REPEAT_WINDOW = timedelta(minutes=2)
NOT_OPEN = gettext_lazy("This pairing has ended, so its messages are closed.")


@transaction.atomic
def send_message(
    participant: Participant, pair_id: int, text: str, *, site_url: str
) -> BuddyMessage:
    """Send a message to the other side of the pair; they are emailed once it commits."""
    text = text.strip()
    if not text:
        raise BuddyRefused(_("Write a message first."), "text")
    if len(text) > MAX_MESSAGE:
        raise BuddyRefused(
            _("Keep it to %(most)s characters (this one has %(count)s).")
            % {"most": f"{MAX_MESSAGE:,}", "count": f"{len(text):,}"},
            "text",
        )
    pair = (
        BuddyPair.objects.select_for_update()
        .select_related("request", "buddy")
        .filter(pk=pair_id)
        .first()
    )
    if pair is None or side_of(pair, participant) is None:
        raise BuddyRefused(_("This pairing was not found."))
    if pair.status not in BuddyPair.COMMITTED:
        raise BuddyRefused(NOT_OPEN)
    repeat = (
        BuddyMessage.objects.filter(
            pair=pair, sender=participant, text=text, sent_at__gte=timezone.now() - REPEAT_WINDOW
        )
        .order_by("-sent_at")
        .first()
    )
    if repeat is not None:
        return repeat
    message = BuddyMessage.objects.create(pair=pair, sender=participant, text=text)
    transaction.on_commit(lambda: send_unsent([message.pk], site_url=site_url))
    return message


def unsent(organisation: Organisation | None = None) -> QuerySet[BuddyMessage]:
    """Messages whose email to the other side was not sent (sending failed)."""
    messages = BuddyMessage.objects.filter(notified_at__isnull=True)
    if organisation is not None:
        messages = messages.filter(pair__request__participant__organisation=organisation)
    return messages.order_by("pk")


def last_failure(organisation: Organisation) -> BuddyMessage | None:
    """The unsent message whose sending failed most recently, for its error."""
    failed = unsent(organisation).filter(notify_failed_at__isnull=False)
    return failed.order_by("-notify_failed_at", "-pk").first()


def send_unsent(message_ids: Sequence[int], *, site_url: str) -> Delivery:
    """Email the other side of each message not yet told; each is locked while it goes out."""
    delivery = Delivery()
    connection = get_connection()
    try:
        for message_id in message_ids:
            delivery += _send_one(message_id, connection, site_url)
    finally:
        connection.close()
    return delivery


@transaction.atomic
def _send_one(message_id: int, connection: BaseEmailBackend, site_url: str) -> Delivery:
    message = (
        BuddyMessage.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=message_id, notified_at__isnull=True)
        .select_related(
            "pair__request__participant__user",
            "pair__request__participant__organisation",
            "pair__buddy__participant__user",
        )
        .first()
    )
    if message is None:
        return Delivery()
    error = deliver(lambda: _email(message, site_url), connection)
    if error is None:
        message.notified_at, message.notify_failed_at, message.notify_error = (
            timezone.now(),
            None,
            "",
        )
    else:
        message.notify_failed_at = timezone.now()
        message.notify_error = safe_header(error, ERROR_LIMIT)
    message.save(update_fields=["notified_at", "notify_failed_at", "notify_error"])
    return Delivery(sent=1) if error is None else Delivery(failed=1)


def _email(message: BuddyMessage, site_url: str) -> EmailMessage | None:
    """The email telling the other side of the pair about the message."""
    pair = message.pair
    newcomer, buddy = pair.request.participant, pair.buddy.participant
    to_buddy = message.sender_id == newcomer.pk
    reader, writer = (buddy, newcomer) if to_buddy else (newcomer, buddy)
    address = reader.user.email
    if not address:
        return None
    organisation = newcomer.organisation
    page = reverse("my_newcomers" if to_buddy else "buddies", kwargs={"org": organisation.slug})
    context = {
        "organisation": organisation,
        "reader_name": first_name(reader),
        "writer_name": first_name(writer),
        "text": message.text,
        "url": site_url.rstrip("/") + page,
    }
    body = render_to_string("buddies/email/message.txt", context)
    subject = (
        _("A message from %(writer)s, your newcomer — %(organisation)s")
        if to_buddy
        else _("A message from %(writer)s, your buddy — %(organisation)s")
    ) % {"writer": context["writer_name"], "organisation": organisation.name}
    return email_message(subject, body, [address])
