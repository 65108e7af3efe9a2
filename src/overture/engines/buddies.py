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
>>> result.pairs[0].reasons
('Three levels above you in Singing in a choir', 'Also goes to this activity', 'Speaks Polish')
>>> result.unmatched
(Unmatched(request=2, reason='No buddy goes to this activity'),)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .assignment import solve
from .buddies_candidates import CostWeights, Encoded, encode, pair_costs, pair_terms
from .buddies_problem import BuddyProblem, build_problem
from .buddies_reasons import LANGUAGE_NAMES, level_gaps, pair_reasons, unmatched_reasons

__all__ = [
    "LANGUAGE_NAMES",
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

MAX_LEVEL = 3


class BuddyError(ValueError):
    """Inputs the matching cannot work with: wrong shapes, levels out of range, ..."""


def _levels(name: str, value) -> np.ndarray:
    array = np.asarray(value)
    if array.ndim != 2:
        raise BuddyError(f"{name} must be a matrix with one column per practice")
    if array.size and (array.min() < -1 or array.max() > MAX_LEVEL):
        raise BuddyError(f"{name} must be 0–3, or -1 when not known")
    return array.astype(np.int8)


def _vector(name: str, value, count: int, dtype) -> np.ndarray:
    array = np.asarray(value).astype(dtype).ravel()
    if array.shape != (count,):
        raise BuddyError(f"{name} must hold one value per row")
    return array


def _sets(name: str, value, count: int, kind) -> list[frozenset]:
    if len(value) != count:
        raise BuddyError(f"{name} must hold one set per row")
    return [frozenset(kind(x) for x in item) for item in value]


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
        helps = np.asarray(self.helps_with, dtype=bool)
        if helps.shape != levels.shape:
            raise BuddyError("helps_with must have the shape of levels")
        capacity = _vector("capacity", self.capacity, count, np.int64)
        if capacity.size and capacity.min() < 0:
            raise BuddyError("capacity must not be negative")
        if self.names is not None and len(self.names) != count:
            raise BuddyError("names must hold one name per buddy")
        values = {
            "levels": levels,
            "helps_with": helps,
            "capacity": capacity,
            "languages": _sets("languages", self.languages, count, str),
            "vetted": _vector("vetted", self.vetted, count, bool),
            "activities": _sets("activities", self.activities, count, int),
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
        practices = np.asarray(self.practices, dtype=bool)
        if practices.shape != levels.shape:
            raise BuddyError("practices must have the shape of levels")
        if len(self.language) != count:
            raise BuddyError("language must hold one language per request")
        values = {
            "levels": levels,
            "practices": practices,
            "language": [str(x) for x in self.language],
            "minor": _vector("minor", self.minor, count, bool),
            "activity": _vector("activity", self.activity, count, np.int64),
            "activities": _sets("activities", self.activities, count, int),
            "previous_buddy": _vector("previous_buddy", self.previous_buddy, count, np.int64),
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
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Unmatched:
    request: int
    reason: str


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
    previous = requests.previous_buddy
    if previous.size and (previous.min() < -1 or previous.max() >= buddy_count):
        raise BuddyError("previous_buddy must be -1 or a buddy index")
    pinned = np.asarray(fixed, dtype=np.int64).reshape(-1, 2)
    if pinned.size and (
        pinned[:, 0].min() < 0
        or pinned[:, 0].max() >= count
        or pinned[:, 1].min() < 0
        or pinned[:, 1].max() >= buddy_count
    ):
        raise BuddyError("fixed pairs must hold request and buddy indices")
    return build_problem(encode(requests, buddies), weights, pinned)


def match(
    requests: Requests,
    buddies: Buddies,
    *,
    practice_names: Sequence[str],
    fixed: Sequence[tuple[int, int]] = (),
    weights: CostWeights | None = None,
    language_names: Mapping[str, str] | None = None,
) -> BuddyMatching:
    """Pair as many requests as possible, then at least total cost; explain every outcome.

    `fixed` pairs (request, buddy) — accepted or locked — are kept and use capacity.
    `language_names` adds to or replaces `LANGUAGE_NAMES` ("pl" → "Polish") in the reasons.
    Raises `assignment.Infeasible` when fixed pairs exceed a buddy's capacity.
    """
    weights = CostWeights() if weights is None else weights
    if len(practice_names) != requests.levels.shape[1]:
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
    reasons = pair_reasons(
        enc, request, buddy, terms, load, pinned[request], practice_names, language_names
    )
    pairs = tuple(
        Pair(r, b, c, why)
        for r, b, c, why in zip(
            request.tolist(), buddy.tolist(), costs.tolist(), reasons, strict=True
        )
    )
    missing = np.flatnonzero(buddy_of < 0)
    texts = unmatched_reasons(enc, missing, built.candidate_count, practice_names, language_names)
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
