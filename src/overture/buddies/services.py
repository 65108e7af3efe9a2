"""Writes for the buddy programme: volunteering, asking, answering, and staff decisions.

Each write is one transaction. A write that cannot go ahead raises `BuddyRefused`
(`exceptions.py`), whose message is meant for the person and whose `field` names the form
field it is about. Matching itself (runs and re-matching after a decline) lives in the
`matching` package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from overture.audience.models import Participant
from overture.organisations.models import Organisation
from overture.season.models import Level, Practice
from overture.season.wording import level_name

from . import conversation, notifications, selectors
from .exceptions import BuddyRefused
from .languages import CODES
from .matching import rematch
from .models import (
    MAX_PER_ACTIVITY,
    MAX_PER_SEASON,
    Buddy,
    BuddyPair,
    BuddyProgramme,
    BuddyRequest,
    side_of,
)

# Buddies help with practices they know well; newcomers and novices ask for help.
MIN_BUDDY_LEVEL = Level.REGULAR
MAX_REQUEST_LEVEL = Level.NOVICE


def _practice_and_level(practice: Practice, level: int) -> str:
    """E.g. "Singing in a choir (beginner)"."""
    return _("%(practice)s (%(level)s)") % {"practice": practice.name, "level": level_words(level)}


def level_words(level: int) -> str:
    """The participant's level in the words every participant page uses, e.g. "beginner"."""
    return level_name(level)


def _lock(participant: Participant) -> None:
    # Two forms sent at once queue here, so neither creates a second row.
    list(Participant.objects.select_for_update().filter(pk=participant.pk).values("pk"))


def _practices(participant: Participant, practice_ids: Iterable[int]) -> list[Practice]:
    return list(
        Practice.objects.filter(
            organisation_id=participant.organisation_id, pk__in=list(practice_ids)
        ).order_by("name", "pk")
    )


def _words(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _check_languages(languages: Iterable[str]) -> list[str]:
    codes = sorted(set(languages))
    if not codes:
        raise BuddyRefused(_("Choose at least one language you speak."), "languages")
    if unknown := [c for c in codes if c not in CODES]:
        raise BuddyRefused(
            _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}, "languages"
        )
    return codes


@transaction.atomic
def volunteer(
    participant: Participant,
    *,
    practice_ids: Iterable[int],
    languages: Iterable[str],
    activity_ids: Iterable[int] = (),
    per_activity: int = 1,
    per_season: int = 3,
) -> Buddy:
    """Offer (or update) the participant's help as a buddy; vetting stays as staff set it.

    A new volunteer awaits staff approval (and is not matched) when the organisation's
    programme asks for it, which it does unless staff turned approval off.

    Only practices the participant knows as a regular or an expert can be offered — their
    level read by the one rule (observed, else self-assessed).
    """
    _lock(participant)
    practices = _practices(participant, practice_ids)
    if not practices:
        raise BuddyRefused(
            _("Choose at least one practice you can help newcomers with."), "practices"
        )
    levels = selectors.levels_by_practice(participant, practices)
    too_new = [p for p in practices if levels[p.pk] < MIN_BUDDY_LEVEL]
    if too_new:
        named = _words([_practice_and_level(p, levels[p.pk]) for p in too_new])
        raise BuddyRefused(
            _(
                "Buddies help with practices they know as a regular or an expert. "
                "For you that is not yet the case in %(practices)s."
            )
            % {"practices": named},
            "practices",
        )
    codes = _check_languages(languages)
    if not 1 <= per_activity <= MAX_PER_ACTIVITY:
        raise BuddyRefused(
            _("At one activity you can look after 1 to %(most)s newcomers.")
            % {"most": MAX_PER_ACTIVITY},
            "per_activity",
        )
    if not per_activity <= per_season <= MAX_PER_SEASON:
        raise BuddyRefused(
            _(
                "Over the season choose between %(least)s (as many as at one activity) "
                "and %(most)s newcomers."
            )
            % {"least": per_activity, "most": MAX_PER_SEASON},
            "per_season",
        )
    activities = list(selectors.upcoming_places(participant).filter(pk__in=list(activity_ids)))
    if len(activities) != len(set(activity_ids)):
        raise BuddyRefused(
            _("You can only offer help at upcoming activities you have a place at."), "activities"
        )
    buddy = Buddy.objects.filter(participant=participant).first()
    if buddy is None:
        buddy = Buddy(participant=participant)
        if not selectors.approval_needed(participant.organisation_id):
            buddy.approved_at = timezone.now()
    buddy.languages, buddy.per_activity, buddy.per_season = codes, per_activity, per_season
    buddy.active, buddy.stopped_at = True, None
    buddy.save()
    buddy.practices.set(practices)
    buddy.activities.set(activities)
    return buddy


