"""Buddy matching: experienced participants accompany newcomers, optimally and explainably.

Every newcomer who asks (a *request*, for one activity or the whole season) is paired with a
volunteer *buddy*, within each buddy's capacity. Hard rules decide who may be paired:

- the buddy helps with every practice the request asks about and is at least one level
  above the newcomer in it (an unknown level counts as newcomer; an unknown buddy level
  does not qualify);
- they share a language;
- an under-18 only with a vetted buddy;
- a request for an activity only with a buddy who goes to that activity.

Among the allowed pairs, `match` pairs as many requests as possible and then minimises the
soft costs (`CostWeights`): a buddy far beyond the level needed, no activity in common for a
season request, not the earlier buddy, and a growing cost per newcomer a buddy already has,
which spreads the load. It builds one `AssignmentProblem` and solves it exactly with
`assignment.solve`. Each pair comes with its reasons, each unmatched request with why.
See docs/engines/buddies.md.

>>> buddies = Buddies(
...     levels=np.array([[2], [3]], dtype=np.int8), capacity=np.array([1, 1]),
...     helps_with=np.array([[True], [True]]), languages=[{"en"}, {"en", "pl"}],
...     vetted=np.array([False, True]), activities=[{7}, {7, 8}])
>>> requests = Requests(
...     levels=np.array([[0], [-1], [1]], dtype=np.int8),
...     practices=np.array([[True], [True], [True]]), language=["pl", "en", "en"],
...     minor=np.array([False, False, False]), activity=np.array([7, 7, 9]),
...     activities=[frozenset()] * 3, previous_buddy=np.array([-1, -1, -1]))
>>> result = match(requests, buddies, practice_names=["Singing in a choir"])
>>> [(p.request, p.buddy, p.cost) for p in result.pairs]
[(0, 1, 20), (1, 0, 10)]
>>> [(r.code, dict(r.params)) for r in result.pairs[0].reasons]
... # doctest: +NORMALIZE_WHITESPACE
[('level_gap', {'gap': 3, 'practice': 'Singing in a choir'}), ('same_activity', {}),
 ('speaks', {'language': 'pl'})]
>>> result.unmatched[0].request, result.unmatched[0].reason.code
(2, 'no_buddy')
>>> dict(result.unmatched[0].reason.params)  # doctest: +NORMALIZE_WHITESPACE
{'rule': 'activity', 'practices': [], 'vetted': False, 'at_activity': False,
 'language': None}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from overture.engines.assignment import solve
from overture.engines.buddies.candidates import (
    BuddyError,
    CostWeights,
    Encoded,
    encode,
    pair_costs,
    pair_terms,
)
from overture.engines.buddies.problem import BuddyProblem, build_problem
from overture.engines.buddies.reasons import (
    Reason,
    level_gaps,
    pair_reasons,
    unmatched_reasons,
)
from overture.engines.checks import (
    bounded_total,
    set_of_int,
    set_of_str,
    text_sequence,
    whole_numbers,
)
from overture.engines.levels import MAX_LEVEL

__all__ = [
    "Buddies",
    "BuddyError",
    "BuddyMatching",
    "BuddyProblem",
    "CostWeights",
    "Pair",
    "Requests",
    "Unmatched",
    "buddy_problem",
    "match",
]


def _levels(name: str, value) -> np.ndarray:
    rule = f"{name} must be 0–3, or -1 when not known"
    array = whole_numbers(name, value, BuddyError, low=-1, high=MAX_LEVEL, rule=rule)
    if array.ndim != 2:
        raise BuddyError(f"{name} must be a matrix with one column per practice")
    return array.astype(np.int8)


def _vector(name: str, value, count: int, *, low: int | None = None) -> np.ndarray:
    array = whole_numbers(name, value, BuddyError, low=low).ravel()
    if array.shape != (count,):
        raise BuddyError(f"{name} has {array.size} values; {name} must hold one value per row")
    return array


def _flags(name: str, value, shape: tuple[int, ...]) -> np.ndarray:
    rule = f"{name} must hold True / False (or 1 / 0)"
    array = whole_numbers(name, value, BuddyError, low=0, high=1, rule=rule).astype(bool)
    if array.shape != shape:
        raise BuddyError(f"{name} has shape {array.shape}; {name} must have shape {shape}")
    return array


def _sets(name: str, value, count: int, one) -> list[frozenset]:
    if isinstance(value, (str, bytes)) or len(value) != count:
        raise BuddyError(f"{name} must hold one set per row ({count})")
    return [one(f"{name}[{row}]", item, BuddyError) for row, item in enumerate(value)]


@dataclass(frozen=True, eq=False)
class Buddies:
    """The S volunteers: levels and the practices they help with, capacity, languages, ...

    `capacity[s]` is how many newcomers buddy s can accompany at once in the scope being
    matched; `activities[s]` the activity ids they go to.
    """

    levels: np.ndarray
    capacity: np.ndarray
    helps_with: np.ndarray
    languages: list[frozenset[str]]
    vetted: np.ndarray
    activities: list[frozenset[int]]
    names: list[str] | None = None

    def __post_init__(self) -> None:
        levels = _levels("buddy levels", self.levels)
        count = levels.shape[0]
        helps = _flags("helps_with", self.helps_with, levels.shape)
        capacity = _vector("capacity", self.capacity, count, low=0)
        bounded_total("capacity", capacity, BuddyError)
        if self.names is not None and (isinstance(self.names, str) or len(self.names) != count):
            raise BuddyError("names must hold one name per buddy")
        values = {
            "levels": levels,
            "helps_with": helps,
            "capacity": capacity,
            "languages": _sets("languages", self.languages, count, set_of_str),
            "vetted": _flags("vetted", self.vetted, (count,)),
            "activities": _sets("activities", self.activities, count, set_of_int),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        return self.levels.shape[0]


@dataclass(frozen=True, eq=False)
class Requests:
    """The R newcomers asking for a buddy.

    `practices[r]` marks the practices they want help with, `activity[r]` the activity id the
    request is for (-1: the whole season, then `activities[r]` are the activities they are
    registered for), `previous_buddy[r]` the index of an earlier buddy (-1: none).
    """

    levels: np.ndarray
    practices: np.ndarray
    language: list[str]
    minor: np.ndarray
    activity: np.ndarray
    activities: list[frozenset[int]]
    previous_buddy: np.ndarray

    def __post_init__(self) -> None:
        levels = _levels("request levels", self.levels)
        count = levels.shape[0]
        practices = _flags("practices", self.practices, levels.shape)
        languages = text_sequence("language", self.language, BuddyError)
        if len(languages) != count or None in languages:
            raise BuddyError("language must hold one language per request")
        values = {
            "levels": levels,
            "practices": practices,
            "language": languages,
            "minor": _flags("minor", self.minor, (count,)),
            "activity": _vector("activity", self.activity, count),
            "activities": _sets("activities", self.activities, count, set_of_int),
            "previous_buddy": _vector("previous_buddy", self.previous_buddy, count, low=-1),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        return self.levels.shape[0]


@dataclass(frozen=True)
class Pair:
    """A proposed pair; `cost` is its soft-rule cost before the buddy's load."""

    request: int
    buddy: int
    cost: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Unmatched:
    request: int
    reason: Reason


