"""Audience labels: an honest word, for anyone, on how much experience an activity asks.

Anonymous visitors have no competence profile, so instead of a fit they see one of three
labels per activity, worked out from its requirements alone with the signposting engine's own
rules (docs/engines/signposting.md, "Audience labels"):

- **Newcomers welcome** — the activity is *welcoming* (`fit`: welcome ≥ 0.5) and
  no practice would ask a newcomer to prepare first: nothing above newcomer on strict practices
  (strictness ≥ 0.5), at most novice on relaxed ones. For someone new to everything it is
  always a *good first step* (or *right for you* when it involves no practice).
- **For regulars and experts** — even someone who has done every practice once or twice (a
  novice) would have to prepare first: some practice asks expert level, or regular level
  where strict.
- **For beginners and up** — everything in between.

The engine gives each label as a code; the apps say it in the level words participants read
everywhere (`overture.season.wording`), with the same phrases as the activity page's
requirement lines.

Raising a required level or a strictness never makes a label friendlier (property-tested).
Plain arrays in, plain arrays out: no Django here.

>>> labels = audience_labels(
...     required=[[0, -1], [1, 1], [2, 0]],      # relaxed performance, come-and-sing, symphony
...     strictness=[[0.05, 0], [0.5, 0.4], [0.9, 0.3]],
...     scale=[0.5, 0.75, 0.0],
... )
>>> [AudienceLabel(code).name for code in labels]
['IDEAL_FIRST_VISIT', 'SOME_EXPERIENCE_HELPS', 'FOR_EXPERIENCED']
>>> hardest_practice([[2, 0]], [[0.9, 0.3]]).tolist()
[0]
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from overture.engines.checks import finite_array, whole_numbers
from overture.engines.signposting.fit import BLOCKED, Activities, SignpostingError, practice_flags

__all__ = [
    "AudienceLabel",
    "audience_labels",
    "hardest_practice",
    "labels_of",
]

NEWCOMER, NOVICE = 0, 1


class AudienceLabel(IntEnum):
    """How much experience an activity asks; a higher value asks more."""

    IDEAL_FIRST_VISIT = 0
    SOME_EXPERIENCE_HELPS = 1
    FOR_EXPERIENCED = 2


def labels_of(activities: Activities) -> np.ndarray:
    """The AudienceLabel code (int8) of every activity, in order."""
    if not isinstance(activities, Activities):
        raise SignpostingError(
            f"activities is a {type(activities).__name__}; it must be Activities"
        )
    required, strictness = activities.required, activities.strictness
    involved = required >= 0
    newcomer_blocked = _blocked(NEWCOMER, required, strictness, involved)
    novice_blocked = _blocked(NOVICE, required, strictness, involved)
    ideal = activities.welcoming & ~newcomer_blocked
    return np.select(
        [ideal, novice_blocked],
        [AudienceLabel.IDEAL_FIRST_VISIT, AudienceLabel.FOR_EXPERIENCED],
        AudienceLabel.SOME_EXPERIENCE_HELPS,
    ).astype(np.int8)


def audience_labels(required, strictness, scale, *, welcome=None) -> np.ndarray:
    """Labels from the requirement matrices (-1 = not involved) and the format scale.

    `welcome` optionally overrides how welcoming each activity is, as in `Activities`.
    """
    required = np.asarray(required)
    count = required.shape[0] if required.ndim == 2 else 0
    activities = Activities(
        required=required,
        strictness=strictness,
        scale=scale,
        starts_at=np.zeros(count, dtype=np.int64),
        places_left=np.zeros(count, dtype=np.int64),
        welcome=welcome,
    )
    return labels_of(activities)


def hardest_practice(required, strictness) -> np.ndarray:
    """Per activity, the column of its most demanding practice, or -1 when it involves none.

    Most demanding: highest required level, then highest strictness, then the lower column.
    When an activity is "for regulars and experts", this practice is one that a novice
    would have to prepare for.
    """
    required = finite_array("required", required, SignpostingError, nan_allowed=True)
    required = np.where(np.isnan(required), -1.0, required)
    whole_numbers(
        "required",
        required,
        SignpostingError,
        low=-1,
        high=3,
        rule="required levels must be 0–3, or -1 where not involved",
    )
    strictness = finite_array("strictness", strictness, SignpostingError, low=0, high=1)
    if strictness.shape != required.shape:
        raise SignpostingError(
            f"strictness has shape {strictness.shape}; strictness must have the shape of "
            f"required {required.shape}"
        )
    if required.ndim != 2 or required.shape[1] == 0:
        return np.full(required.shape[0] if required.ndim else 0, -1, dtype=np.int64)
    # Strictness lies in [0, 1], so scaled below 1 it only breaks ties between equal levels.
    key = np.where(required >= 0, required + 0.5 * strictness, -np.inf)
    column = key.argmax(axis=1)
    return np.where(np.isfinite(key.max(axis=1)), column, -1).astype(np.int64)


def _blocked(level: int, required, strictness, involved) -> np.ndarray:
    flags = practice_flags(level, required, strictness)
    return np.any(involved & ((flags & BLOCKED) != 0), axis=1)
