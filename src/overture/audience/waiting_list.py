"""The waiting list of a full activity: joining and leaving it, offers of freed places, and
taking or declining them.

Every write locks the activity row first, as registering and cancelling do, so offers,
acceptances and cancellations queue up behind each other: places booked plus places held by
live offers never pass the capacity, and a freed place is never offered twice. Offers past
their hold expire whenever the activity's list is read or written (and from the
`expire_waiting_list_offers` command), and their places go down the list. Offer emails go out
after the transaction commits; a failed send is marked on the entry for staff, and the offer
stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overture.organisations.refusals import Refusal
from overture.season.models import Activity

from .models import Participant, Registration, WaitingListEntry
from .wording import date_words, time_words

__all__ = [
    "WaitingListRefused",
    "WaitingPlace",
    "accept",
    "decline",
    "entries_for_staff",
    "expire_overdue_offers",
    "free_places",
    "hold_until",
    "join",
    "leave",
    "offer_freed_places",
    "places_held_by_offers",
    "settle_if_due",
    "waiting_place",
    "waiting_places_of",
    "with_offer_counts",
]

T = TypeVar("T")
Status = WaitingListEntry.Status
SOON = timedelta(hours=48)  # an activity starting this soon gets the short hold
SHORT_HOLD = timedelta(hours=2)
STAFF_LIST_LIMIT = 200
LIVE = [str(status) for status in WaitingListEntry.LIVE]


class WaitingListRefused(Refusal):
    """A waiting-list step that cannot be taken; the message is shown to the participant."""


# Reads ---------------------------------------------------------------------------------------


def _live_offers(activity_id: int, now: datetime) -> QuerySet[WaitingListEntry]:
    return WaitingListEntry.objects.filter(
        activity_id=activity_id, status=Status.OFFERED, offer_expires_at__gt=now
    )


def _held(activity_id: int, now: datetime) -> int:
    total = _live_offers(activity_id, now).aggregate(total=Coalesce(Sum("places"), 0))
    return total["total"]


def _offers_sum(now: datetime, *, live: bool) -> Coalesce:
    when = {"offer_expires_at__gt" if live else "offer_expires_at__lte": now}
    offers = (
        WaitingListEntry.objects.filter(activity=OuterRef("pk"), status=Status.OFFERED, **when)
        .order_by()
        .values("activity")
        .annotate(total=Sum("places"))
        .values("total")
    )
    return Coalesce(Subquery(offers), 0)


def with_offer_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Annotate `places_held` (by live offers) and `places_overdue` (by offers past their hold,
    which settle_if_due passes on), so a page needs no query of its own for them."""
    now = timezone.now()
    return activities.annotate(
        places_held=_offers_sum(now, live=True),
        places_overdue=_offers_sum(now, live=False),
        has_waiting_list=Exists(WaitingListEntry.objects.filter(activity=OuterRef("pk"))),
    )


def leave_on_booking(participant: Participant, activity_id: int) -> None:
    """Someone who booked places straight away waits no longer; places an offer held for them
    go down the list once the booking commits. Call with the activity row locked."""
    live = WaitingListEntry.objects.filter(
        participant=participant, activity_id=activity_id, status__in=LIVE
    )
    had_offer = live.filter(status=Status.OFFERED).exists()
    if live.update(status=Status.LEFT) and had_offer:
        transaction.on_commit(partial(offer_freed_places, activity_id), robust=True)