@transaction.atomic
def stop_volunteering(participant: Participant) -> Buddy | None:
    """Take the participant out of matching; pairs not yet published are cancelled.

    Published pairs stay: the newcomers were told, so the buddy declines them one by one.
    """
    buddy = Buddy.objects.select_for_update().filter(participant=participant).first()
    if buddy is None or not buddy.active:
        return buddy
    buddy.active, buddy.stopped_at = False, timezone.now()
    buddy.save(update_fields=["active", "stopped_at", "updated_at"])
    BuddyPair.objects.filter(buddy=buddy, status=BuddyPair.Status.PROPOSED).update(
        status=BuddyPair.Status.CANCELLED, updated_at=timezone.now()
    )
    return buddy


@transaction.atomic
def ask_for_buddy(
    participant: Participant,
    *,
    activity_id: int | None,
    practice_ids: Iterable[int],
    language: str,
    minor: bool = False,
) -> BuddyRequest:
    """Ask for a buddy at one activity the participant has a place at, or for the season.

    Buddies are for newcomers and novices: each practice asked about must read novice or
    lower for the participant (not yet known counts as newcomer).
    """
    _lock(participant)
    activity = None
    if activity_id is not None:
        activity = selectors.upcoming_places(participant).filter(pk=activity_id).first()
        if activity is None:
            raise BuddyRefused(
                _("Take a place at the activity first: your buddy meets you there."), "activity"
            )
    practices = _practices(participant, practice_ids)
    if not practices:
        raise BuddyRefused(_("Choose at least one practice you would like help with."), "practices")
    levels = selectors.levels_by_practice(participant, practices)
    known = [p for p in practices if levels[p.pk] > MAX_REQUEST_LEVEL]
    if known:
        named = _words([_practice_and_level(p, levels[p.pk]) for p in known])
        raise BuddyRefused(
            _(
                "Buddies help newcomers and beginners. You already know "
                "%(practices)s — choose the practices that are new to you."
            )
            % {"practices": named},
            "practices",
        )
    (language,) = _check_languages([language])
    duplicate = BuddyRequest.objects.filter(
        participant=participant, activity=activity, status=BuddyRequest.Status.ACTIVE
    )
    if duplicate.exists():
        already = (
            _("You have already asked for a buddy at %(activity)s.") % {"activity": activity.title}
            if activity
            else _("You have already asked for a buddy for the whole season.")
        )
        raise BuddyRefused(already, "activity")
    request = BuddyRequest.objects.create(
        participant=participant, activity=activity, language=language, minor=minor
    )
    request.practices.set(practices)
    return request


@transaction.atomic
def withdraw_request(participant: Participant, request_id: int) -> BuddyRequest | None:
    """The participant no longer needs a buddy here; any pair of the request is cancelled."""
    request = (
        BuddyRequest.objects.select_for_update()
        .filter(pk=request_id, participant=participant)
        .first()
    )
    if request is None or request.status == BuddyRequest.Status.WITHDRAWN:
        return request
    request.status = BuddyRequest.Status.WITHDRAWN
    request.withdrawn_at = timezone.now()
    request.save(update_fields=["status", "withdrawn_at"])
    BuddyPair.objects.filter(request=request, status__in=BuddyPair.LIVE).update(
        status=BuddyPair.Status.CANCELLED, updated_at=timezone.now()
    )
    return request


