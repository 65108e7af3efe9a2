"""Calling the buddy matching engine: a loaded problem in, proposals by id out.

`run_engine` is the one place that runs `overture.engines.buddies.match` for a step;
`candidates` asks the same engine which buddies the rules allow for one request, so that
the rules live in the engine alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from overture.buddies.models import BuddyPair
from overture.buddies.wording import reasons_words
from overture.engines import buddies as engine
from overture.organisations.models import Organisation

from .fetch import Problem, choice_problem


@dataclass(frozen=True)
class Proposal:
    """One pair as the engine proposed it, with ids instead of row indices."""

    request_id: int
    buddy_id: int
    cost: int
    reasons: tuple[engine.Reason, ...]


@dataclass
class Outcome:
    """What one engine call decided: new proposals, and why the others found nobody."""

    proposals: list[Proposal] = field(default_factory=list)
    unmatched: dict[int, engine.Reason] = field(default_factory=dict)  # request id → why


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


def run_engine(problem: Problem) -> Outcome:
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
    codes: tuple[engine.Reason, ...]
    cost: int
    free: int
    index: int  # row in the problem

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why this buddy, in words."""
        return reasons_words(self.codes)

    @property
    def label(self) -> str:
        return f"{self.name} — room for {self.free}, {self.reasons[0] if self.reasons else ''}"


def candidates(problem: Problem) -> list[Candidate]:
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
    result = engine.match(requests, buddies, practice_names=problem.practice_names)
    found = [
        Candidate(
            buddy_id=problem.buddies[rows[pair.buddy]].pk,
            name=problem.buddies[rows[pair.buddy]].participant.display_name,
            codes=tuple(pair.reasons),
            cost=int(pair.cost),
            free=int(free[rows[pair.buddy]]),
            index=int(rows[pair.buddy]),
        )
        for pair in result.pairs
    ]
    return sorted(found, key=lambda c: (c.cost, c.name, c.buddy_id))


def eligible_buddies(organisation: Organisation, pair: BuddyPair) -> list[Candidate]:
    """The buddies staff may choose for a proposed pair: allowed by the rules, with room.

    Published, accepted and locked pairs keep their buddies' places; buddies declined for
    this request are left out.
    """
    return candidates(choice_problem(organisation, pair))
