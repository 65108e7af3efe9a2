"""Social learning: how taking part in an activity moves a participant's observed levels.

People learn a practice by doing it among others who know it. After an activity, every
practice it involves moves the participant's level one step towards what the activity asks,
when the participant could take part in it without preparing first; a buddy at their side
makes up for being out of their depth. Levels only go up, by at most one per activity.

Self-assessed and observed levels are kept apart; `combined_level` is the one rule for
reading a participant's level from the two. See docs/engines/signposting.md ("Social
learning") for the rule and its guarantees.

>>> observed_after_attendance(UNKNOWN, 0, required=1, strictness=0.3)  # a come-and-sing
1
>>> observed_after_attendance(UNKNOWN, 1, required=2, strictness=0.9)  # too strict, alone
-1
>>> observed_after_attendance(UNKNOWN, 1, required=2, strictness=0.9, with_buddy=True)
2
>>> combined_level(self_level=3, observed_level=UNKNOWN), combined_level(UNKNOWN, UNKNOWN)
(3, -1)
"""

from __future__ import annotations

import numpy as np

from overture.engines.checks import finite_array, whole_number, whole_numbers
from overture.engines.errors import EngineInputError
from overture.engines.levels import MAX_LEVEL, UNKNOWN
from overture.engines.signposting.fit import BLOCKED, practice_flags

__all__ = [
    "CREDIT_CEILING_FLOOR",
    "UNKNOWN",
    "SocialLearningError",
    "combined_level",
    "combined_levels",
    "level_after_attendance",
    "observed_after_attendance",
    "observed_levels_after_attendance",
]

# An activity that asks no experience still teaches a newcomer what doing it once is like:
# attending it can take someone up to novice, never further.
CREDIT_CEILING_FLOOR = 1


class SocialLearningError(EngineInputError):
    """Levels, requirements or strictness the learning rule cannot work with."""


def _known(level: int | None) -> bool:
    return level is not None and level != UNKNOWN


def _level(name: str, value) -> int | None:
    if value is None:
        return None
    rule = f"{name} must be 0–3, or -1 / None when not known"
    return whole_number(name, value, SocialLearningError, low=UNKNOWN, high=MAX_LEVEL, rule=rule)


def _levels(name: str, values, *, low: int = UNKNOWN) -> np.ndarray:
    known = "" if low >= 0 else ", or -1 when not known"
    rule = f"{name} must be {low if low >= 0 else 0}–3{known}"
    return whole_numbers(name, values, SocialLearningError, low=low, high=MAX_LEVEL, rule=rule)


def _strictness(values) -> np.ndarray:
    rule = "strictness must lie between 0 and 1"
    return finite_array("strictness", values, SocialLearningError, low=0, high=1, rule=rule)


def _broadcast(**arrays) -> None:
    try:
        np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {np.shape(a)}" for name, a in arrays.items())
        raise SocialLearningError(f"shapes do not fit together: {shapes}") from None


def combined_level(self_level: int | None, observed_level: int | None) -> int:
    """The participant's level in one practice: observed if any, else self-assessed, else -1.

    What the organisation saw outranks what the person said, in both directions. None and -1
    both mean "not known".
    """
    self_level, observed_level = (
        _level("self_level", self_level),
        _level("observed_level", observed_level),
    )
    if _known(observed_level):
        return int(observed_level)
    if _known(self_level):
        return int(self_level)
    return UNKNOWN


def combined_levels(self_levels, observed_levels) -> np.ndarray:
    """`combined_level` elementwise over arrays (-1 = not known), as int8."""
    self_array = _levels("self_levels", self_levels).astype(np.int8)
    observed = _levels("observed_levels", observed_levels).astype(np.int8)
    _broadcast(self_levels=self_array, observed_levels=observed)
    return np.where(observed != UNKNOWN, observed, self_array).astype(np.int8)


def level_after_attendance(level, required, strictness, with_buddy=False) -> np.ndarray:
    """The level reached in a practice after taking part once (elementwise, broadcasting).

    `level` is the participant's current (combined) level, -1 counted as newcomer. The level
    rises by one when it is below the activity's ceiling — the required level, and at least
    novice — and either the practice did not ask the participant to prepare first (no gap on
    a strict practice, no gap of two levels) or a buddy was at their side.
    """
    level, required = _levels("level", level), _levels("required", required, low=0)
    strictness = _strictness(strictness)
    with_buddy = whole_numbers("with_buddy", with_buddy, SocialLearningError, low=0, high=1)
    _broadcast(level=level, required=required, strictness=strictness, with_buddy=with_buddy)
    return learn_step(level, required, strictness, with_buddy)


def learn_step(level, required, strictness, with_buddy=False) -> np.ndarray:
    """`level_after_attendance` without its checks, for callers whose arrays are checked
    already (the journey search calls it for every state it expands)."""
    base = np.maximum(np.asarray(level, dtype=np.int64), 0)
    required = np.asarray(required, dtype=np.int64)
    ceiling = np.maximum(required, CREDIT_CEILING_FLOOR)
    within_reach = (practice_flags(base, required, strictness) & BLOCKED) == 0
    rises = (base < ceiling) & (within_reach | np.asarray(with_buddy, dtype=bool))
    return np.minimum(base + rises, MAX_LEVEL)


def observed_after_attendance(
    current_observed: int | None,
    self_level: int | None,
    required: int,
    strictness: float,
    with_buddy: bool = False,
) -> int:
    """The observed level to store for one practice after the participant attended once.

    The step starts from the level as read by `combined_level` (so an observation never
    reads lower than what the person said before it). When attending raises that level, the
    observed level becomes the raised one; otherwise the observed level stays as it is
    (possibly not known, -1: nothing new was observed).
    """
    current_observed = _level("current_observed", current_observed)
    self_level = _level("self_level", self_level)
    observed = UNKNOWN if current_observed is None else current_observed
    own = UNKNOWN if self_level is None else self_level
    return int(observed_levels_after_attendance(observed, own, required, strictness, with_buddy))


def observed_levels_after_attendance(
    current_observed, self_levels, required, strictness, with_buddy=False
) -> np.ndarray:
    """`observed_after_attendance` elementwise over arrays (-1 = not known), as int8."""
    observed = _levels("current_observed", current_observed)
    own = _levels("self_levels", self_levels)
    required = _levels("required", required, low=0)
    strictness = _strictness(strictness)
    buddy = whole_numbers("with_buddy", with_buddy, SocialLearningError, low=0, high=1)
    _broadcast(
        current_observed=observed,
        self_levels=own,
        required=required,
        strictness=strictness,
        with_buddy=buddy,
    )
    current = np.where(observed != UNKNOWN, observed, own)
    reached = learn_step(current, required, strictness, buddy)
    return np.where(reached > np.maximum(current, 0), reached, observed).astype(np.int8)
