"""Reads for the buddy pages, each in a bounded number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from overture.audience.levels import participant_levels
from overture.audience.models import Participant, Registration
from overture.organisations.models import Organisation
from overture.season.models import Activity, Practice

from .models import Buddy, BuddyMessage, BuddyPair, BuddyProgramme, BuddyRequest, MatchingRun
from .wording import stored_words

LIVE = BuddyPair.LIVE
SHOWN_TO_PARTICIPANTS = BuddyPair.COMMITTED  # proposals stay with staff until published


def practices_of(organisation: Organisation) -> list[Practice]:
    """The organisation's practices in the order the forms list them."""
    return list(Practice.objects.filter(organisation=organisation).order_by("name", "pk"))


def levels_by_practice(participant: Participant | None, practices: Sequence[Practice]) -> dict:
    """Practice id → the participant's level (-1 when not known); one query."""
    levels = participant_levels(participant, [p.pk for p in practices])
    return {p.pk: int(level) for p, level in zip(practices, levels, strict=True)}


def upcoming_places(participant: Participant | None) -> QuerySet[Activity]:
    """Published activities that have not ended where the participant holds a place."""
    if participant is None:
        return Activity.objects.none()
    held = Registration.objects.filter(
        participant=participant, status=Registration.Status.CONFIRMED
    ).values("activity_id")
    return Activity.objects.published().filter(
        pk__in=held, ends_at__gte=timezone.now(), organisation_id=participant.organisation_id
    )


def buddy_of(participant: Participant | None) -> Buddy | None:
    """The participant's volunteer record with its practices and activities (3 queries)."""
    if participant is None:
        return None
    return (
        Buddy.objects.filter(participant=participant)
        .prefetch_related("practices", "activities")
        .first()
    )


def volunteer_record(participant: Participant | None) -> Buddy | None:
    """The participant's volunteer record alone (1 query)."""
    if participant is None:
        return None
    return Buddy.objects.filter(participant=participant).first()


def _live_pairs() -> QuerySet[BuddyPair]:
    return BuddyPair.objects.filter(status__in=LIVE)


def open_requests(organisation: Organisation) -> QuerySet[BuddyRequest]:
    """Active requests for the season or for a published activity that has not ended."""
    return BuddyRequest.objects.filter(
        participant__organisation=organisation, status=BuddyRequest.Status.ACTIVE
    ).filter(
        Q(activity__isnull=True)
        | Q(activity__status=Activity.Status.PUBLISHED, activity__ends_at__gte=timezone.now())
    )


def requests_of(participant: Participant | None) -> list[BuddyRequest]:
    """The participant's active requests, each with `shown_pair`: the buddy they can see.

    A pair shows once it is published, with its messages; a proposal waits for staff.
    Four queries.
    """
    if participant is None:
        return []
    shown = (
        BuddyPair.objects.filter(status__in=SHOWN_TO_PARTICIPANTS)
        .select_related("buddy__participant", "meeting_activity")
        .prefetch_related(_messages())
        .order_by("-pk")
    )
    requests = list(
        BuddyRequest.objects.filter(participant=participant, status=BuddyRequest.Status.ACTIVE)
        .select_related("activity")
        .prefetch_related("practices", Prefetch("pairs", queryset=shown, to_attr="shown_pairs"))
        .order_by("activity__starts_at", "pk")
    )
    for request in requests:
        request.shown_pair = request.shown_pairs[0] if request.shown_pairs else None
    return requests


def my_newcomers(buddy: Buddy) -> QuerySet[BuddyPair]:
    """The published and accepted pairs of a buddy, soonest meeting first."""
    return (
        BuddyPair.objects.filter(buddy=buddy, status__in=SHOWN_TO_PARTICIPANTS)
        .select_related("request__participant", "request__activity", "meeting_activity")
        .prefetch_related("request__practices", _messages())
        .order_by("meeting_activity__starts_at", "pk")
    )


def _messages() -> Prefetch:
    """A pair's messages, oldest first, as `conversation` (one query for every pair)."""
    return Prefetch(
        "messages",
        queryset=BuddyMessage.objects.select_related("sender").order_by("sent_at", "pk"),
        to_attr="conversation",
    )


