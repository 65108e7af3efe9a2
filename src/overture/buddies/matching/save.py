"""Saving what the engine proposed: pairs, reasons, meeting places, each step one transaction.

A step replaces its unlocked proposals with the engine's, never proposing again a buddy
someone declined for that request. A decline looks for another buddy for that request
alone (`rematch`); staff may choose another eligible buddy for a proposal (`change_buddy`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overture.buddies.exceptions import BuddyRefused
from overture.buddies.models import (
    DEFAULT_MEETING_POINT,
    Buddy,
    BuddyPair,
    BuddyRequest,
    MatchingRun,
)
from overture.buddies.wording import CHOSEN_BY_STAFF, stored, stored_text
from overture.organisations.models import Organisation

from .compute import Outcome, candidates, run_engine
from .fetch import Problem, build_problem, choice_problem, declined_buddies, keeps, scope_requests


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
                reason_codes=[stored(reason) for reason in proposal.reasons],
                level_gap=round(level_gap(problem, i, j), 3),
                meeting_activity_id=meeting_activity_id(problem, i, j),
                meeting_point=meeting_point,
            )
        )
    BuddyPair.objects.bulk_create(pairs, batch_size=500)
    matched = [p.request_id for p in pairs]
    BuddyRequest.objects.filter(pk__in=matched).update(unmatched_code="")
    by_reason: dict[str, list[int]] = defaultdict(list)
    for request_id, reason in outcome.unmatched.items():
        by_reason[stored_text(reason)].append(request_id)
    for code, ids in by_reason.items():
        BuddyRequest.objects.filter(pk__in=ids).update(unmatched_code=code)
    return pairs


@dataclass
class StepResult:
    """What one step did: the requests it tried to match and the pairs it proposed."""

    requests: int = 0
    pairs: list[BuddyPair] = field(default_factory=list)


def lock_buddies(organisation: Organisation) -> None:
    """Lock the organisation's buddies until the transaction ends."""
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
    lock_buddies(organisation)
    requests = list(scope_requests(organisation, activity_id).order_by("created_at", "pk"))
    live = {
        p.request_id: p
        for p in BuddyPair.objects.filter(request__in=requests, status__in=BuddyPair.LIVE)
    }
    to_match = [r for r in requests if not (r.pk in live and keeps(live[r.pk]))]
    result = StepResult(requests=len(to_match))
    if not to_match:
        return result
    problem = build_problem(organisation, activity_id, to_match)
    outcome = run_engine(problem)
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
    return save_outcome(run, problem, run_engine(problem), run.meeting_point)


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
    if not scope_requests(organisation, request.activity_id).filter(pk=request.pk).exists():
        return []  # the activity is over or no longer published
    lock_buddies(organisation)
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


@transaction.atomic
def change_buddy(organisation: Organisation, pair_id: int, buddy_id: int) -> BuddyPair:
    """Give a proposed pair another eligible buddy, chosen by staff; the pair is then locked."""
    lock_buddies(organisation)
    pair = (
        BuddyPair.objects.select_for_update()
        .filter(pk=pair_id, request__participant__organisation=organisation)
        .first()
    )
    if pair is None or pair.status != BuddyPair.Status.PROPOSED:
        raise BuddyRefused(
            _("Only proposed pairs can be changed: this one was published."), field="buddy"
        )
    problem = choice_problem(organisation, pair)
    chosen = next((c for c in candidates(problem) if c.buddy_id == buddy_id), None)
    if chosen is None:
        raise BuddyRefused(
            _("This buddy cannot accompany this newcomer (the rules or their room left)."),
            field="buddy",
        )
    pair.buddy_id = buddy_id
    pair.locked = True
    pair.cost = chosen.cost
    pair.reason_codes = [stored(reason) for reason in (CHOSEN_BY_STAFF, *chosen.codes)]
    pair.level_gap = round(level_gap(problem, 0, chosen.index), 3)
    pair.meeting_activity_id = meeting_activity_id(problem, 0, chosen.index)
    pair.save()
    return BuddyPair.objects.select_related("buddy__participant", "request__participant").get(
        pk=pair.pk
    )
