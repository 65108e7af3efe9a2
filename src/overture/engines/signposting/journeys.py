"""Learning journeys: a dated sequence of upcoming activities that builds the missing levels.

For a participant and a target — a level in one practice, or an activity that asks them to
prepare first — the engine finds the activities to take part in, one after the other, each
within reach (not *prepare first*) given the levels the previous ones built, until the target
is met. It prefers the fewest steps, then the earliest arrival. When the season offers no way
there it says where the participant gets stuck and which kind of activity is missing.

Levels move by the social-learning rule (`social_learning.level_after_attendance` unless
another is given). Plain arrays in, dataclasses out: no Django here. The search and its
guarantees are in docs/engines/signposting.md ("Learning journeys").

Worked example — Sam has never sung (column 1) and wants to join a Messiah singalong that
asks regular singing, strictly (activity 2):

>>> acts = Activities(
...     required=[[-1, 1], [-1, 2], [-1, 2]],   # a come-and-sing, a choir workshop, Messiah
...     strictness=[[0, 0.3], [0, 0.4], [0, 0.8]],
...     scale=[0.4, 0.75, 0.75], starts_at=[100, 200, 300], places_left=[5, 5, 5],
... )
>>> journey = plan_journey([0, 0], acts, ActivityTarget(2), now=0)
>>> [(step.activity, [(g.practice, g.before, g.after) for g in step.gains])
...  for step in journey.steps]
[(0, [(1, 0, 1)]), (1, [(1, 1, 2)])]
>>> stuck = plan_journey([0, 0], acts, PracticeTarget(1, 3), now=0)
>>> stuck.practice, stuck.level, stuck.cause  # missing: one that welcomes regular singers
(1, 2, <Cause.MISSING: 'missing'>)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

import numpy as np

from overture.engines.checks import index_in_range, whole_number, whole_numbers
from overture.engines.errors import EngineInputError
from overture.engines.levels import MAX_LEVEL
from overture.engines.signposting.fit import (
    BLOCKED,
    STRICT,
    Activities,
    SignpostingError,
    normalise_levels,
    practice_flags,
    to_epoch_seconds,
)
from overture.engines.signposting.social_learning import learn_step

__all__ = [
    "ActivityTarget",
    "Cause",
    "Gain",
    "Journey",
    "JourneyError",
    "NoPath",
    "PracticeTarget",
    "Step",
    "plan_journey",
]

_BASE = MAX_LEVEL + 1  # a state packs the levels of the practices to build in base 4

Learn = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


class JourneyError(EngineInputError):
    """A target or inputs the engine cannot plan for."""


@dataclass(frozen=True)
class PracticeTarget:
    """Reach `level` (0–3) in practice column `practice`."""

    practice: int
    level: int


@dataclass(frozen=True)
class ActivityTarget:
    """Be ready for activity row `activity`: no longer *prepare first* when it starts."""

    activity: int


@dataclass(frozen=True)
class Gain:
    """One practice a step builds, from level `before` to `after` (unknown counted as 0)."""

    practice: int
    before: int
    after: int


@dataclass(frozen=True)
class Step:
    activity: int
    starts_at: int  # epoch seconds
    ends_at: int
    gains: tuple[Gain, ...]  # in the practices the target needs, in column order
    registered: bool  # the participant already holds a place
    with_buddy: bool = False  # it asks them to prepare first: a buddy at their side makes up


@dataclass(frozen=True)
class Journey:
    """Steps in date order; no steps when the participant already meets the target."""

    target: PracticeTarget | ActivityTarget
    needs: tuple[tuple[int, int], ...]  # (practice, level) the target asks for
    steps: tuple[Step, ...]

    @property
    def already_there(self) -> bool:
        return not self.steps


class Cause(Enum):
    """Why the participant gets stuck at the blocking practice and level."""

    MISSING = "missing"  # no open activity of the missing kind in the season at all
    BLOCKED_ELSEWHERE = "blocked_elsewhere"  # they ask to prepare first in another practice
    NOT_IN_TIME = "not_in_time"  # they are too early to be ready for, or after the target


@dataclass(frozen=True)
class NoPath:
    """The season offers no way to the target.

    The participant gets stuck at `level` in `practice`, which the target needs at `needed`:
    the missing kind of activity welcomes people at `level` in that practice and raises it.
    `partial` is the furthest the season can take them (possibly no step at all). The apps
    say the missing kind in words: relaxed about getting it right, unless `level` is 0.
    """

    target: PracticeTarget | ActivityTarget
    needs: tuple[tuple[int, int], ...]
    practice: int
    level: int
    needed: int
    cause: Cause
    blocked_by: tuple[int, ...]  # practices that block the activities of that kind
    before: int | None  # epoch seconds the journey had to end by (an activity target's start)
    partial: tuple[Step, ...]


def plan_journey(
    levels,
    activities: Activities,
    target: PracticeTarget | ActivityTarget,
    *,
    now,
    registered: Iterable[int] = (),
    ends_at=None,
    learn: Learn = learn_step,
    with_buddy: bool = False,
) -> Journey | NoPath:
    """The shortest journey (fewest steps, then earliest arrival) to `target`, or NoPath.

    `levels` holds the participant's level per practice (-1 unknown, counted as newcomer).
    Steps are activities starting after `now` with places left, or with the participant's
    place (`registered` rows); each starts once the previous one ends (`ends_at`, epoch
    seconds or datetime64 per activity; without it, after the previous one starts). For an
    activity target every step ends by the time that activity starts.

    `with_buddy` plans with a buddy at the participant's side wherever a step asks them to
    prepare first: by the social-learning rule the buddy makes up for it, so every activity is
    within reach and raises each practice below its ceiling (`learn` is then not used).
    """
    start = participant_levels(levels, activities)
    target = checked_target(target, activities)
    if with_buddy:
        learn = _learn_with_buddy
    plan = _Planner(activities, start, target, now, registered, ends_at, learn, with_buddy)
    return plan.run()


def _learn_with_buddy(level, required, strictness) -> np.ndarray:
    return learn_step(level, required, strictness, True)


def epoch_seconds(value, name: str) -> np.ndarray:
    """`to_epoch_seconds`, raising JourneyError."""
    try:
        return to_epoch_seconds(value, name)
    except SignpostingError as error:
        raise JourneyError(str(error)) from error


def checked_target(target, acts: Activities) -> PracticeTarget | ActivityTarget:
    """The target with its practice, level or activity checked against the season."""
    if isinstance(target, PracticeTarget):
        practice = index_in_range(
            "target.practice", target.practice, acts.practice_count, JourneyError
        )
        level = whole_number(
            "target.level",
            target.level,
            JourneyError,
            low=0,
            high=MAX_LEVEL,
            rule="the target level must be 0–3",
        )
        return PracticeTarget(practice, level)
    if isinstance(target, ActivityTarget):
        return ActivityTarget(
            index_in_range("target.activity", target.activity, len(acts), JourneyError)
        )
    raise JourneyError("the target is a PracticeTarget or an ActivityTarget")


def participant_levels(levels, activities: Activities) -> np.ndarray:
    """One participant's levels, unknown counted as newcomer (0)."""
    if not isinstance(activities, Activities):
        raise JourneyError(f"activities is a {type(activities).__name__}; it must be Activities")
    try:
        row = normalise_levels(np.asarray(levels).reshape(1, -1))[0]
    except SignpostingError as error:
        raise JourneyError(str(error)) from error
    if row.size != activities.practice_count:
        raise JourneyError("levels must give one level per practice, in the order of required")
    return np.maximum(row.astype(np.int64), 0)


