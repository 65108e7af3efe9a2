"""Telling both sides of a published pair whom to meet, where and when; and telling the
buddy when the newcomer gave up their place, so the pair ended.

A side's `…_notified_at` is stamped only once Django's mail backend accepted its message.
A message the backend refuses (or that cannot be built) leaves the side unsent, with the
failure on the pair (`notify_failed_at`, `notify_error`) for staff to see and send again.
Pairs are locked while their messages go out, so two senders never send one message twice;
a sender that skips a locked pair leaves it to the one holding it. The message that the
newcomer can no longer come is tracked the same way, by `buddy_told_left_at`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from overture.organisations.mail import email_message, safe_header
from overture.organisations.models import Organisation

from .models import BuddyPair, first_name

BATCH = 100
SIDES = ("newcomer", "buddy")
ERROR_LIMIT = BuddyPair._meta.get_field("notify_error").max_length


@dataclass(frozen=True)
class Delivery:
    """What one sending did: messages the backend accepted, and messages that failed."""

    sent: int = 0
    failed: int = 0

    def __add__(self, other: Delivery) -> Delivery:
        return Delivery(self.sent + other.sent, self.failed + other.failed)


def _unsent() -> Q:
    return Q(newcomer_notified_at__isnull=True) | Q(buddy_notified_at__isnull=True)


def pending_pairs(organisation: Organisation | None = None) -> QuerySet[BuddyPair]:
    """Published or accepted pairs with a side not yet told (never sent, or sending failed)."""
    pairs = BuddyPair.objects.filter(_unsent(), status__in=BuddyPair.COMMITTED)
    if organisation is not None:
        pairs = pairs.filter(request__participant__organisation=organisation)
    return pairs.order_by("pk")


def _left_unsent() -> Q:
    # Only a buddy who was told of the pair is told that it ended.
    return Q(
        newcomer_left_at__isnull=False,
        buddy_told_left_at__isnull=True,
        buddy_notified_at__isnull=False,
    )


def pending_left(organisation: Organisation | None = None) -> QuerySet[BuddyPair]:
    """Pairs that ended as the newcomer gave up their place, whose buddy is not told yet."""
    pairs = BuddyPair.objects.filter(_left_unsent())
    if organisation is not None:
        pairs = pairs.filter(request__participant__organisation=organisation)
    return pairs.order_by("pk")


def pending_count(organisation: Organisation) -> int:
    """How many notifications (one per side, and one per buddy of a pair that ended) of the
    organisation's pairs are not sent."""
    counts = pending_pairs(organisation).aggregate(
        **{side: Count("pk", filter=Q(**{f"{side}_notified_at__isnull": True})) for side in SIDES}
    )
    return sum(counts.values()) + pending_left(organisation).count()


def last_failure(organisation: Organisation) -> BuddyPair | None:
    """The pending pair whose sending failed most recently, for its error."""
    pending = pending_pairs(organisation) | pending_left(organisation)
    failed = pending.filter(notify_failed_at__isnull=False)
    return failed.order_by("-notify_failed_at", "-pk").first()


def send_pending(pair_ids: Sequence[int], *, site_url: str) -> Delivery:
    """Hand the messages not yet sent for these pairs to the mail backend, one at a time.

    Call outside the transaction that published the pairs (after it committed).
    """
    delivery = Delivery()
    connection = get_connection()
    try:
        for start in range(0, len(pair_ids), BATCH):
            delivery += _send_batch(list(pair_ids[start : start + BATCH]), connection, site_url)
    finally:
        connection.close()
    return delivery


def send_after_commit(pair_ids: Sequence[int], *, site_url: str) -> Delivery | None:
    """Send once the current transaction commits: now (returning what happened) when there is
    none, else on its commit (returning None), so a publish that rolls back sends nothing."""
    if transaction.get_connection().in_atomic_block:
        ids = list(pair_ids)
        transaction.on_commit(lambda: send_pending(ids, site_url=site_url))
        return None
    return send_pending(pair_ids, site_url=site_url)


@transaction.atomic
def _send_batch(ids: list[int], connection: BaseEmailBackend, site_url: str) -> Delivery:
    locked = list(
        BuddyPair.objects.select_for_update(skip_locked=True)
        .filter(_unsent(), pk__in=ids, status__in=BuddyPair.COMMITTED)
        .values_list("pk", flat=True)
    )
    pairs = (
        BuddyPair.objects.filter(pk__in=locked)
        .select_related(
            "request__participant__user",
            "request__participant__organisation",
            "buddy__participant__user",
            "meeting_activity",
        )
        .prefetch_related("request__practices")
        .order_by("pk")
    )
    delivery = Delivery()
    for pair in pairs:
        delivery += _send_pair(pair, connection, site_url)
    return delivery