@dataclass(frozen=True)
class BuddyMatching:
    """Pairs and unmatched requests, both in request order.

    `matched_share` is matched / requests (0 without requests); `mean_level_gap` the mean,
    over pairs, of how many levels the buddy is ahead in the practices asked (0 without);
    `total_cost` the optimal objective: pair costs plus the load costs.
    """

    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    matched_share: float
    mean_level_gap: float
    total_cost: int = 0


def buddy_problem(
    requests: Requests,
    buddies: Buddies,
    *,
    fixed: Sequence[tuple[int, int]] = (),
    weights: CostWeights | None = None,
) -> BuddyProblem:
    """The allowed pairs and their costs as an `AssignmentProblem`, alike requests together.

    Fixed pairs become arcs too, at their cost, even if a hard rule no longer allows them.
    """
    weights = CostWeights() if weights is None else weights
    if requests.levels.shape[1] != buddies.levels.shape[1]:
        raise BuddyError("requests and buddies must list the same practices")
    count, buddy_count = len(requests), len(buddies)
    whole_numbers(
        "previous_buddy",
        requests.previous_buddy,
        BuddyError,
        low=-1,
        high=buddy_count - 1,
        rule="previous_buddy must be -1 or a buddy index",
    )
    pinned = whole_numbers("fixed", list(fixed), BuddyError)
    pinned = pinned.reshape(0, 2) if pinned.size == 0 else pinned
    if pinned.ndim != 2 or pinned.shape[1] != 2:
        raise BuddyError(f"fixed has shape {pinned.shape}; fixed must list (request, buddy) pairs")
    rule = "fixed pairs must hold request and buddy indices"
    whole_numbers("fixed requests", pinned[:, 0], BuddyError, low=0, high=count - 1, rule=rule)
    whole_numbers("fixed buddies", pinned[:, 1], BuddyError, low=0, high=buddy_count - 1, rule=rule)
    return build_problem(encode(requests, buddies), weights, pinned)


