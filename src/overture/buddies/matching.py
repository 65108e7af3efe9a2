"""Matching newcomers' requests to buddies: fetch arrays, run the engine, save the pairs.

A run for one activity matches that activity's open requests. A run for the whole season
goes through every upcoming activity with open requests, soonest first, then the requests
for the whole season — one engine call (a *step*) each, because a buddy's capacity at one
activity and over the season are two different limits. Pairs proposed by earlier steps
count against the season limit of later ones.

In every step, pairs that are published, accepted or locked by staff stay as they are:
they go to the engine as `fixed` and use their buddy's capacity. Proposals that are not
locked are proposed again from scratch. A buddy someone declined is never proposed to that
request again. Runs with many requests work in a thread, updating `progress` as they go.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from overture.audience.levels import levels_of
from overture.audience.models import Registration
from overture.engines import buddies as engine
from overture.organisations.models import Organisation
from overture.season.models import Activity, Practice

from . import selectors
from .languages import LANGUAGES, language_name
from .models import DEFAULT_MEETING_POINT, Buddy, BuddyPair, BuddyRequest, MatchingRun
from .services import BuddyRefused

logger = logging.getLogger(__name__)

# Runs with more requests than this work in a background thread; smaller ones at once.
BACKGROUND_FROM = 150
# A run that has not reported progress for this long is taken to have stopped.
STALE_AFTER = timedelta(minutes=10)
SEASON = None  # the step of the requests for the whole season
LANGUAGE_NAMES = {code: language_name(code) for code, _ in LANGUAGES}
CHOSEN_BY_STAFF = "Chosen by staff"


@dataclass(frozen=True)
class Proposal:
    """One pair as the engine proposed it, with ids instead of row indices."""

    request_id: int
    buddy_id: int
    cost: int
    reasons: tuple[str, ...]


@dataclass
class Outcome:
    """What one engine call decided: new proposals, and why the others found nobody."""

    proposals: list[Proposal] = field(default_factory=list)
    unmatched: dict[int, str] = field(default_factory=dict)  # request id → reason


# ---- Fetch ----


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


def _scope(organisation: Organisation, activity_id: int | None):
    requests = selectors.open_requests(organisation)
    if activity_id is SEASON:
        return requests.filter(activity__isnull=True)
    return requests.filter(activity_id=activity_id)


def _keeps(pair: BuddyPair) -> bool:
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
            request__in=_scope(organisation, activity_id), status__in=BuddyPair.LIVE
        )
        .exclude(request__in=[r.pk for r in to_match])
        .select_related("request", "buddy__participant")
        if _keeps(p) and p.buddy_id not in without
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


# ---- Compute ----


def _engine_rows(
    problem: Problem,
    requests: np.ndarray | None = None,
    buddies: np.ndarray | None = None,
    capacity: np.ndarray | None = None,
) -> tuple[engine.Requests, engine.Buddies]:
    """The engine's dataclasses for the problem's rows (or the given request/buddy rows)."""
    r = np.arange(len(problem.requests)) if requests is None else requests
    b = np.arange(len(problem.buddies)) if buddies is None else buddies
    rows = [problem.requests[i] for i in r.tolist()]
    people = [problem.buddies[i] for i in b.tolist()]
    return (
        engine.Requests(
            levels=problem.request_levels[r],
            practices=problem.request_practices[r],
            language=[x.language for x in rows],
            minor=np.array([x.minor for x in rows], dtype=bool),
            activity=np.array([x.activity_id or -1 for x in rows], dtype=np.int64),
            activities=[problem.request_activities[i] for i in r.tolist()],
            previous_buddy=np.where(
                np.isin(problem.previous[r], b), np.searchsorted(b, problem.previous[r]), -1
            ),
        ),
        engine.Buddies(
            levels=problem.buddy_levels[b],
            capacity=problem.capacity[b] if capacity is None else capacity,
            helps_with=problem.helps_with[b],
            languages=[frozenset(x.languages) for x in people],
            vetted=np.array([x.vetted for x in people], dtype=bool),
            activities=[problem.buddy_activities[i] for i in b.tolist()],
        ),
    )


def _run_engine(problem: Problem) -> Outcome:
    """The one place that runs the buddy matching engine: arrays in, proposals by id out."""
    to_match = len(problem.requests) - len(problem.fixed)
    if to_match == 0:
        return Outcome()
    requests, buddies = _engine_rows(problem)
    result = engine.match(
        requests,
        buddies,
        practice_names=problem.practice_names,
        fixed=problem.fixed,
        language_names=LANGUAGE_NAMES,
    )
    outcome = Outcome()
    for pair in result.pairs:
        if pair.request < to_match:
            outcome.proposals.append(
                Proposal(
                    problem.requests[pair.request].pk,
                    problem.buddies[pair.buddy].pk,
                    int(pair.cost),
                    tuple(pair.reasons),
                )
            )
    for unmatched in result.unmatched:
        if unmatched.request < to_match:
            outcome.unmatched[problem.requests[unmatched.request].pk] = unmatched.reason
    return outcome


@dataclass(frozen=True)
class Candidate:
    """A buddy the rules allow for one request, with room left in its scope."""

    buddy_id: int
    name: str
    reasons: tuple[str, ...]
    cost: int
    free: int
    index: int  # row in the problem

    @property
    def label(self) -> str:
        return f"{self.name} — room for {self.free}, {self.reasons[0] if self.reasons else ''}"


def _candidates(problem: Problem) -> list[Candidate]:
    """Every buddy the rules allow for the problem's first request, with room left.

    Asked of the engine itself: the request once per buddy with room, each buddy able to
    take one. A largest matching then pairs every allowed buddy with a copy of the request,
    with the engine's reasons and costs, so the rules live in the engine alone.
    """
    used = np.bincount(
        np.array([b for _, b in problem.fixed], dtype=np.int64), minlength=len(problem.buddies)
    )
    free = problem.capacity - used
    rows = np.flatnonzero(free > 0)
    if rows.size == 0:
        return []
    requests, buddies = _engine_rows(
        problem, np.zeros(rows.size, dtype=np.int64), rows, np.ones(rows.size, dtype=np.int64)
    )
    result = engine.match(
        requests, buddies, practice_names=problem.practice_names, language_names=LANGUAGE_NAMES
    )
    found = [
        Candidate(
            buddy_id=problem.buddies[rows[pair.buddy]].pk,
            name=problem.buddies[rows[pair.buddy]].participant.display_name,
            reasons=tuple(pair.reasons),
            cost=int(pair.cost),
            free=int(free[rows[pair.buddy]]),
            index=int(rows[pair.buddy]),
        )
        for pair in result.pairs
    ]
    return sorted(found, key=lambda c: (c.cost, c.name, c.buddy_id))


# ---- Save ----


def level_gap(problem: Problem, request_index: int, buddy_index: int) -> float:
    """Mean levels the buddy is above the newcomer over the practices asked about.

    A level not yet known counts as newcomer for the newcomer and as nothing for the buddy.
    """
    asked = problem.request_practices[request_index]
    if not asked.any():
        return 0.0
    newcomer = np.maximum(problem.request_levels[request_index, asked].astype(int), 0)
    buddy = np.maximum(problem.buddy_levels[buddy_index, asked].astype(int), 0)
    return float(np.mean(buddy - newcomer))


def meeting_activity_id(problem: Problem, request_index: int, buddy_index: int) -> int | None:
    """Where the pair meets: the request's activity, else the soonest one both attend."""
    request = problem.requests[request_index]
    if request.activity_id:
        return request.activity_id
    shared = problem.request_activities[request_index] & problem.buddy_activities[buddy_index]
    if not shared:
        return None
    return min(shared, key=lambda pk: (problem.starts[pk], pk))


