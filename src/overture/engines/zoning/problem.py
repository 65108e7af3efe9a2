"""The zoning problem: who is to be seated, in which zones, and the seating found.

`ZoningProblem` checks and holds an activity's registrants (levels, preferences, parties,
booking order) and its zones (capacities, norms); `Zoning` is a seating with its figures.
`seating.zone` finds one; docs/engines/zoning.md has the method.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from overture.engines.checks import (
    bounded_total,
    finite_array,
    whole_numbers,
)
from overture.engines.errors import EngineInputError
from overture.engines.levels import LEVELS
from overture.engines.mix.conflict import NO_PREFERENCE, TRADITIONAL, ZonedConflict

__all__ = [
    "ALL_TAKEN",
    "ALONE",
    "NO_SEATS",
    "NO_ZONE",
    "PARTY_TOO_LARGE",
    "RELAXED_BELOW",
    "Unseated",
    "Zoning",
    "ZoningError",
    "ZoningProblem",
]

NO_ZONE = -1  # in `preferred_zone`: none stated; in `Zoning.zone_of`: not seated
ALONE = -1  # in `party`: booked alone
RELAXED_BELOW = 0.5  # a zone with norms below this counts as relaxed (as `Zone.is_relaxed`)


class ZoningError(EngineInputError):
    """Inputs zoning cannot work with."""


@dataclass(frozen=True, eq=False)
class ZoningProblem:
    """Who is coming and the zones they can be seated in.

    Registrant i is row i everywhere, **in booking order** (earlier bookings are seated first
    when seats run out). `levels` (N, P) int −1 (unknown = newcomer) .. 3 over the activity's
    P practices, `strictness` (P,) 0–1, `preference` (N,) −1 none, 0 relaxed, 1 traditional;
    `zone_capacity` (Z,) seats, `zone_norms` (Z,) 0–1; `preferred_zone` (N,) a zone index or
    −1; `party` (N,) −1 alone, equal ids ≥ 0 sit together.
    """

    levels: np.ndarray
    strictness: np.ndarray
    preference: np.ndarray
    zone_capacity: np.ndarray
    zone_norms: np.ndarray
    preferred_zone: np.ndarray | None = None
    party: np.ndarray | None = None

    def __post_init__(self) -> None:
        strict = finite_array(
            "strictness",
            self.strictness,
            ZoningError,
            low=0,
            high=1,
            rule="bad zoning input: strictness lies in 0–1",
        ).ravel()
        pref = whole_numbers(
            "preference",
            self.preference,
            ZoningError,
            low=NO_PREFERENCE,
            high=TRADITIONAL,
            rule="bad zoning input: preference is −1 (none), 0 (relaxed) or 1 (traditional)",
        ).ravel()
        people = pref.size
        level = whole_numbers(
            "levels",
            self.levels,
            ZoningError,
            low=-1,
            high=LEVELS - 1,
            rule="bad zoning input: levels lie in −1..3",
        )
        if level.size != people * strict.size:
            raise ZoningError(
                f"bad zoning input: levels has shape {level.shape}; levels must be "
                f"(registrants, practices) = ({people}, {strict.size})"
            )
        level = level.reshape(people, strict.size)
        capacity = whole_numbers(
            "zone_capacity",
            self.zone_capacity,
            ZoningError,
            low=0,
            rule="bad zoning input: zone capacities are not negative",
        ).ravel()
        bounded_total("zone_capacity", capacity, ZoningError)
        zones = capacity.size
        norms = finite_array(
            "zone_norms",
            self.zone_norms,
            ZoningError,
            low=0,
            high=1,
            rule="bad zoning input: zone norms lie in 0–1",
        ).ravel()
        if norms.size != zones:
            raise ZoningError(
                f"bad zoning input: zone_norms has {norms.size} values; zone_norms holds "
                f"one value per zone ({zones})"
            )
        preferred = _per_person(
            "preferred_zone",
            self.preferred_zone,
            people,
            NO_ZONE,
            zones - 1,
            f"bad zoning input: preferred_zone holds a zone below {zones} or −1",
        )
        party = _per_person(
            "party",
            self.party,
            people,
            ALONE,
            None,
            "bad zoning input: party holds −1 or a party id ≥ 0",
        )
        values = {
            "levels": level,
            "strictness": strict,
            "preference": pref,
            "zone_capacity": capacity,
            "zone_norms": norms,
            "preferred_zone": preferred,
            "party": party,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)
        # Registrants the measure cannot tell apart (levels, unknown as newcomer, and
        # preference) are priced once per kind.
        kind_of = row_keys(np.column_stack([np.maximum(level, 0), pref]))
        _, first = np.unique(kind_of, return_index=True)
        object.__setattr__(self, "_kind_of", kind_of)
        object.__setattr__(self, "_kind_person", first)

    @property
    def people(self) -> int:
        return int(self.preference.size)

    @property
    def zones(self) -> int:
        return int(self.zone_capacity.size)


def row_keys(rows: np.ndarray) -> np.ndarray:
    """A class per distinct row of small non-negative-or-−1 integers, numbered 0, 1, ..."""
    if not rows.size:
        return np.zeros(rows.shape[0], dtype=np.int64)
    shifted = rows - rows.min(axis=0)
    radix = shifted.max(axis=0) + 1
    if np.log2(radix.astype(np.float64)).sum() < 62:
        key = shifted @ np.concatenate([[1], np.cumprod(radix[:0:-1])])[::-1]
        return np.unique(key, return_inverse=True)[1].ravel()
    return np.unique(rows, axis=0, return_inverse=True)[1].ravel()


def _per_person(name: str, value, people: int, default: int, high, rule: str) -> np.ndarray:
    if value is None:
        return np.full(people, default, dtype=np.int64)
    array = whole_numbers(name, value, ZoningError, low=default, high=high, rule=rule).ravel()
    if array.size != people:
        raise ZoningError(
            f"bad zoning input: {name} has {array.size} values; {name} holds one value per "
            f"registrant ({people})"
        )
    return array


@dataclass(frozen=True)
class Unseated:
    """Why a registrant has no zone, as a code with its parameters (the apps word it).

    `PARTY_TOO_LARGE` (`size`: the party's size), `NO_SEATS` (no zone has a seat) or
    `ALL_TAKEN` (`seats`: every seat of the zones, all taken).
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


PARTY_TOO_LARGE = "party_too_large"
NO_SEATS = "no_seats"
ALL_TAKEN = "all_taken"


@dataclass(frozen=True, eq=False)
class Zoning:
    """Where everyone sits, and what it does to conflict.

    `zone_of[i]` is registrant i's zone, −1 when not seated; `unseated` lists those
    registrants (ascending) and `unseated_reason` says why, one `Unseated` code each.
    `conflict_before` is everyone together in one room at the activity's norms (1.0),
    `conflict_after` the size-weighted conflict of the zones as seated (`per_zone`).
    `parties` counts parties of two or more. A preference is *stated* by whoever chose a
    zone or a norms preference, and *honoured* when they sit in the zone they chose or, with
    no zone chosen, in a zone of the norms they asked for (relaxed: norms below 0.5).
    """

    zone_of: np.ndarray
    conflict_before: float
    conflict_after: float
    per_zone: ZonedConflict
    seated: int
    unseated: np.ndarray
    unseated_reason: list[Unseated]
    parties: int
    preferences_stated: int
    preferences_honoured: int


# --- Requests: parties and alike registrants --------------------------------------------