def match(
    requests: Requests,
    buddies: Buddies,
    *,
    practice_names: Sequence[str],
    fixed: Sequence[tuple[int, int]] = (),
    weights: CostWeights | None = None,
) -> BuddyMatching:
    """Pair as many requests as possible, then at least total cost; explain every outcome.

    `fixed` pairs (request, buddy) — accepted or locked — are kept and use capacity.
    Reasons are codes with parameters (`reasons`), practices named by `practice_names`.
    Raises `assignment.Infeasible` when fixed pairs exceed a buddy's capacity.
    """
    weights = CostWeights() if weights is None else weights
    names = text_sequence("practice_names", practice_names, BuddyError)
    if len(names) != requests.levels.shape[1] or None in names:
        raise BuddyError("practice_names must name every practice column")
    built = buddy_problem(requests, buddies, fixed=fixed, weights=weights)
    enc = built.encoded
    result = solve(built.assignment, fixed=built.fixed_rows)
    buddy_of = built.buddy_of(result.flows)

    request = np.flatnonzero(buddy_of >= 0)
    buddy = buddy_of[request]
    terms = pair_terms(enc, request, buddy)
    costs = pair_costs(enc, weights, request, buddy, terms)
    load = np.bincount(buddy, minlength=len(buddies))
    pinned = np.zeros(len(requests), dtype=bool)
    pinned[built.fixed[:, 0]] = True
    reasons = pair_reasons(enc, request, buddy, terms, load, pinned[request], practice_names)
    pairs = tuple(
        Pair(r, b, c, why)
        for r, b, c, why in zip(
            request.tolist(), buddy.tolist(), costs.tolist(), reasons, strict=True
        )
    )
    missing = np.flatnonzero(buddy_of < 0)
    texts = unmatched_reasons(enc, missing, built.candidate_count, practice_names)
    unmatched = tuple(Unmatched(r, why) for r, why in zip(missing.tolist(), texts, strict=True))
    return BuddyMatching(
        pairs=pairs,
        unmatched=unmatched,
        matched_share=request.size / len(requests) if len(requests) else 0.0,
        mean_level_gap=_mean_level_gap(enc, request, buddy),
        total_cost=result.total_cost,
    )


def _mean_level_gap(enc: Encoded, request: np.ndarray, buddy: np.ndarray) -> float:
    gaps = level_gaps(enc, request, buddy)
    known = ~np.isnan(gaps)
    per_pair = np.nansum(gaps, axis=1)[known.any(axis=1)] / known.sum(axis=1)[known.any(axis=1)]
    return float(per_pair.mean()) if per_pair.size else 0.0