def end_buddy_help_at(
    participant: Participant, activity_id: int, *, site_url: str, **_signal: object
) -> None:
    """When a participant gives their place back (`audience.signals.place_given_up`, inside
    that transaction): withdraw their buddy request for the activity and end every live pair
    of theirs for it or meeting at it; once it commits, each buddy who had been told of such a
    pair is told they no longer need to meet the newcomer (see notifications)."""
    ended = _end_pairs_at(participant, activity_id)
    notifications.send_left_after_commit(ended, site_url=site_url)


def _end_pairs_at(participant: Participant, activity_id: int) -> list[int]:
    """Withdraw the participant's request for the activity and end their live pairs for it
    or meeting at it; returns the pairs whose buddy had been told of them."""
    now = timezone.now()
    requests = BuddyRequest.objects.select_for_update().filter(
        participant=participant, activity_id=activity_id, status=BuddyRequest.Status.ACTIVE
    )
    requests.update(status=BuddyRequest.Status.WITHDRAWN, withdrawn_at=now)
    pairs = list(
        BuddyPair.objects.select_for_update()
        .filter(
            Q(request__activity_id=activity_id) | Q(meeting_activity_id=activity_id),
            request__participant=participant,
            status__in=BuddyPair.LIVE,
        )
        .order_by("pk")
        .values_list("pk", "status", "buddy_notified_at")
    )
    BuddyPair.objects.filter(pk__in=[pk for pk, _, _ in pairs]).update(
        status=BuddyPair.Status.CANCELLED, updated_at=now
    )
    told = [pk for pk, status, notified in pairs if status in BuddyPair.COMMITTED and notified]
    BuddyPair.objects.filter(pk__in=told).update(newcomer_left_at=now)
    return told


@transaction.atomic
def answer_pair(participant: Participant, pair_id: int, *, accept: bool) -> BuddyPair:
    """Accept or decline a published pair, as the newcomer or as the buddy.

    When both sides have accepted, the pair is accepted. A decline ends the pair and looks
    for another buddy for that request only; accepted and locked pairs stay as they are.
    Answering the same way twice changes nothing.
    """
    pair = (
        BuddyPair.objects.select_for_update()
        .select_related("request", "buddy")
        .filter(pk=pair_id)
        .first()
    )
    side = side_of(pair, participant) if pair else None
    if side is None:
        raise BuddyRefused(_("This pairing was not found."))
    if pair.status not in BuddyPair.COMMITTED:
        raise BuddyRefused(_("This pairing is no longer open: there is nothing to answer."))
    answer = BuddyPair.Answer.ACCEPTED if accept else BuddyPair.Answer.DECLINED
    setattr(pair, f"{side}_answer", answer)
    if not accept:
        pair.status = BuddyPair.Status.DECLINED
    elif pair.newcomer_answer == pair.buddy_answer == BuddyPair.Answer.ACCEPTED:
        pair.status = BuddyPair.Status.ACCEPTED
    pair.save(update_fields=[f"{side}_answer", "status", "updated_at"])
    if not accept:
        rematch(pair)
    return pair


# ---- Staff ----


def _staff_pair(organisation: Organisation, pair_id: int) -> BuddyPair:
    pair = (
        BuddyPair.objects.select_for_update()
        .filter(pk=pair_id, request__participant__organisation=organisation)
        .first()
    )
    if pair is None:
        raise BuddyRefused(_("This pair was not found."))
    return pair


@transaction.atomic
def set_locked(organisation: Organisation, pair_id: int, locked: bool) -> BuddyPair:
    """Lock a proposed pair so that matching again keeps it, or unlock it."""
    pair = _staff_pair(organisation, pair_id)
    if pair.status != BuddyPair.Status.PROPOSED:
        raise BuddyRefused(
            _("Only proposed pairs can be locked or unlocked: this one was published.")
        )
    pair.locked = locked
    pair.save(update_fields=["locked", "updated_at"])
    return pair


def _staff_buddy(organisation: Organisation, buddy_id: int) -> Buddy:
    buddy = (
        Buddy.objects.select_for_update()
        .filter(pk=buddy_id, participant__organisation=organisation)
        .first()
    )
    if buddy is None:
        raise BuddyRefused(_("This volunteer was not found."))
    return buddy