def pair_for(participant: Participant, pk: int) -> BuddyPair | None:
    """A published or accepted pair the participant is one side of."""
    return (
        BuddyPair.objects.filter(pk=pk, status__in=SHOWN_TO_PARTICIPANTS)
        .filter(Q(request__participant=participant) | Q(buddy__participant=participant))
        .select_related("request__participant", "buddy__participant")
        .first()
    )


# ---- Staff ----


@dataclass(frozen=True)
class ProgrammeSummary:
    volunteers: int
    vetted: int
    awaiting_approval: int
    requests: int  # active requests for the season or an activity to come
    matched: int  # of them, those with a live pair
    proposed: int
    published: int  # published, waiting for answers
    accepted: int
    mean_level_gap: float | None

    @property
    def open_requests(self) -> int:
        """Requests still waiting for a buddy: a request with a live pair is no longer open."""
        return self.requests - self.matched

    @property
    def matched_share(self) -> float:
        return 100 * self.matched / self.requests if self.requests else 0.0


def programme_summary(organisation: Organisation) -> ProgrammeSummary:
    """The programme's figures for the staff page (3 queries)."""
    buddies = Buddy.objects.filter(participant__organisation=organisation, active=True).aggregate(
        n_volunteers=Count("pk"),
        n_vetted=Count("pk", filter=Q(vetted=True)),
        n_awaiting=Count("pk", filter=Q(approved_at__isnull=True, vetted=False)),
    )
    requests = open_requests(organisation).aggregate(
        total=Count("pk"),
        matched=Count("pk", filter=Exists(_live_pairs().filter(request=OuterRef("pk")))),
    )
    live = _live_pairs().filter(request__in=open_requests(organisation))
    pairs = live.aggregate(
        proposed=Count("pk", filter=Q(status=BuddyPair.Status.PROPOSED)),
        published=Count("pk", filter=Q(status=BuddyPair.Status.PUBLISHED)),
        accepted=Count("pk", filter=Q(status=BuddyPair.Status.ACCEPTED)),
        gap=Avg("level_gap"),
    )
    return ProgrammeSummary(
        volunteers=buddies["n_volunteers"],
        vetted=buddies["n_vetted"],
        awaiting_approval=buddies["n_awaiting"],
        requests=requests["total"],
        matched=requests["matched"],
        proposed=pairs["proposed"],
        published=pairs["published"],
        accepted=pairs["accepted"],
        mean_level_gap=pairs["gap"],
    )


NOT_MATCHED_YET = gettext_lazy("Not matched yet")


def unmatched_requests(organisation: Organisation) -> QuerySet[BuddyRequest]:
    """Open requests without a live pair, oldest first, with why the last matching failed."""
    return (
        open_requests(organisation)
        .exclude(Exists(_live_pairs().filter(request=OuterRef("pk"))))
        .select_related("participant", "activity")
        .prefetch_related("practices")
        .order_by("created_at", "pk")
    )