def _send_pair(pair: BuddyPair, connection: BaseEmailBackend, site_url: str) -> Delivery:
    sent, errors = 0, []
    for side in SIDES:
        stamp = f"{side}_notified_at"
        if getattr(pair, stamp) is not None:
            continue
        error = _send_side(pair, side, connection, site_url)
        if error is None:
            setattr(pair, stamp, timezone.now())
            sent += 1
        else:
            errors.append(f"To the {side}: {error}")
    if errors:
        pair.notify_failed_at = timezone.now()
        pair.notify_error = safe_header(" ".join(errors), ERROR_LIMIT)
    else:
        pair.notify_failed_at, pair.notify_error = None, ""
    stamps = [f"{s}_notified_at" for s in SIDES]
    pair.save(update_fields=[*stamps, "notify_failed_at", "notify_error"])
    return Delivery(sent, len(errors))


def _send_side(
    pair: BuddyPair, side: str, connection: BaseEmailBackend, site_url: str
) -> str | None:
    """None once the backend accepted the message (or there is no address to write to),
    else why it was not sent."""
    return deliver(lambda: _message(pair, side, site_url), connection)


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
    where = pair.meeting_activity.title if pair.meeting_activity else _("the season")
    subject = (
        _("Your buddy at %(where)s — %(organisation)s")
        if side == "newcomer"
        else _("You are buddy to a newcomer at %(where)s — %(organisation)s")
    ) % {"where": where, "organisation": organisation.name}
    body = render_to_string(f"buddies/email/{side}.txt", context)
    return email_message(subject, body, [address])


def send_left(pair_ids: Sequence[int], *, site_url: str) -> Delivery:
    """Tell the buddies of these ended pairs that the newcomer can no longer come."""
    delivery = Delivery()
    connection = get_connection()
    try:
        for start in range(0, len(pair_ids), BATCH):
            batch = list(pair_ids[start : start + BATCH])
            delivery += _send_left_batch(batch, connection, site_url)
    finally:
        connection.close()
    return delivery


def send_left_after_commit(pair_ids: Sequence[int], *, site_url: str) -> None:
    """Send `send_left` once the current transaction commits (now, outside one)."""
    ids = list(pair_ids)
    if ids:
        transaction.on_commit(lambda: send_left(ids, site_url=site_url))


@transaction.atomic
def _send_left_batch(ids: list[int], connection: BaseEmailBackend, site_url: str) -> Delivery:
    locked = list(
        BuddyPair.objects.select_for_update(skip_locked=True)
        .filter(_left_unsent(), pk__in=ids)
        .values_list("pk", flat=True)
    )
    pairs = (
        BuddyPair.objects.filter(pk__in=locked)
        .select_related(
            "request__participant__organisation",
            "request__activity",
            "buddy__participant__user",
            "meeting_activity",
        )
        .order_by("pk")
    )
    delivery = Delivery()
    for pair in pairs:
        error = deliver(lambda pair=pair: _left_message(pair, site_url), connection)
        if error is None:
            pair.buddy_told_left_at = timezone.now()
            pair.notify_failed_at, pair.notify_error = None, ""
            delivery += Delivery(sent=1)
        else:
            pair.notify_failed_at = timezone.now()
            pair.notify_error = safe_header(f"To the buddy: {error}", ERROR_LIMIT)
            delivery += Delivery(failed=1)
        pair.save(update_fields=["buddy_told_left_at", "notify_failed_at", "notify_error"])
    return delivery


def deliver(build: Callable[[], EmailMessage | None], connection: BaseEmailBackend) -> str | None:
    """None once the backend accepted the message `build()` makes (or there was none to
    send), else why it was not sent."""
    try:
        message = build()
        if message is None:
            return None
        accepted = connection.send_messages([message])
    except Exception as error:  # whatever the backend raises, the message is left to send again
        return f"{type(error).__name__}: {error}"
    return None if accepted else "the mail backend did not accept the message"


def _left_message(pair: BuddyPair, site_url: str) -> EmailMessage | None:
    """The message telling the buddy that the newcomer can no longer come."""
    newcomer, buddy = pair.request.participant, pair.buddy.participant
    address = buddy.user.email
    if not address:
        return None
    organisation = newcomer.organisation
    activity = pair.meeting_activity or pair.request.activity
    where = activity.title if activity else _("the season")
    page = reverse("my_newcomers", kwargs={"org": organisation.slug})
    context = {
        "pair": pair,
        "organisation": organisation,
        "newcomer_name": first_name(newcomer),
        "buddy_name": first_name(buddy),
        "where": where,
        "url": site_url.rstrip("/") + page,
    }
    body = render_to_string("buddies/email/newcomer_left.txt", context)
    subject = _("%(newcomer)s can no longer come to %(where)s — %(organisation)s") % {
        "newcomer": context["newcomer_name"],
        "where": where,
        "organisation": organisation.name,
    }
    return email_message(subject, body, [address])