def with_places_held(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Annotate `places_held` by live offers, for cards that say how many places are left."""
    return activities.annotate(places_held=_offers_sum(timezone.now(), live=True))


def places_held_by_offers(activity: Activity) -> int:
    """Places offered to people on the waiting list whose hold has not ended yet."""
    return _held(activity.pk, timezone.now())


def _unheld(activity: Activity, now: datetime) -> int:
    """Places neither booked nor held by a live offer; below zero once staff cut the capacity
    under what is booked and held."""
    return activity.capacity - activity.places_taken - _held(activity.pk, now)


def free_places(activity: Activity) -> int:
    """Places nobody has booked and no offer holds: what can be booked straight away."""
    return max(_unheld(activity, timezone.now()), 0)


def _with_position(entries: QuerySet[WaitingListEntry]) -> QuerySet[WaitingListEntry]:
    """Annotate each entry with its place in line: live entries that joined before it, + 1."""
    ahead = (
        WaitingListEntry.objects.filter(activity=OuterRef("activity"), status__in=LIVE)
        .filter(
            Q(joined_at__lt=OuterRef("joined_at"))
            | Q(joined_at=OuterRef("joined_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return entries.annotate(position=Coalesce(Subquery(ahead), 0) + 1)


@dataclass(frozen=True)
class WaitingPlace:
    """A participant's live entry on an activity's waiting list, with their place in line."""

    entry: WaitingListEntry
    position: int  # 1 for the first in line

    @property
    def offered(self) -> bool:
        return self.entry.status == Status.OFFERED


def waiting_place(participant: Participant | None, activity: Activity) -> WaitingPlace | None:
    """The participant's live entry for the activity and their place in line; one query."""
    if participant is None:
        return None
    entry = (
        _with_position(WaitingListEntry.objects.filter(participant=participant, activity=activity))
        .filter(status__in=LIVE)
        .first()
    )
    return WaitingPlace(entry, entry.position) if entry else None


def waiting_places_of(participant: Participant, site_url: str = "") -> list[WaitingPlace]:
    """The participant's live entries at activities still to come, soonest first.

    Their offers past the hold expire first (and the places go down the list).
    """
    now = timezone.now()
    overdue = WaitingListEntry.objects.filter(
        participant=participant, status=Status.OFFERED, offer_expires_at__lte=now
    ).values_list("activity_id", flat=True)
    for activity_id in sorted(set(overdue)):
        offer_freed_places(activity_id, site_url)
    entries = _with_position(
        WaitingListEntry.objects.filter(
            participant=participant,
            status__in=LIVE,
            activity__ends_at__gte=timezone.now(),
        )
        .filter(activity__status=Activity.Status.PUBLISHED)
        .select_related("activity")
        .order_by("activity__starts_at", "activity_id")
    )
    return [WaitingPlace(entry, entry.position) for entry in entries]


def entries_for_staff(activity: Activity) -> list[WaitingListEntry]:
    """The activity's waiting list for staff: the live entries in line, then the rest newest
    first, at most STAFF_LIST_LIMIT of them; one query (none when the activity was read
    with_offer_counts and nobody ever joined its list)."""
    if getattr(activity, "has_waiting_list", True) is False:
        return []
    return list(
        WaitingListEntry.objects.filter(activity=activity)
        .select_related("participant")
        .annotate(is_live=Case(When(status__in=LIVE, then=Value(1)), default=Value(0)))
        .order_by("-is_live", "joined_at", "id")[:STAFF_LIST_LIMIT]
    )


# Writes --------------------------------------------------------------------------------------


def hold_until(activity: Activity, now: datetime) -> datetime:
    """When an offer made now stops holding its places.

    WAITING_LIST_HOLD_HOURS after the offer, but at most SHORT_HOLD when the activity starts
    within SOON (so that freed places still find someone), and never after the activity ends.
    """
    hold = timedelta(hours=settings.WAITING_LIST_HOLD_HOURS)
    if activity.starts_at - now <= SOON:
        hold = min(hold, SHORT_HOLD)
    return min(now + hold, activity.ends_at)


def _closed(activity: Activity, now: datetime) -> str | None:
    """Why the activity's waiting list takes nobody new and offers nothing, if it does not."""
    if activity.status == Activity.Status.CANCELLED:
        return _("This activity has been cancelled, so its waiting list is closed.")
    if activity.status != Activity.Status.PUBLISHED:
        return _("This activity is not open for registration yet.")
    if activity.ends_at <= now:
        return _("This activity has already taken place.")
    return None


@dataclass
class Settled:
    """What settling an activity's waiting list did."""

    expired: int = 0
    offered: list[int] = field(default_factory=list)


def _settle(activity: Activity, now: datetime) -> Settled:
    """Expire overdue offers, then offer the free places down the list in joining order.

    An entry whose places do not fit into what is free is passed over (it keeps its place in
    line) and the next one is tried. Call with the activity row locked and freshly read.
    """
    entries = WaitingListEntry.objects.filter(activity=activity)
    settled = Settled(expired=_expire(activity, now))
    if _closed(activity, now):
        return settled
    # Someone who took a place straight away no longer waits for one.
    has_place = Registration.objects.filter(
        activity=activity, participant=OuterRef("participant"), status=Registration.Status.CONFIRMED
    )
    entries.filter(Exists(has_place), status__in=LIVE).update(status=Status.LEFT, updated_at=now)
    free = _unheld(activity, now)
    if free < 0:
        _withdraw_offers(activity, now, -free)
    if free <= 0:
        return settled
    waiting = entries.filter(status=Status.WAITING, places__lte=free).order_by("joined_at", "id")
    for pk, places in waiting.values_list("pk", "places").iterator():
        if places <= free:
            settled.offered.append(pk)
            free -= places
        if free == 0:
            break
    if settled.offered:
        WaitingListEntry.objects.filter(pk__in=settled.offered).update(
            status=Status.OFFERED,
            offered_at=now,
            offer_expires_at=hold_until(activity, now),
            offer_email_failed=False,
            updated_at=now,
        )
    return settled


def _expire(activity: Activity, now: datetime) -> int:
    """Mark the activity's offers past their hold as expired; how many there were."""
    return WaitingListEntry.objects.filter(
        activity=activity, status=Status.OFFERED, offer_expires_at__lte=now
    ).update(status=Status.EXPIRED, updated_at=now)


def _withdraw_offers(activity: Activity, now: datetime, places: int) -> None:
    """Put the latest offers back in line until `places` fewer are held.

    Only needed when staff cut the capacity below the places booked and held; the people
    keep their place in line and are offered again first when places free.
    """
    withdrawn = []
    for pk, held in (
        _live_offers(activity.pk, now)
        .order_by("-offered_at", "-joined_at", "-id")
        .values_list("pk", "places")
    ):
        if places <= 0:
            break
        withdrawn.append(pk)
        places -= held
    WaitingListEntry.objects.filter(pk__in=withdrawn).update(
        status=Status.WAITING, offered_at=None, offer_expires_at=None, updated_at=now
    )


def _locked(activity_id: int, organisation_id: int | None = None) -> Activity | None:
    activities = Activity.objects.select_for_update().filter(pk=activity_id)
    if organisation_id is not None:
        activities = activities.filter(organisation_id=organisation_id)
    return activities.first()


def _settle_and_tell(activity: Activity, now: datetime, site_url: str) -> Settled:
    """Settle the list and email the new offers once the transaction commits."""
    settled = _settle(activity, now)
    if settled.offered:
        from .waiting_list_emails import send_offers  # emails render templates: load on need

        transaction.on_commit(
            partial(send_offers, list(settled.offered), site_url=site_url), robust=True
        )
    return settled


@transaction.atomic
def offer_freed_places(activity_id: int, site_url: str = "") -> list[int]:
    """Offer the activity's free places down its waiting list; the ids of the new offers.

    Call after anything that frees places (a cancellation, fewer places booked, a higher
    capacity, an offer declined or expired), once that has committed.
    """
    activity = _locked(activity_id)
    if activity is None:
        return []
    return _settle_and_tell(activity, timezone.now(), site_url).offered


def offer_after_capacity_saved(activity_id: int, **_signal: object) -> None:
    """Staff saved the activity (`season.signals.capacity_saved`): once that commits, offer
    the places a higher capacity freed."""
    transaction.on_commit(partial(offer_freed_places, activity_id), robust=True)


def settle_if_due(activity: Activity, site_url: str = "") -> bool:
    """Before showing the activity's waiting list: pass on the places of overdue offers.

    Whether there were any. Uses `places_overdue` when the activity was read
    with_offer_counts.
    """
    overdue = getattr(activity, "places_overdue", None)
    if overdue is None:
        overdue = WaitingListEntry.objects.filter(
            activity=activity, status=Status.OFFERED, offer_expires_at__lte=timezone.now()
        ).exists()
    if overdue:
        offer_freed_places(activity.pk, site_url)
    return bool(overdue)


def expire_overdue_offers(site_url: str = "") -> tuple[int, int]:
    """Expire every overdue offer and pass its places on; (offers expired, offers made)."""
    activity_ids = (
        WaitingListEntry.objects.filter(status=Status.OFFERED, offer_expires_at__lte=timezone.now())
        .values_list("activity_id", flat=True)
        .distinct()
    )
    expired = offered = 0
    for activity_id in sorted(set(activity_ids)):
        with transaction.atomic():
            activity = _locked(activity_id)
            if activity is None:  # deleted meanwhile
                continue
            settled = _settle_and_tell(activity, timezone.now(), site_url)
        expired += settled.expired
        offered += len(settled.offered)
    return expired, offered


def _live_entry(participant: Participant, activity: Activity) -> WaitingListEntry | None:
    return WaitingListEntry.objects.filter(
        participant=participant, activity=activity, status__in=LIVE
    ).first()


def _has_place(participant: Participant, activity: Activity) -> bool:
    return Registration.objects.filter(
        participant=participant, activity=activity, status=Registration.Status.CONFIRMED
    ).exists()


def _refused_after_commit(outcome: T | str) -> T:
    """The outcome of a step, or WaitingListRefused with its message.

    Steps return their refusal instead of raising it inside their transaction, so that what
    they settled on the way (expired offers, new offers and their emails) is kept.
    """
    if isinstance(outcome, str):
        raise WaitingListRefused(outcome)
    return outcome


def join(
    participant: Participant, activity_id: int, places: int, site_url: str = ""
) -> WaitingListEntry:
    """Put the participant on the activity's waiting list for `places` places, or raise
    WaitingListRefused. Joining again while on the list changes nothing."""
    return _refused_after_commit(_join(participant, activity_id, places, site_url))


@transaction.atomic
def _join(
    participant: Participant, activity_id: int, places: int, site_url: str
) -> WaitingListEntry | str:
    activity = Activity.objects.select_for_update().get(
        pk=activity_id, organisation_id=participant.organisation_id
    )
    now = timezone.now()
    _settle_and_tell(activity, now, site_url)
    entry = _live_entry(participant, activity)
    if entry is not None:
        return entry
    if reason := _closed(activity, now):
        return reason
    if _has_place(participant, activity):
        return _("You already have a place at %(activity)s.") % {"activity": activity.title}
    most = activity.places_per_booking
    if not 1 <= places <= most:
        if most == 1:
            return _("You can wait for 1 place at this activity.")
        return _("Choose how many places you are waiting for: from 1 to %(most)s.") % {"most": most}
    free = _unheld(activity, now)
    if free >= places:
        return ngettext(
            "There is still %(free)s place left, so you can register straight away instead "
            "of waiting.",
            "There are still %(free)s places left, so you can register straight away instead "
            "of waiting.",
            free,
        ) % {"free": free}
    return WaitingListEntry.objects.create(
        participant=participant, activity=activity, places=places
    )


def _step_out(
    participant: Participant,
    activity_id: int,
    status: str,
    from_statuses: Iterable[str],
    site_url: str,
) -> WaitingListEntry | None:
    activity = Activity.objects.select_for_update().get(
        pk=activity_id, organisation_id=participant.organisation_id
    )
    now = timezone.now()
    _expire(activity, now)  # an offer past its hold can no longer be declined
    entry = WaitingListEntry.objects.filter(
        participant=participant, activity=activity, status__in=list(from_statuses)
    ).first()
    if entry is not None:
        entry.status = status
        entry.save(update_fields=["status", "updated_at"])
    _settle_and_tell(activity, now, site_url)
    return entry


@transaction.atomic
def leave(
    participant: Participant, activity_id: int, site_url: str = ""
) -> WaitingListEntry | None:
    """Take the participant off the waiting list (an offer they hold goes to the next person).

    Leaving twice, or without being on the list, is harmless: None.
    """
    return _step_out(participant, activity_id, Status.LEFT, LIVE, site_url)


@transaction.atomic
def decline(
    participant: Participant, activity_id: int, site_url: str = ""
) -> WaitingListEntry | None:
    """Turn down the places offered; they go to the next person. None without a live offer."""
    return _step_out(participant, activity_id, Status.DECLINED, [Status.OFFERED], site_url)


def accept(participant: Participant, activity_id: int, site_url: str = "") -> Registration:
    """Take the places offered: a confirmed registration for them, or WaitingListRefused.

    Accepting twice is harmless: the place taken the first time comes back.
    """
    return _refused_after_commit(_accept(participant, activity_id, site_url))


@transaction.atomic
def _accept(participant: Participant, activity_id: int, site_url: str) -> Registration | str:
    activity = Activity.objects.select_for_update().get(
        pk=activity_id, organisation_id=participant.organisation_id
    )
    now = timezone.now()
    _settle_and_tell(activity, now, site_url)
    registration = Registration.objects.filter(participant=participant, activity=activity).first()
    if registration is not None and registration.status == Registration.Status.CONFIRMED:
        return registration
    entry = (
        WaitingListEntry.objects.filter(participant=participant, activity=activity)
        .order_by("-joined_at", "-id")
        .first()
    )
    if entry is None or entry.status != Status.OFFERED:
        return _no_offer(activity, entry)
    if reason := _closed(activity, now):
        return reason
    if activity.places_taken + entry.places > activity.capacity:  # settling rules this out
        return _("Sorry, these places are no longer free.")
    return _book(activity, entry, registration)


def _no_offer(activity: Activity, entry: WaitingListEntry | None) -> str:
    if entry is not None and entry.status == Status.EXPIRED:
        ended = entry.offer_expires_at
        return _(
            "Sorry, we held the places for you until %(time)s on %(date)s, so they have gone "
            "to the next person on the waiting list. You can join the list again."
        ) % {"time": time_words(ended), "date": date_words(ended)}
    return _("No place at %(activity)s is being held for you.") % {"activity": activity.title}


def _book(
    activity: Activity, entry: WaitingListEntry, registration: Registration | None
) -> Registration:
    """Turn a held offer into a confirmed registration for its places."""
    if registration is None:
        registration = Registration.objects.create(
            participant_id=entry.participant_id, activity=activity, places=entry.places
        )
    else:
        registration.status = Registration.Status.CONFIRMED
        registration.places = entry.places
        registration.save(update_fields=["status", "places", "updated_at"])
    Activity.objects.filter(pk=activity.pk).update(places_taken=F("places_taken") + entry.places)
    entry.status = Status.ACCEPTED
    entry.save(update_fields=["status", "updated_at"])
    return registration