def unmatched_by_reason(organisation: Organisation) -> list[tuple[str, int]]:
    """(reason, requests) for the open requests without a buddy, most common first."""
    rows = (
        open_requests(organisation)
        .exclude(Exists(_live_pairs().filter(request=OuterRef("pk"))))
        .values("unmatched_code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[stored_words(row["unmatched_code"]) if row["unmatched_code"] else ""] += row["n"]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(words or NOT_MATCHED_YET, n) for words, n in ranked]


def level_gaps(organisation: Organisation) -> list[tuple[int, int]]:
    """(levels above, live pairs) for the open requests' pairs, the gap rounded to a level."""
    gaps = _live_pairs().filter(request__in=open_requests(organisation))
    counts: dict[int, int] = {}
    for gap, n in gaps.values_list("level_gap").annotate(n=Count("pk")).order_by():
        key = round(gap)
        counts[key] = counts.get(key, 0) + n
    return sorted(counts.items())


def _pairs_for_staff(organisation: Organisation) -> QuerySet[BuddyPair]:
    return (
        _live_pairs()
        .filter(request__in=open_requests(organisation))
        .select_related(
            "request__participant", "request__activity", "buddy__participant", "meeting_activity"
        )
        .prefetch_related("request__practices")
        .order_by("meeting_activity__starts_at", "request__created_at", "pk")
    )


def proposed_pairs(organisation: Organisation) -> QuerySet[BuddyPair]:
    return _pairs_for_staff(organisation).filter(status=BuddyPair.Status.PROPOSED)


def published_pairs(organisation: Organisation) -> QuerySet[BuddyPair]:
    return _pairs_for_staff(organisation).exclude(status=BuddyPair.Status.PROPOSED)


def latest_run(organisation: Organisation) -> MatchingRun | None:
    return (
        MatchingRun.objects.filter(organisation=organisation, kind=MatchingRun.Kind.STAFF)
        .select_related("activity")
        .first()
    )


def run_for_staff(organisation: Organisation, pk: int) -> MatchingRun | None:
    return (
        MatchingRun.objects.filter(organisation=organisation, pk=pk)
        .select_related("activity")
        .first()
    )


def activities_with_requests(organisation: Organisation) -> QuerySet[Activity]:
    """Upcoming published activities with active requests, for choosing what to match, with
    `open_requests`: those of them without a live pair yet."""
    active = Q(buddy_requests__status=BuddyRequest.Status.ACTIVE)
    paired = Q(buddy_requests__pairs__status__in=LIVE)
    return (
        Activity.objects.published()
        .filter(organisation=organisation, ends_at__gte=timezone.now())
        .annotate(
            requests=Count("buddy_requests", filter=active, distinct=True),
            paired_requests=Count("buddy_requests", filter=active & paired, distinct=True),
        )
        .annotate(open_requests=F("requests") - F("paired_requests"))
        .filter(requests__gt=0)
        .order_by("starts_at", "pk")
    )


def approval_needed(organisation_id: int) -> bool:
    """Whether the organisation's new volunteers wait for staff approval (yes by default)."""
    needed = BuddyProgramme.objects.filter(organisation_id=organisation_id).values_list(
        "approval_needed", flat=True
    )
    return next(iter(needed), True)


STATUS_FILTERS = {
    Buddy.Status.AWAITING: Q(active=True, vetted=False, approved_at__isnull=True),
    Buddy.Status.APPROVED: Q(active=True, vetted=False, approved_at__isnull=False),
    Buddy.Status.VETTED: Q(active=True, vetted=True),
    Buddy.Status.STOPPED: Q(active=False),
}


def volunteers(
    organisation: Organisation,
    *,
    name: str = "",
    status: str = "",
    practice_id: int | None = None,
) -> QuerySet[Buddy]:
    """Volunteers, newest first, whose name holds `name`, in `status` (a Buddy.Status; every
    volunteer still helping when empty) who offer `practice_id`, with what they offer."""
    found = Buddy.objects.filter(participant__organisation=organisation)
    found = found.filter(STATUS_FILTERS.get(status, Q(active=True)))
    if name:
        found = found.filter(participant__display_name__icontains=name)
    if practice_id is not None:
        found = found.filter(practices=practice_id)
    return (
        found.select_related("participant")
        .prefetch_related("practices")
        .annotate(live_pairs=Count("pairs", filter=Q(pairs__status__in=LIVE)))
        .order_by("-created_at", "-pk")
    )


def volunteer_for_staff(organisation: Organisation, pk: int) -> Buddy | None:
    """One volunteer with what they offer and who approved and vetted them (2 queries)."""
    return (
        Buddy.objects.filter(participant__organisation=organisation, pk=pk)
        .select_related("participant", "approved_by", "vetted_by")
        .prefetch_related("practices")
        .first()
    )


def pairs_of_volunteer(buddy: Buddy) -> QuerySet[BuddyPair]:
    """Every pair of the volunteer, current and past, newest first."""
    return (
        BuddyPair.objects.filter(buddy=buddy)
        .select_related("request__participant", "request__activity", "meeting_activity")
        .order_by("-created_at", "-pk")
    )


def pair_for_staff(organisation: Organisation, pk: int) -> BuddyPair | None:
    """Any pair of the organisation, whatever its status, for explaining what became of it."""
    return (
        BuddyPair.objects.filter(pk=pk, request__participant__organisation=organisation)
        .select_related("request__participant", "request__activity", "buddy__participant")
        .first()
    )


def messages_of(pair: BuddyPair) -> QuerySet[BuddyMessage]:
    """The pair's messages, oldest first, each with its sender."""
    return BuddyMessage.objects.filter(pair=pair).select_related("sender").order_by("sent_at", "pk")
