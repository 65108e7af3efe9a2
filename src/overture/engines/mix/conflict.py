"""Expected heterogeneity conflict of a group sharing one space under one set of norms.

Three sources of friction, each 0–1 (docs/engines/audience_mix.md has the reasoning):

- **dispersion** — people of very different levels in practices where deviation disturbs
  others: per practice p, the mean level difference over all ordered pairs, each person with
  themselves included (Gini's mean difference, at most 1.5 on the 0–3 scale), scaled by its
  strictness `s_p` and the space's norms `f`, averaged over the practices as chances (a
  geometric mean, so that many practices do not pile up to certainty):
  ``D = 1 − (Π_p (1 − f·s_p·GMD_p / 1.5))^(1/P)``;
- **clash** — people who stated opposite preferences share the space, ``C = 4·q_r·q_t``
  with `q_r`, `q_t` the shares preferring relaxed and traditional norms (1 at half and half);
- **misfit** — stated preferences against the norms actually kept, ``M = mean |π_i − f·S|``
  over everyone (0 for no preference), with π = 0 relaxed, 1 traditional and S the activity's
  highest strictness.

``total = 0.6·D + 0.2·C + 0.2·M``: the spread of levels weighs most; a room of people alike,
who find the norms as they wish, scores 0. Unknown levels (−1) count as newcomer. A zoned
room's conflict is the size-weighted mean of its zones' totals: splitting a room at random
changes it little (each person also pairs with themselves, so smaller zones come out slightly
calmer, by under 0.01 for halves of 100), while grouping like with like lowers it. Separation is not
always better: two zones kept at the same norms can score above the room they came from when
people differ on different practices in each (docs/engines/audience_mix.md).

>>> import numpy as np
>>> mixed = group_conflict([[0], [3], [0], [3]], strictness=[1.0], preference=[-1] * 4)
>>> round(mixed.dispersion, 3), mixed.clash, mixed.misfit, round(mixed.total, 3)
(1.0, 0.0, 0.0, 0.6)
>>> apart = zoned_conflict([[0], [3], [0], [3]], [1.0], [-1] * 4, zone_of=[0, 1, 0, 1],
...                        zone_norms=[1.0, 1.0])
>>> float(apart.overall)
0.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from overture.engines.checks import finite_array, finite_number, whole_numbers
from overture.engines.errors import EngineInputError
from overture.engines.levels import LEVELS

__all__ = [
    "NO_PREFERENCE",
    "RELAXED",
    "TRADITIONAL",
    "Conflict",
    "ConflictError",
    "ZonedConflict",
    "group_conflict",
    "practice_dispersion",
    "total_conflict",
    "zoned_conflict",
]

NO_PREFERENCE, RELAXED, TRADITIONAL = -1, 0, 1
MAX_MEAN_DIFFERENCE = 1.5  # half the group at 0, half at 3
SOURCE_WEIGHTS = (0.6, 0.2, 0.2)  # dispersion, clash, misfit
_DISTANCE = np.abs(np.subtract.outer(np.arange(LEVELS), np.arange(LEVELS))).astype(np.float64)


class ConflictError(EngineInputError):
    """Inputs the conflict measure cannot work with."""


def practice_dispersion(chance: np.ndarray) -> np.ndarray:
    """D from each practice's chance of friction (last axis): 1 − geometric mean of 1 − chance."""
    chance = np.clip(np.asarray(chance, dtype=np.float64), 0, 1)
    practices = chance.shape[-1]
    if practices == 0:
        return np.zeros(chance.shape[:-1])
    return 1 - np.prod(1 - chance, axis=-1) ** (1 / practices)


def total_conflict(dispersion, clash, misfit):
    """The weighted sum of the three sources (elementwise)."""
    weight_d, weight_c, weight_m = SOURCE_WEIGHTS
    return weight_d * dispersion + weight_c * clash + weight_m * misfit


@dataclass(frozen=True)
class Conflict:
    dispersion: float
    clash: float
    misfit: float
    total: float


@dataclass(frozen=True, eq=False)
class ZonedConflict:
    """Per zone: `size` people and their `dispersion`, `clash`, `misfit`, `total`;
    `overall` is the size-weighted mean total (0 when nobody is seated)."""

    size: np.ndarray
    dispersion: np.ndarray
    clash: np.ndarray
    misfit: np.ndarray
    total: np.ndarray
    overall: float