@transaction.atomic
def approve(organisation: Organisation, buddy_id: int, *, by: User | None) -> Buddy:
    """Approve a volunteer, who is then offered for matching; approving twice changes nothing."""
    buddy = _staff_buddy(organisation, buddy_id)
    if buddy.approved_at is None:
        buddy.approved_at, buddy.approved_by = timezone.now(), by
        buddy.save(update_fields=["approved_at", "approved_by", "updated_at"])
    return buddy


@transaction.atomic
def set_vetted(
    organisation: Organisation,
    buddy_id: int,
    vetted: bool,
    *,
    by: User | None = None,
    checked_on: date | None = None,
    reference: str = "",
) -> Buddy:
    """Record that staff checked a volunteer (who may then accompany under-18s), or undo it.

    Vetting needs the date of the check and what it was (e.g. a DBS certificate number or
    “met in person”); it approves a volunteer still awaiting approval.
    """
    reference = " ".join(reference.split())
    if vetted and not reference:
        raise BuddyRefused(
            _("Say what the check was, e.g. a DBS certificate number or “met in person”."),
            "reference",
        )
    if vetted and (checked_on is None or checked_on > timezone.localdate()):
        raise BuddyRefused(_("Give the date of the check: today or earlier."), "checked_on")
    buddy = _staff_buddy(organisation, buddy_id)
    now = timezone.now()
    buddy.vetted = vetted
    buddy.vetted_at = now if vetted else None
    buddy.vetted_on = checked_on if vetted else None
    buddy.vetting_reference = reference if vetted else ""
    buddy.vetted_by = by if vetted else None
    if vetted and buddy.approved_at is None:
        buddy.approved_at, buddy.approved_by = now, by
    buddy.save(
        update_fields=[
            *("vetted", "vetted_at", "vetted_on", "vetting_reference", "vetted_by"),
            *("approved_at", "approved_by", "updated_at"),
        ]
    )
    return buddy


@transaction.atomic
def set_approval_needed(organisation: Organisation, needed: bool) -> BuddyProgramme:
    """Whether new volunteers wait for staff approval; volunteers so far stay as they are."""
    programme, _ = BuddyProgramme.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    programme.approval_needed = needed
    programme.save(update_fields=["approval_needed", "updated_at"])
    return programme


@dataclass(frozen=True)
class Published:
    """Pairs published, and what sending their notifications did (None: not sent yet, as
    the publishing ran inside a transaction that has not committed)."""

    pairs: int
    delivery: notifications.Delivery | None


def publish(organisation: Organisation, *, site_url: str) -> Published:
    """Publish every proposed pair, then tell both sides where and when to meet.

    The emails go out once the publishing committed, so a publish that rolls back sends
    nothing; each side is stamped as told only when the mail backend accepted its message
    (see notifications), so a failed send is kept to send again.
    """
    ids = _publish(organisation)
    return Published(len(ids), notifications.send_after_commit(ids, site_url=site_url))


@transaction.atomic
def _publish(organisation: Organisation) -> list[int]:
    now = timezone.now()
    ids = list(
        BuddyPair.objects.select_for_update()
        .filter(request__in=selectors.open_requests(organisation), status=BuddyPair.Status.PROPOSED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), notifications.BATCH):
        BuddyPair.objects.filter(pk__in=ids[start : start + notifications.BATCH]).update(
            status=BuddyPair.Status.PUBLISHED, published_at=now, updated_at=now
        )
    return ids


def send_notifications(organisation: Organisation, *, site_url: str) -> notifications.Delivery:
    """Send again every notification of the organisation's pairs and messages not sent."""
    ids = list(notifications.pending_pairs(organisation).values_list("pk", flat=True))
    left = list(notifications.pending_left(organisation).values_list("pk", flat=True))
    messages = list(conversation.unsent(organisation).values_list("pk", flat=True))
    return (
        notifications.send_pending(ids, site_url=site_url)
        + notifications.send_left(left, site_url=site_url)
        + conversation.send_unsent(messages, site_url=site_url)
    )