def save_outcome(
    run: MatchingRun, problem: Problem, outcome: Outcome, meeting_point: str
) -> list[BuddyPair]:
    """Replace the step's unlocked proposals with the engine's, and note why others failed."""
    request_row = {r.pk: i for i, r in enumerate(problem.requests)}
    buddy_row = {b.pk: i for i, b in enumerate(problem.buddies)}
    to_match = [r.pk for r in problem.requests[: len(problem.requests) - len(problem.fixed)]]
    now = timezone.now()
    BuddyPair.objects.filter(
        request_id__in=to_match, status=BuddyPair.Status.PROPOSED, locked=False
    ).update(status=BuddyPair.Status.REPLACED, updated_at=now)
    pairs = []
    for proposal in outcome.proposals:
        i, j = request_row[proposal.request_id], buddy_row[proposal.buddy_id]
        pairs.append(
            BuddyPair(
                request_id=proposal.request_id,
                buddy_id=proposal.buddy_id,
                run=run,
                cost=proposal.cost,
                reasons=list(proposal.reasons),
                level_gap=round(level_gap(problem, i, j), 3),
                meeting_activity_id=meeting_activity_id(problem, i, j),
                meeting_point=meeting_point,
            )
        )
    BuddyPair.objects.bulk_create(pairs, batch_size=500)
    matched = [p.request_id for p in pairs]
    BuddyRequest.objects.filter(pk__in=matched).update(unmatched_reason="")
    by_reason: dict[str, list[int]] = defaultdict(list)
    for request_id, reason in outcome.unmatched.items():
        by_reason[reason[:200]].append(request_id)
    for reason, ids in by_reason.items():
        BuddyRequest.objects.filter(pk__in=ids).update(unmatched_reason=reason)
    return pairs