def needed_levels(activities: Activities, target: PracticeTarget | ActivityTarget) -> dict:
    """Practice column → the level the target asks: a practice target's level; for an activity,
    the lowest level at which each of its practices does not ask to prepare first."""
    if isinstance(target, PracticeTarget):
        return {int(target.practice): int(target.level)}
    required = activities.required[target.activity]
    strict = activities.strictness[target.activity] >= STRICT
    lowest = np.where(strict, required, np.maximum(required - 1, 0))
    return {int(p): int(lowest[p]) for p in np.flatnonzero(required >= 0)}


class _Planner:
    """One search: the tracked practices, the candidate steps and the layered search."""

    def __init__(self, acts, start, target, now, registered, ends_at, learn, buddy) -> None:
        self.acts, self.start, self.target, self.learn = acts, start, target, learn
        self.buddy = buddy
        starts = acts.starts_at
        # Without end times, "after the previous step" means starting at a later second.
        ends = starts + 1 if ends_at is None else epoch_seconds(ends_at, "ends_at").astype(np.int64)
        if ends.shape != starts.shape or np.any(ends < starts):
            raise JourneyError("ends_at must give each activity an end no earlier than its start")
        self.ends = ends
        rows = whole_numbers(
            "registered",
            list(registered),
            JourneyError,
            low=0,
            high=len(acts) - 1,
            rule="registered must list rows of the activities",
        ).ravel()
        mine = np.zeros(len(acts), dtype=bool)
        mine[rows] = True
        self.registered = mine
        self.needs, self.deadline = self._needs(target)
        self.tracked = np.array(
            sorted(p for p, level in self.needs.items() if start[p] < level), dtype=np.int64
        )
        self.need = np.array([self.needs[p] for p in self.tracked], dtype=np.int64)
        open_now = (starts > epoch_seconds(now, "now")) & ((acts.places_left > 0) | mine)
        if isinstance(target, ActivityTarget):
            open_now[target.activity] = False
        self.open = np.flatnonzero(open_now)  # the season's activities one could still join
        in_time = self.open
        if self.deadline is not None:
            in_time = in_time[self.ends[in_time] <= self.deadline]
        involves = (acts.required[np.ix_(in_time, self.tracked)] >= 0).any(axis=1)
        in_time = in_time[involves]
        self.candidates = in_time if buddy else in_time[~self._blocked_untracked(in_time)]
        self.cand_required = acts.required[np.ix_(self.candidates, self.tracked)].astype(np.int64)
        self.cand_strictness = acts.strictness[np.ix_(self.candidates, self.tracked)]
        self.cand_starts = starts[self.candidates]
        self.cand_ends = self.ends[self.candidates]
        self._moves: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _needs(self, target) -> tuple[dict[int, int], int | None]:
        deadline = None
        if isinstance(target, ActivityTarget):
            deadline = int(self.acts.starts_at[target.activity])
        return needed_levels(self.acts, target), deadline

    def _blocked_untracked(self, rows: np.ndarray) -> np.ndarray:
        """Rows that ask to prepare first in a practice the journey does not build."""
        required = self.acts.required[rows]
        flags = practice_flags(self.start[None, :], required, self.acts.strictness[rows])
        blocked = (required >= 0) & (flags & BLOCKED).astype(bool)
        blocked[:, self.tracked] = False
        return blocked.any(axis=1)

    # States: levels in the tracked practices, packed as a base-4 number.
    def encode(self, levels: np.ndarray) -> int:
        return int(np.dot(levels, _BASE ** np.arange(levels.size)))

    def decode(self, code: int) -> np.ndarray:
        return (code // _BASE ** np.arange(self.tracked.size)) % _BASE

    def moves(self, code: int) -> tuple[np.ndarray, np.ndarray]:
        """(within reach, state after) of every candidate, from state `code`."""
        cached = self._moves.get(code)
        if cached is not None:
            return cached
        levels = self.decode(code)
        required, strictness = self.cand_required, self.cand_strictness
        involved = required >= 0
        flags = practice_flags(levels[None, :], required, strictness)
        within = ~(involved & (flags & BLOCKED).astype(bool)).any(axis=1) | self.buddy
        learned = self.learn(levels[None, :], np.maximum(required, 0), strictness)
        raised = np.minimum(np.maximum(np.asarray(learned), levels), MAX_LEVEL)
        after = np.where(involved, raised, levels)
        codes = after @ (_BASE ** np.arange(levels.size))
        self._moves[code] = (within, codes.astype(np.int64))
        return self._moves[code]

    def met(self, code: int) -> bool:
        return bool(np.all(self.decode(code) >= self.need))

    def progress(self, code: int) -> int:
        return int(np.minimum(self.decode(code), self.need).sum())

    def run(self) -> Journey | NoPath:
        needs = tuple(sorted(self.needs.items()))
        if self.tracked.size == 0:
            return Journey(self.target, needs, ())
        origin = self.encode(self.start[self.tracked])
        # layers[t][code] = (earliest end of t steps reaching `code`, previous code, activity)
        layers: list[dict[int, tuple[int, int, int]]] = [{origin: (-(2**62), -1, -1)}]
        earliest = {origin: -(2**62)}
        while layers[-1]:
            reached = [c for c in sorted(layers[-1]) if self.met(c)]
            if reached:
                best = min(reached, key=lambda c: (layers[-1][c][0], c))
                return Journey(self.target, needs, self._steps(layers, len(layers) - 1, best))
            layers.append(self._next_layer(layers[-1], earliest))
        return self._no_path(layers, needs)

    def _next_layer(self, layer, earliest) -> dict[int, tuple[int, int, int]]:
        """For every state one more step reaches: the earliest end, then lowest row, then state."""
        found: list[tuple[np.ndarray, ...]] = []
        for code in sorted(layer):
            time = layer[code][0]
            within, after = self.moves(code)
            ok = np.flatnonzero(within & (self.cand_starts >= time) & (after != code))
            prev = np.full(ok.size, code)
            found.append((after[ok], self.cand_ends[ok], self.candidates[ok], prev))
        if not found:
            return {}
        after, end, act, prev = (np.concatenate(parts) for parts in zip(*found, strict=True))
        order = np.lexsort((prev, act, end, after))
        first = np.ones(order.size, dtype=bool)
        first[1:] = after[order][1:] != after[order][:-1]
        layer_out = {}
        for i in order[first]:
            code, end_i = int(after[i]), int(end[i])
            # Same levels reached as early with fewer steps: this label can never do better.
            if earliest.get(code, 2**62) <= end_i:
                continue
            earliest[code] = end_i
            layer_out[code] = (end_i, int(prev[i]), int(act[i]))
        return layer_out

    def _steps(self, layers, depth: int, code: int) -> tuple[Step, ...]:
        """The steps to state `code` in layer `depth`, following the previous states back."""
        path = []
        for layer in reversed(layers[1 : depth + 1]):
            _, prev, act = layer[code]
            path.append((act, self.decode(prev), self.decode(code)))
            code = prev
        steps = []
        for act, before, after in reversed(path):
            gains = tuple(
                Gain(int(p), int(b), int(a))
                for p, b, a in zip(self.tracked, before, after, strict=True)
                if a > b
            )
            steps.append(
                Step(
                    int(act),
                    int(self.acts.starts_at[act]),
                    int(self.ends[act]),
                    gains,
                    bool(self.registered[act]),
                    self.buddy and self._blocked_at(int(act), before),
                )
            )
        return tuple(steps)

    def _blocked_at(self, act: int, tracked_levels: np.ndarray) -> bool:
        """Whether activity `act` asks to prepare first at these levels (alone, no buddy)."""
        levels = self.start.copy()
        levels[self.tracked] = tracked_levels
        required = self.acts.required[act]
        flags = practice_flags(levels, required, self.acts.strictness[act])
        return bool(((required >= 0) & (flags & BLOCKED).astype(bool)).any())

    def _no_path(self, layers, needs) -> NoPath:
        labels = [
            (-self.progress(code), t, entry[0], code)
            for t, layer in enumerate(layers)
            for code, entry in layer.items()
        ]
        _, depth, _, code = min(labels)
        levels = self.decode(code)
        short = int(np.flatnonzero(levels < self.need)[0])
        practice, level = int(self.tracked[short]), int(levels[short])
        cause, blocked_by = self._cause(practice, level, levels)
        partial = self._steps(layers, depth, code)
        return NoPath(
            self.target,
            needs,
            practice,
            level,
            int(self.need[short]),
            cause,
            blocked_by,
            self.deadline,
            partial,
        )

    def _cause(self, practice: int, level: int, tracked_levels) -> tuple[Cause, tuple[int, ...]]:
        """Whether activities of the missing kind exist, and if so what keeps them out."""
        acts, pool = self.acts, self.open
        required = acts.required[pool, practice].astype(np.int64)
        strictness = acts.strictness[pool, practice]
        involved = required >= 0
        open_at = (practice_flags(level, required, strictness) & BLOCKED) == 0
        raises = np.asarray(self.learn(level, np.maximum(required, 0), strictness)) > level
        kind = pool[involved & open_at & raises]
        if kind.size == 0:
            return Cause.MISSING, ()
        levels = self.start.copy()
        levels[self.tracked] = tracked_levels
        rows_required = acts.required[kind]
        flags = practice_flags(levels[None, :], rows_required, acts.strictness[kind])
        blocked = (rows_required >= 0) & (flags & BLOCKED).astype(bool)
        if (~blocked.any(axis=1)).any():
            return Cause.NOT_IN_TIME, ()
        return Cause.BLOCKED_ELSEWHERE, tuple(int(p) for p in np.flatnonzero(blocked.any(axis=0)))
