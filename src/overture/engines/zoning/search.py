"""Local improvement of a zoning on the true conflict measure: moves and swaps.

The linearised rounds of `zoning.zone` price one more registrant in a zone from the zone's
current make-up, which is exact to first order in 1/size: right for large zones, rough for a
zone of a handful of people, where one person changes the mix a lot and the rounds can swing
between two seatings. On activities of up to `LOCAL_UNITS` parties and registrants alone,
this module then takes, one at a time, the best of

- **moving** a party or a registrant to another zone with room for them, and
- **swapping** two of them between zones (when capacity allows the exchange),

judged by the true size-weighted conflict Σ_z size_z · total_z, recomputed exactly for the two
zones touched, until no such step lowers it. A step never loses an honoured zone choice and
never unseats anyone, so the seating and preference guarantees of the rounds still hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from overture.engines.levels import LEVELS
from overture.engines.mix.conflict import (
    MAX_MEAN_DIFFERENCE,
    NO_PREFERENCE,
    RELAXED,
    TRADITIONAL,
    practice_dispersion,
    total_conflict,
)
from overture.engines.zoning.problem import ZoningProblem

__all__ = ["LOCAL_UNITS", "improve"]

LOCAL_UNITS = 400  # parties and registrants alone, at most, for the local search
SWAP_PAIRS = 8_000  # pairs of distinct seated kinds, at most, for swaps
STEPS = 200  # moves and swaps, at most
IMPROVEMENT = 1e-9  # in Σ size · total: below this a step is not an improvement
_DISTANCE = np.abs(np.subtract.outer(np.arange(LEVELS), np.arange(LEVELS))).astype(np.float64)


@dataclass(frozen=True, eq=False)
class _Units:
    """Seated parties and registrants alone, with what they add to a zone."""

    members: list[np.ndarray]
    size: np.ndarray  # (U,)
    levels: np.ndarray  # (U, P, LEVELS) members at each level per practice
    relaxed: np.ndarray  # (U,)
    traditional: np.ndarray  # (U,)
    gap: np.ndarray  # (U, Z) their misfit Σ |π − f_z·S| in each zone
    chose: np.ndarray  # (U, Z) members who chose zone z


def improve(problem: ZoningProblem, zone_of: np.ndarray, *, steps: int | None = None) -> None:
    """Improve `zone_of` in place by moves and swaps while they lower conflict."""
    seated = np.flatnonzero(zone_of >= 0)
    key = np.where(problem.party[seated] >= 0, problem.party[seated], -1 - seated)
    _, unit_of = np.unique(key, return_inverse=True)
    count = int(unit_of.max()) + 1 if seated.size else 0
    if count < 2 or count > LOCAL_UNITS or problem.zones < 2:
        return
    units = _units(problem, seated, unit_of.ravel(), count)
    where = np.zeros(count, dtype=np.int64)
    where[unit_of.ravel()] = zone_of[seated]
    weights = problem.zone_norms[:, None] * problem.strictness[None, :] / MAX_MEAN_DIFFERENCE
    zones = _Zones.of(units, where, problem.zones, weights)
    for _ in range(steps if steps is not None else min(4 * count, STEPS)):
        step = _best_step(units, where, zones, problem.zone_capacity)
        if step is None:
            break
        for unit, zone in step:
            zones.shift(units, unit, where[unit], zone)
            where[unit] = zone
    for unit, members in enumerate(units.members):
        zone_of[members] = where[unit]


def _units(problem: ZoningProblem, seated: np.ndarray, unit_of: np.ndarray, count: int) -> _Units:
    practices = problem.strictness.size
    level = np.maximum(problem.levels[seated], 0)
    levels = np.zeros((count, practices, LEVELS))
    for p in range(practices):
        np.add.at(levels, (unit_of, p, level[:, p]), 1)
    pref = problem.preference[seated]
    highest = problem.strictness.max() if practices else 0.0
    gap = np.abs(pref[:, None] - problem.zone_norms[None, :] * highest)
    gap[pref == NO_PREFERENCE] = 0.0
    unit_gap = np.zeros((count, problem.zones))
    np.add.at(unit_gap, unit_of, gap)
    chosen = problem.preferred_zone[seated]
    chose = np.zeros((count, problem.zones), dtype=np.int64)
    np.add.at(chose, (unit_of[chosen >= 0], chosen[chosen >= 0]), 1)
    order = np.argsort(unit_of, kind="stable")
    bounds = np.searchsorted(unit_of[order], np.arange(count + 1))
    return _Units(
        members=[seated[order[bounds[u] : bounds[u + 1]]] for u in range(count)],
        size=np.diff(bounds).astype(np.float64),
        levels=levels,
        relaxed=np.bincount(unit_of[pref == RELAXED], minlength=count).astype(np.float64),
        traditional=np.bincount(unit_of[pref == TRADITIONAL], minlength=count).astype(np.float64),
        gap=unit_gap,
        chose=chose,
    )


@dataclass(eq=False)
class _Zones:
    """Running totals per zone, enough to recompute its conflict exactly."""

    levels: np.ndarray  # (Z, P, LEVELS)
    size: np.ndarray
    relaxed: np.ndarray
    traditional: np.ndarray
    gap: np.ndarray  # Σ misfit of those seated there
    weights: np.ndarray  # (Z, P) norms × strictness / 1.5

    @classmethod
    def of(cls, units: _Units, where: np.ndarray, zones: int, weights: np.ndarray) -> _Zones:
        def total(values: np.ndarray) -> np.ndarray:
            out = np.zeros((zones, *values.shape[1:]))
            np.add.at(out, where, values)
            return out

        return cls(
            levels=total(units.levels),
            size=total(units.size),
            relaxed=total(units.relaxed),
            traditional=total(units.traditional),
            gap=total(units.gap[np.arange(where.size), where]),
            weights=weights,
        )

    def shift(self, units: _Units, unit: int, source: int, target: int) -> None:
        for zone, sign in ((source, -1.0), (target, 1.0)):
            self.levels[zone] += sign * units.levels[unit]
            self.size[zone] += sign * units.size[unit]
            self.relaxed[zone] += sign * units.relaxed[unit]
            self.traditional[zone] += sign * units.traditional[unit]
            self.gap[zone] += sign * units.gap[unit, zone]

    def weighted(self) -> np.ndarray:
        """Σ size · total of each zone as it is."""
        return _weighted(
            self.levels, self.size, self.relaxed, self.traditional, self.gap, self.weights
        )


def _weighted(levels, size, relaxed, traditional, gap, weights) -> np.ndarray:
    """size · total of zones given by their sums (any leading shape; `weights` (..., P))."""
    safe = np.maximum(size, 1.0)
    pairs = ((levels @ _DISTANCE) * levels).sum(axis=-1)
    dispersion = practice_dispersion(weights * pairs / (safe * safe)[..., None])
    clash = 4 * relaxed * traditional / (safe * safe)
    misfit = gap / safe
    total = total_conflict(dispersion, clash, misfit)
    return np.where(size > 0, size * total, 0.0)


def _best_step(units: _Units, where: np.ndarray, zones: _Zones, capacity: np.ndarray):
    """The best move or swap as [(unit, new zone), ...], or None when none improves."""
    now = zones.weighted()
    free = capacity - zones.size
    best = _best_move(units, where, zones, now, free)
    swap = _best_swap(units, where, zones, now, free)
    if swap is not None and (best is None or swap[0] > best[0]):
        best = swap
    return None if best is None else best[1]


def _gain(honoured: np.ndarray, change: np.ndarray) -> np.ndarray:
    """Order of steps: more zone choices honoured first, then less conflict; −inf when the
    step is no improvement."""
    better = (honoured > 0) | ((honoured == 0) & (change < -IMPROVEMENT))
    return np.where(better, honoured * 1e6 - change, -np.inf)


def _best_move(units, where, zones, now, free):
    source = where
    count = where.size
    rows = np.arange(count)
    leave = _weighted(
        zones.levels[source] - units.levels,
        zones.size[source] - units.size,
        zones.relaxed[source] - units.relaxed,
        zones.traditional[source] - units.traditional,
        zones.gap[source] - units.gap[rows, source],
        zones.weights[source],
    )
    join = _weighted(
        zones.levels[None] + units.levels[:, None],
        zones.size[None] + units.size[:, None],
        zones.relaxed[None] + units.relaxed[:, None],
        zones.traditional[None] + units.traditional[:, None],
        zones.gap[None] + units.gap,
        zones.weights[None],
    )
    change = leave[:, None] + join - now[source][:, None] - now[None, :]
    honoured = units.chose - units.chose[rows, source][:, None]
    gain = _gain(honoured, change)
    gain[
        (free[None, :] < units.size[:, None]) | (np.arange(now.size)[None, :] == source[:, None])
    ] = -np.inf
    at = int(np.argmax(gain))
    unit, zone = divmod(at, now.size)
    if not np.isfinite(gain[unit, zone]):
        return None
    return gain[unit, zone], [(unit, zone)]


def _best_swap(units, where, zones, now, free):
    # Units alike in everything the measure sees and seated in the same zone swap alike:
    # one of each kind and zone is enough.
    signature = np.column_stack(
        [
            where,
            units.levels.reshape(where.size, -1),
            units.relaxed,
            units.traditional,
            units.chose,
        ]
    )
    _, kind = np.unique(signature, axis=0, return_index=True)
    if kind.size * kind.size > 2 * SWAP_PAIRS:
        return None
    first, second = np.triu_indices(kind.size, k=1)
    first, second = kind[first], kind[second]
    a, b = where[first], where[second]
    fits = (
        (a != b)
        & (free[a] + units.size[first] >= units.size[second])
        & (free[b] + units.size[second] >= units.size[first])
    )
    first, second, a, b = first[fits], second[fits], a[fits], b[fits]
    if not first.size:
        return None

    def after(zone, out, into):
        return _weighted(
            zones.levels[zone] - units.levels[out] + units.levels[into],
            zones.size[zone] - units.size[out] + units.size[into],
            zones.relaxed[zone] - units.relaxed[out] + units.relaxed[into],
            zones.traditional[zone] - units.traditional[out] + units.traditional[into],
            zones.gap[zone] - units.gap[out, zone] + units.gap[into, zone],
            zones.weights[zone],
        )

    change = after(a, first, second) + after(b, second, first) - now[a] - now[b]
    honoured = (
        units.chose[first, b]
        + units.chose[second, a]
        - units.chose[first, a]
        - units.chose[second, b]
    )
    gain = _gain(honoured, change)
    at = int(np.argmax(gain))
    if not np.isfinite(gain[at]):
        return None
    return gain[at], [(int(first[at]), int(b[at])), (int(second[at]), int(a[at]))]