@dataclass
class StepResult:
    requests: int = 0
    pairs: list[BuddyPair] = field(default_factory=list)


def _lock_buddies(organisation: Organisation) -> None:
    # Staff changing a pair lock the buddy too, so capacities are read once per step.
    list(
        Buddy.objects.select_for_update()
        .filter(participant__organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def match_step(run: MatchingRun, activity_id: int | None) -> StepResult:
    """Match the open requests of one scope that have no kept pair; one transaction."""
    organisation = run.organisation
    _lock_buddies(organisation)
    requests = list(_scope(organisation, activity_id).order_by("created_at", "pk"))
    live = {
        p.request_id: p
        for p in BuddyPair.objects.filter(request__in=requests, status__in=BuddyPair.LIVE)
    }
    to_match = [r for r in requests if not (r.pk in live and _keeps(live[r.pk]))]
    result = StepResult(requests=len(to_match))
    if not to_match:
        return result
    problem = build_problem(organisation, activity_id, to_match)
    outcome = _run_engine(problem)
    declined = declined_buddies(r.pk for r in to_match)
    again = [p for p in outcome.proposals if p.buddy_id in declined.get(p.request_id, ())]
    outcome.proposals = [p for p in outcome.proposals if p not in again]
    result.pairs = save_outcome(run, problem, outcome, run.meeting_point)
    # A buddy declined before is left out for that request alone, one request at a time.
    by_id = {r.pk: r for r in to_match}
    for proposal in again:
        result.pairs += _match_one(run, by_id[proposal.request_id], declined[proposal.request_id])
    return result


def _match_one(run: MatchingRun, request: BuddyRequest, without: set[int]) -> list[BuddyPair]:
    problem = build_problem(run.organisation, request.activity_id, [request], without=without)
    return save_outcome(run, problem, _run_engine(problem), run.meeting_point)


# ---- Runs ----


def _steps(run: MatchingRun) -> list[int | None]:
    if run.activity_id:
        return [run.activity_id]
    activities = list(
        selectors.activities_with_requests(run.organisation).values_list("pk", flat=True)
    )
    season = _scope(run.organisation, SEASON).exists()
    return activities + ([SEASON] if season else [])


def _report(run: MatchingRun, **fields) -> None:
    """Write progress straight away (outside any step), so the staff page sees it."""
    fields["updated_at"] = timezone.now()
    MatchingRun.objects.filter(pk=run.pk).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def execute_run(run_id: int) -> MatchingRun:
    """Work through a run's steps, reporting progress; a failure is recorded on the run."""
    run = MatchingRun.objects.select_related("organisation", "activity").get(pk=run_id)
    _report(run, status=MatchingRun.Status.RUNNING, progress=1, step="Reading the requests")
    try:
        steps = _steps(run)
        titles = dict(
            Activity.objects.filter(pk__in=[s for s in steps if s]).values_list("pk", "title")
        )
        requested, pairs = 0, []
        for number, activity_id in enumerate(steps, start=1):
            name = titles.get(activity_id, "requests for the whole season")
            _report(run, step=f"Matching {name} ({number} of {len(steps)})")
            done = match_step(run, activity_id)
            requested += done.requests
            pairs += done.pairs
            _report(run, progress=max(1, min(99, round(100 * number / len(steps)))))
        gaps = [p.level_gap for p in pairs]
        _report(
            run,
            status=MatchingRun.Status.DONE,
            progress=100,
            step="Done",
            requests=requested,
            matched=len(pairs),
            mean_level_gap=float(np.mean(gaps)) if gaps else None,
            finished_at=timezone.now(),
        )
    except Exception as error:  # recorded for staff; the page shows it instead of spinning
        logger.exception("Buddy matching run %s failed", run.pk)
        _report(
            run,
            status=MatchingRun.Status.FAILED,
            step="Stopped",
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
    return run


def _work_in_background(run_id: int) -> None:
    try:
        execute_run(run_id)
    finally:
        connection.close()


def requests_in_scope(organisation: Organisation, activity: Activity | None) -> int:
    requests = selectors.open_requests(organisation)
    if activity is not None:
        requests = requests.filter(activity=activity)
    return requests.count()


@transaction.atomic
def start_matching(
    organisation: Organisation,
    *,
    activity: Activity | None = None,
    meeting_point: str = DEFAULT_MEETING_POINT,
    started_by=None,
    background: bool | None = None,
) -> MatchingRun:
    """Queue a matching run for one activity or the whole season, and start it on commit.

    Runs with more than BACKGROUND_FROM requests (or `background=True`) work in a thread;
    the others run as soon as this transaction commits, before the caller goes on. Only one
    run per organisation works at a time.
    """
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values("pk"))
    working = MatchingRun.objects.filter(
        organisation=organisation,
        status__in=(MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING),
    )
    stale = timezone.now() - STALE_AFTER
    working.filter(updated_at__lt=stale).update(
        status=MatchingRun.Status.FAILED,
        error="Stopped reporting progress; start it again.",
        finished_at=timezone.now(),
    )
    if working.exists():
        raise BuddyRefused("Matching is already running: wait for it to finish.")
    size = requests_in_scope(organisation, activity)
    run = MatchingRun.objects.create(
        organisation=organisation,
        activity=activity,
        meeting_point=meeting_point.strip() or DEFAULT_MEETING_POINT,
        started_by=started_by,
        requests=size,
    )
    if background is None:
        background = size > BACKGROUND_FROM
    if background:
        transaction.on_commit(lambda: start_worker(run.pk))
    else:
        transaction.on_commit(lambda: execute_run(run.pk))
    return run


def start_worker(run_id: int) -> threading.Thread:
    """Run in a daemon thread, which opens (and at the end closes) its own connection."""
    worker = threading.Thread(
        target=_work_in_background, args=(run_id,), name=f"buddy-run-{run_id}", daemon=True
    )
    worker.start()
    return worker


# ---- After a decline ----


def rematch(declined: BuddyPair) -> list[BuddyPair]:
    """Look for another buddy for the declined pair's request only, as a proposal for staff.

    Accepted, published and locked pairs of the same scope stay fixed; every buddy declined
    for this request is left out. Call inside the transaction that records the decline.
    """
    request = BuddyRequest.objects.select_related("participant__organisation").get(
        pk=declined.request_id
    )
    if request.status != BuddyRequest.Status.ACTIVE:
        return []
    organisation = request.participant.organisation
    if not _scope(organisation, request.activity_id).filter(pk=request.pk).exists():
        return []  # the activity is over or no longer published
    _lock_buddies(organisation)
    run = MatchingRun.objects.create(
        organisation=organisation,
        activity_id=request.activity_id,
        kind=MatchingRun.Kind.REMATCH,
        meeting_point=declined.meeting_point or DEFAULT_MEETING_POINT,
        status=MatchingRun.Status.RUNNING,
        requests=1,
    )
    without = declined_buddies([request.pk]).get(request.pk, set()) | {declined.buddy_id}
    pairs = _match_one(run, request, without)
    run.status, run.progress, run.step = MatchingRun.Status.DONE, 100, "Done"
    run.matched = len(pairs)
    run.mean_level_gap = pairs[0].level_gap if pairs else None
    run.finished_at = timezone.now()
    run.save()
    return pairs


# ---- Staff choosing another buddy ----


def _choice_problem(organisation: Organisation, pair: BuddyPair) -> Problem:
    request = BuddyRequest.objects.get(pk=pair.request_id)
    without = declined_buddies([request.pk]).get(request.pk, set())
    return build_problem(organisation, request.activity_id, [request], without=without)


def eligible_buddies(organisation: Organisation, pair: BuddyPair) -> list[Candidate]:
    """The buddies staff may choose for a proposed pair: allowed by the rules, with room.

    Published, accepted and locked pairs keep their buddies' places; buddies declined for
    this request are left out.
    """
    return _candidates(_choice_problem(organisation, pair))


@transaction.atomic
def change_buddy(organisation: Organisation, pair_id: int, buddy_id: int) -> BuddyPair:
    """Give a proposed pair another eligible buddy, chosen by staff; the pair is then locked."""
    _lock_buddies(organisation)
    pair = (
        BuddyPair.objects.select_for_update()
        .filter(pk=pair_id, request__participant__organisation=organisation)
        .first()
    )
    if pair is None or pair.status != BuddyPair.Status.PROPOSED:
        raise BuddyRefused("Only proposed pairs can be changed: this one was published.")
    problem = _choice_problem(organisation, pair)
    chosen = next((c for c in _candidates(problem) if c.buddy_id == buddy_id), None)
    if chosen is None:
        raise BuddyRefused(
            "This buddy cannot accompany this newcomer (the rules or their room left)."
        )
    pair.buddy_id = buddy_id
    pair.locked = True
    pair.cost = chosen.cost
    pair.reasons = [CHOSEN_BY_STAFF, *chosen.reasons]
    pair.level_gap = round(level_gap(problem, 0, chosen.index), 3)
    pair.meeting_activity_id = meeting_activity_id(problem, 0, chosen.index)
    pair.save()
    return BuddyPair.objects.select_related("buddy__participant", "request__participant").get(
        pk=pair.pk
    )