def checked_inputs(levels, strictness, preference) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Levels (unknown counted as newcomer), strictness and preferences, checked."""
    strict = finite_array("strictness", strictness, ConflictError, low=0, high=1).ravel()
    pref = whole_numbers(
        "preference",
        preference,
        ConflictError,
        low=NO_PREFERENCE,
        high=TRADITIONAL,
        rule="preference must be -1 (none), 0 (relaxed) or 1 (traditional)",
    ).ravel()
    level = whole_numbers(
        "levels",
        levels,
        ConflictError,
        low=-1,
        high=LEVELS - 1,
        rule="levels must lie between -1 (unknown) and 3",
    )
    if level.size != pref.size * strict.size:
        raise ConflictError(
            f"levels has shape {level.shape}; levels must have one row per person "
            f"({pref.size}) and one column per practice ({strict.size})"
        )
    return np.maximum(level.reshape(pref.size, strict.size), 0), strict, pref


def zoned_conflict(levels, strictness, preference, zone_of, zone_norms) -> ZonedConflict:
    """Conflict in each zone of the people seated there (`zone_of[i]` = -1: not seated).

    `levels` is (people, practices) of the activity's practices, `zone_norms[z]` how strictly
    zone z keeps the activity's norms (1 = as they are, 0 = anything goes).
    """
    level, strict, pref = checked_inputs(levels, strictness, preference)
    norms = finite_array(
        "zone_norms",
        zone_norms,
        ConflictError,
        low=0,
        high=1,
        rule="zone norms must lie between 0 and 1",
    ).ravel()
    zones = norms.size
    zone = whole_numbers(
        "zone_of",
        zone_of,
        ConflictError,
        low=-1,
        high=zones - 1,
        rule=f"zone_of must hold zones below {zones}, or -1",
    ).ravel()
    if zone.size != level.shape[0]:
        raise ConflictError(
            f"zone_of has {zone.size} entries; zone_of must hold one zone per person "
            f"({level.shape[0]})"
        )

    seated = zone >= 0
    level, pref, zone = level[seated], pref[seated], zone[seated]
    size = np.bincount(zone, minlength=zones).astype(np.float64)
    practices = strict.size
    counts = np.bincount(
        ((zone[:, None] * practices + np.arange(practices)) * LEVELS + level).ravel(),
        minlength=zones * practices * LEVELS,
    ).reshape(zones, practices, LEVELS)
    pair_difference = np.einsum("zpa,ab,zpb->zp", counts, _DISTANCE, counts)
    pairs = np.maximum(size * size, 1)[:, None]
    mean_difference = pair_difference / pairs
    chance = norms[:, None] * strict[None, :] * mean_difference / MAX_MEAN_DIFFERENCE
    dispersion = practice_dispersion(chance)

    safe_size = np.maximum(size, 1)
    relaxed = np.bincount(zone[pref == RELAXED], minlength=zones) / safe_size
    traditional = np.bincount(zone[pref == TRADITIONAL], minlength=zones) / safe_size
    clash = 4 * relaxed * traditional
    kept = norms * (strict.max() if strict.size else 0.0)
    stated = pref != NO_PREFERENCE
    gap = np.abs(pref[stated] - kept[zone[stated]])
    misfit = np.bincount(zone[stated], weights=gap, minlength=zones) / safe_size

    total = total_conflict(dispersion, clash, misfit)
    overall = float((size * total).sum() / size.sum()) if size.sum() else 0.0
    return ZonedConflict(size.astype(np.int64), dispersion, clash, misfit, total, overall)


def group_conflict(levels, strictness, preference, norms: float = 1.0) -> Conflict:
    """Conflict of everyone given, together in one space kept at `norms`."""
    count = np.size(preference)
    norm = finite_number("norms", norms, ConflictError, low=0, high=1)
    result = zoned_conflict(levels, strictness, preference, np.zeros(count, np.int64), [norm])
    return Conflict(
        float(result.dispersion[0]),
        float(result.clash[0]),
        float(result.misfit[0]),
        float(result.total[0]),
    )
