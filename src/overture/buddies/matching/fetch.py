"""Loading one matching step from the database: requests, buddies and their rows as arrays.

A step matches the open requests of one scope — an activity, or the requests for the whole
season (`SEASON`). Pairs that are published, accepted or locked by staff stay as they are:
they come along as `fixed` pairs and use their buddy's capacity. A bounded number of
queries, whatever the number of requests and buddies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from overture.audience.levels import levels_of
from overture.audience.models import Registration
from overture.buddies import selectors
from overture.buddies.models import Buddy, BuddyPair, BuddyRequest
from overture.organisations.models import Organisation
from overture.season.models import Activity, Practice

SEASON = None  # the step of the requests for the whole season


@dataclass
class Problem:
    """The rows of one engine call, and everything needed to read its answer back."""

    practice_ids: list[int]
    practice_names: list[str]
    requests: list[BuddyRequest]  # to match first, then those of the fixed pairs
    buddies: list[Buddy]
    request_levels: np.ndarray
    request_practices: np.ndarray
    request_activities: list[frozenset[int]]
    starts: dict[int, object]  # activity id → start, for the activities in request_activities
    previous: np.ndarray
    buddy_levels: np.ndarray
    helps_with: np.ndarray
    buddy_activities: list[frozenset[int]]
    capacity: np.ndarray
    fixed: list[tuple[int, int]]


def scope_requests(organisation: Organisation, activity_id: int | None) -> QuerySet[BuddyRequest]:
    """The open requests of one step: for the activity `activity_id`, or for the SEASON."""
    requests = selectors.open_requests(organisation)
    if activity_id is SEASON:
        return requests.filter(activity__isnull=True)
    return requests.filter(activity_id=activity_id)


def keeps(pair: BuddyPair) -> bool:
    """Whether matching again keeps the pair as it is: published, accepted or locked."""
    return pair.status in BuddyPair.COMMITTED or pair.locked


def _loads(buddy_ids: Iterable[int], skip_requests: set[int], activity_id: int | None):
    """Per buddy: live pairs over the season, and at `activity_id`, outside `skip_requests`."""
    season: dict[int, int] = defaultdict(int)
    here: dict[int, int] = defaultdict(int)
    rows = (
        BuddyPair.objects.filter(buddy_id__in=list(buddy_ids), status__in=BuddyPair.LIVE)
        .exclude(request_id__in=list(skip_requests))
        .values_list("buddy_id", "meeting_activity_id")
    )
    for buddy_id, meeting_id in rows:
        season[buddy_id] += 1
        if activity_id is not None and meeting_id == activity_id:
            here[buddy_id] += 1
    return season, here


def build_problem(
    organisation: Organisation,
    activity_id: int | None,
    to_match: Sequence[BuddyRequest],
    *,
    without: Iterable[int] = (),
) -> Problem:
    """The engine's rows for matching `to_match` in one scope (an activity, or SEASON).

    The scope's kept pairs (published, accepted, locked) come along as fixed pairs, except
    those of the buddies in `without` (left out altogether). A bounded number of queries.
    """
    without = set(without)
    kept = [
        p
        for p in BuddyPair.objects.filter(
            request__in=scope_requests(organisation, activity_id), status__in=BuddyPair.LIVE
        )
        .exclude(request__in=[r.pk for r in to_match])
        .select_related("request", "buddy__participant")
        if keeps(p) and p.buddy_id not in without
    ]
    requests = list(to_match) + [p.request for p in kept]
    buddies = {
        b.pk: b
        for b in Buddy.objects.filter(
            participant__organisation=organisation, active=True, approved_at__isnull=False
        )
        .exclude(pk__in=without)
        .select_related("participant")
        .order_by("pk")
    }
    for pair in kept:  # a buddy who stopped volunteering still keeps their pairs
        buddies.setdefault(pair.buddy_id, pair.buddy)
    buddy_list = sorted(buddies.values(), key=lambda b: b.pk)
    practices = list(
        Practice.objects.filter(organisation=organisation).order_by("pk").values_list("pk", "name")
    )
    practice_ids = [pk for pk, _ in practices]
    column = {pk: j for j, pk in enumerate(practice_ids)}
    buddy_row = {b.pk: i for i, b in enumerate(buddy_list)}

    request_practices = np.zeros((len(requests), len(practice_ids)), dtype=bool)
    asked = BuddyRequest.practices.through.objects.filter(
        buddyrequest_id__in=[r.pk for r in requests]
    ).values_list("buddyrequest_id", "practice_id")
    request_row = {r.pk: i for i, r in enumerate(requests)}
    for request_id, practice_id in asked:
        request_practices[request_row[request_id], column[practice_id]] = True

    helps_with = np.zeros((len(buddy_list), len(practice_ids)), dtype=bool)
    offered = Buddy.practices.through.objects.filter(buddy_id__in=list(buddy_row)).values_list(
        "buddy_id", "practice_id"
    )
    for buddy_id, practice_id in offered:
        helps_with[buddy_row[buddy_id], column[practice_id]] = True

    attends: dict[int, set[int]] = defaultdict(set)
    for buddy_id, activity in Buddy.activities.through.objects.filter(
        buddy_id__in=list(buddy_row)
    ).values_list("buddy_id", "activity_id"):
        attends[buddy_id].add(activity)

    places: dict[int, set[int]] = defaultdict(set)
    starts = {}
    season_requesters = [r.participant_id for r in requests if r.activity_id is None]
    for person, activity, starts_at in Registration.objects.filter(
        participant_id__in=season_requesters,
        status=Registration.Status.CONFIRMED,
        activity__status=Activity.Status.PUBLISHED,
        activity__ends_at__gte=timezone.now(),
    ).values_list("participant_id", "activity_id", "activity__starts_at"):
        places[person].add(activity)
        starts[activity] = starts_at

    previous = np.full(len(requests), -1, dtype=np.int64)
    earlier = _earlier_buddies([r.participant_id for r in requests])
    for i, request in enumerate(requests):
        row = buddy_row.get(earlier.get(request.participant_id, -1), -1)
        previous[i] = row

    skip = {r.pk for r in requests}
    season_load, here_load = _loads(buddy_row, skip, activity_id)
    fixed = [(request_row[p.request_id], buddy_row[p.buddy_id]) for p in kept]
    fixed_count = np.bincount(
        np.array([b for _, b in fixed], dtype=np.int64), minlength=len(buddy_list)
    )
    capacity = np.zeros(len(buddy_list), dtype=np.int64)
    for i, buddy in enumerate(buddy_list):
        room = buddy.per_season - season_load[buddy.pk]
        if activity_id is not SEASON:
            room = min(room, buddy.per_activity - here_load[buddy.pk])
        if not buddy.active or buddy.approved_at is None:
            room = 0
        # Kept pairs stay even when the buddy has since lowered their capacity.
        capacity[i] = max(room, int(fixed_count[i]), 0)

    levels = levels_of(
        [r.participant_id for r in requests] + [b.participant_id for b in buddy_list],
        practice_ids,
    )
    return Problem(
        practice_ids=practice_ids,
        practice_names=[name for _, name in practices],
        requests=requests,
        buddies=buddy_list,
        request_levels=levels[: len(requests)],
        request_practices=request_practices,
        request_activities=[frozenset(places.get(r.participant_id, ())) for r in requests],
        starts=starts,
        previous=previous,
        buddy_levels=levels[len(requests) :],
        helps_with=helps_with,
        buddy_activities=[frozenset(attends.get(b.pk, ())) for b in buddy_list],
        capacity=capacity,
        fixed=fixed,
    )


def _earlier_buddies(participant_ids: Sequence[int]) -> dict[int, int]:
    """Participant → buddy id of their most recent accepted pair, for continuity."""
    rows = (
        BuddyPair.objects.filter(
            request__participant_id__in=list(participant_ids), status=BuddyPair.Status.ACCEPTED
        )
        .order_by("request__participant_id", "-updated_at", "-pk")
        .values_list("request__participant_id", "buddy_id")
    )
    earlier: dict[int, int] = {}
    for person, buddy in rows:
        earlier.setdefault(person, buddy)
    return earlier


def declined_buddies(request_ids: Iterable[int]) -> dict[int, set[int]]:
    """Request id → buddies declined in one of its pairs (by either side)."""
    declined: dict[int, set[int]] = defaultdict(set)
    for request_id, buddy_id in BuddyPair.objects.filter(
        request_id__in=list(request_ids), status=BuddyPair.Status.DECLINED
    ).values_list("request_id", "buddy_id"):
        declined[request_id].add(buddy_id)
    return declined


def choice_problem(organisation: Organisation, pair: BuddyPair) -> Problem:
    """The problem of a proposed pair's request alone, without the buddies declined for it."""
    request = BuddyRequest.objects.get(pk=pair.request_id)
    without = declined_buddies([request.pk]).get(request.pk, set())
    return build_problem(organisation, request.activity_id, [request], without=without)
