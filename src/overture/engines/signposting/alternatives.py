"""What to offer when the season has no way to a goal: the nearest step towards it.

A *step towards* a goal is an upcoming activity with places (or the participant's own place)
that involves a practice the goal still needs and that raises their level in it by the
social-learning rule — alone, or with a buddy at their side when it asks them to prepare
first. The nearest one asks the lowest level in that practice, and is within reach alone
rather than with a buddy, then starts soonest. When there is none, the nearest step is in a
*related* practice: one that upcoming activities pair with a practice the goal needs; the
activity must be within reach as the participant is, and pairs most often with the goal's
practices, then starts soonest.

For an activity target every step ends before it starts, as in `journeys.plan_journey`.
There is some step towards a goal exactly when `nearest_step` returns one; a journey, a partial
journey and a journey with a buddy all begin with a step towards the goal, so the answer is a
cheap test of whether "How to get there" has something to show.

>>> acts = Activities(
...     required=[[2, -1], [-1, 0], [1, 0]],   # a strict rehearsal, a concert, both practices
...     strictness=[[0.8, 0], [0, 0.2], [0.1, 0.2]],
...     scale=[0.5, 0.5, 0.5], starts_at=[100, 200, 300], places_left=[5, 5, 0],
... )
>>> step = nearest_step([0, 0], acts, PracticeTarget(0, 3), now=0)
>>> step.activity, step.practice, step.within_reach, step.related
(0, 0, False, False)
>>> nearest_step([2, 0], acts, PracticeTarget(0, 3), now=0).activity  # pairs with practice 0
1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from overture.engines.signposting.fit import BLOCKED, Activities, practice_flags
from overture.engines.signposting.journeys import (
    ActivityTarget,
    JourneyError,
    PracticeTarget,
    checked_target,
    epoch_seconds,
    needed_levels,
    participant_levels,
)
from overture.engines.signposting.social_learning import learn_step

__all__ = ["NearestStep", "nearest_step"]


@dataclass(frozen=True)
class NearestStep:
    """Row `activity` builds practice column `practice`, which it asks at level `required`."""

    activity: int
    practice: int
    required: int
    within_reach: bool  # the participant can take part without preparing first (no buddy)
    related: bool  # `practice` is related to the goal's practices, not one the goal needs


def nearest_step(
    levels,
    activities: Activities,
    target: PracticeTarget | ActivityTarget,
    *,
    now,
    registered: Iterable[int] = (),
    ends_at=None,
) -> NearestStep | None:
    """The nearest step towards `target` (see the module), or None when there is none.

    `levels` holds the participant's level per practice (-1 unknown, counted as newcomer);
    `registered` and `ends_at` are as for `plan_journey`.
    """
    start = participant_levels(levels, activities)
    target = checked_target(target, activities)
    needs = needed_levels(activities, target)
    short = np.array(sorted(p for p, level in needs.items() if start[p] < level), dtype=np.int64)
    if short.size == 0:
        return None
    pool = _pool(activities, target, now, registered, ends_at)
    if pool.size == 0:
        return None
    return _towards(start, activities, pool, short) or _related(start, activities, pool, short)


def _pool(acts: Activities, target, now, registered, ends_at) -> np.ndarray:
    """Rows one could still join, ending before an activity target starts."""
    mine = np.zeros(len(acts), dtype=bool)
    rows = np.fromiter((int(r) for r in registered), dtype=np.int64)
    if rows.size and (rows.min() < 0 or rows.max() >= len(acts)):
        raise JourneyError("registered must list rows of the activities")
    mine[rows] = True
    open_now = (acts.starts_at > epoch_seconds(now, "now")) & ((acts.places_left > 0) | mine)
    if isinstance(target, ActivityTarget):
        open_now[target.activity] = False
        ends = acts.starts_at + 1 if ends_at is None else epoch_seconds(ends_at, "ends_at")
        if np.shape(ends) != acts.starts_at.shape:
            raise JourneyError("ends_at must give each activity an end no earlier than its start")
        open_now &= ends <= acts.starts_at[target.activity]
    return np.flatnonzero(open_now)


def _within_reach(start: np.ndarray, acts: Activities, rows: np.ndarray) -> np.ndarray:
    required = acts.required[rows]
    flags = practice_flags(start[None, :], required, acts.strictness[rows])
    return ~((required >= 0) & (flags & BLOCKED).astype(bool)).any(axis=1)


def _towards(start, acts: Activities, pool, short) -> NearestStep | None:
    required = acts.required[np.ix_(pool, short)].astype(np.int64)
    strictness = acts.strictness[np.ix_(pool, short)]
    level = start[short][None, :]
    learned = learn_step(level, np.maximum(required, 0), strictness, True)
    raises = (required >= 0) & (learned > level)
    row, column = np.nonzero(raises)
    if row.size == 0:
        return None
    reach = _within_reach(start, acts, pool[row])
    best = np.lexsort((pool[row], acts.starts_at[pool[row]], ~reach, required[row, column]))[0]
    act, practice = int(pool[row[best]]), int(short[column[best]])
    asked = int(required[row[best], column[best]])
    return NearestStep(act, practice, asked, bool(reach[best]), related=False)


def _related(start, acts: Activities, pool, short) -> NearestStep | None:
    involved = acts.required >= 0
    # How often upcoming activities pair each practice with the goal's practices.
    pairing = involved[:, short].sum(axis=1) @ involved.astype(np.int64)
    pairing[short] = 0
    candidates = pool[_within_reach(start, acts, pool)]
    if candidates.size == 0 or not pairing.any():
        return None
    strength = np.where(involved[candidates], pairing[None, :], 0)
    best_practice = strength.argmax(axis=1)
    best_strength = strength.max(axis=1)
    keep = best_strength > 0
    if not keep.any():
        return None
    rows, practices, strengths = candidates[keep], best_practice[keep], best_strength[keep]
    best = np.lexsort((rows, acts.starts_at[rows], -strengths))[0]
    act, practice = int(rows[best]), int(practices[best])
    return NearestStep(act, practice, int(acts.required[act, practice]), True, related=True)
