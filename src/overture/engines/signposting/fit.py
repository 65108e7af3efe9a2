"""Inputs of the signposting engine, the fit categories and the score formula.

Everything here works pair by pair on plain arrays; `ranking` turns the same
formula into per-activity tables for whole audiences, and `reasons` puts a pair
into words. See docs/engines/signposting.md for the maths and its guarantees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum

import numpy as np

from overture.engines.checks import (
    finite_array,
    same_length,
    whole_number,
    whole_numbers,
)
from overture.engines.errors import EngineInputError
from overture.engines.levels import MAX_LEVEL, UNKNOWN

__all__ = [
    "UNITS",
    "UNKNOWN",
    "Activities",
    "Assessment",
    "Fit",
    "Registrations",
    "SignpostingError",
    "assess",
    "normalise_levels",
    "practice_flags",
    "practice_units",
    "to_epoch_seconds",
]


# Score formula (see docs/engines/signposting.md). Scores are sums of per-practice terms,
# each rounded to 1/UNITS, so that every way of adding them up gives the same exact number.
UNITS = 256
GAP_BASE = 0.5  # cost of one missing level on a practice nobody minds (strictness 0)
GAP_STRICTNESS = 1.5  # extra cost of one missing level per unit of strictness
WELCOME_WEIGHT = 1.0
FAMILIARITY_WEIGHT = 0.5
VARIETY_WEIGHT = 0.1  # per registration the participant already holds in the same format
VARIETY_CAP = 3
VARIETY_UNITS = round(VARIETY_WEIGHT * UNITS)

STRICT = 0.5  # strictness from which any gap asks the participant to prepare first
WELCOMING = 0.5  # welcome from which an activity can be a good first step

# Per-practice flags, combined over an activity's practices with bitwise OR.
BLOCKED = 1  # a gap on a strict practice, or a gap of two levels or more
SOFT_GAP = 2  # one level short on a practice with strictness below STRICT
NEW = 4  # the participant is a newcomer (or not yet known) in this practice
WELCOMING_BIT = 8  # set per activity, not per practice


class SignpostingError(EngineInputError):
    """Inputs the engine cannot work with: wrong shapes, levels out of range, ..."""


class Fit(IntEnum):
    """How an activity fits a participant; a higher value is a better fit."""

    PREPARE_FIRST = 0
    STRETCH = 1
    GOOD_FIRST_STEP = 2
    RIGHT_FOR_YOU = 3


def _fit_lookup() -> np.ndarray:
    """Fit for every combination of the four flag bits, in the documented precedence."""
    table = np.empty(16, dtype=np.int8)
    for code in range(16):
        if code & BLOCKED:
            fit = Fit.PREPARE_FIRST
        elif code & WELCOMING_BIT and code & NEW:
            fit = Fit.GOOD_FIRST_STEP
        elif not code & SOFT_GAP:
            fit = Fit.RIGHT_FOR_YOU
        else:
            fit = Fit.STRETCH
        table[code] = fit
    return table


FIT_LOOKUP = _fit_lookup()


def to_epoch_seconds(value, name: str = "times") -> np.ndarray:
    """Epoch seconds (int64) from numbers, `datetime64` values or an aware `datetime`."""
    if isinstance(value, datetime):
        return np.asarray(int(value.timestamp()), dtype=np.int64)
    array = np.asarray(value)
    if array.dtype.kind == "M":
        if np.isnat(array).any():
            raise SignpostingError(f"{name} holds NaT; {name} must all be set")
        return array.astype("datetime64[s]").astype(np.int64)
    return whole_numbers(name, array, SignpostingError)


def normalise_levels(levels) -> np.ndarray:
    """Participants × practices levels as int8, with UNKNOWN (-1) for NaN or -1."""
    return _levels_or_unknown(
        "levels",
        levels,
        "levels must be a participants × practices matrix",
        "levels must be 0–3, or -1 / NaN when not known yet",
    )


def _levels_or_unknown(name: str, values, shape_rule: str, rule: str) -> np.ndarray:
    """A 2-D int8 level matrix in which NaN reads as -1."""
    try:
        array = np.asarray(values)
    except ValueError:
        raise SignpostingError(shape_rule) from None
    if array.ndim != 2:
        raise SignpostingError(shape_rule)
    if array.dtype.kind == "f":
        array = np.where(np.isnan(array), UNKNOWN, array)
    return whole_numbers(
        name, array, SignpostingError, low=UNKNOWN, high=MAX_LEVEL, rule=rule, dtype=np.int8
    )


@dataclass(frozen=True, eq=False)
class Activities:
    """The activities to signpost, one row per activity.

    `required` holds the level (0–3) each activity asks in each practice, -1 where the
    activity does not involve the practice. `scale` is the format's position from
    provider-led (0) to consumer-led (1), `format` an optional integer code per format
    (activities with equal `scale` share a format when it is left out), `welcome` an
    optional 0–1 override of how welcoming each activity is to newcomers.
    """

    required: np.ndarray
    strictness: np.ndarray
    scale: np.ndarray
    starts_at: np.ndarray
    places_left: np.ndarray
    format: np.ndarray | None = None
    welcome: np.ndarray | None = None
    involved_count: np.ndarray = field(init=False, repr=False)
    welcoming: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        required = _levels_or_unknown(
            "required",
            self.required,
            "required must be an activities × practices matrix",
            "required levels must be 0–3, or -1 where not involved",
        )
        count = required.shape[0]
        involved = required >= 0
        strictness = finite_array("strictness", self.strictness, SignpostingError, nan_allowed=True)
        if strictness.shape != required.shape:
            raise SignpostingError(
                f"strictness has shape {strictness.shape}; strictness must have the shape of "
                f"required {required.shape}"
            )
        strictness = np.where(involved, strictness, 0.0)
        finite_array("strictness", strictness, SignpostingError, low=0, high=1)
        scale = self._vector("scale", self.scale, count, np.float64)
        formats = (
            np.unique(scale, return_inverse=True)[1]
            if self.format is None
            else self._vector("format", self.format, count, np.int64)
        )
        max_required = np.where(involved, required, 0).max(axis=1, initial=0)
        if self.welcome is None:
            welcome = np.maximum(scale, 1.0 - strictness.max(axis=1, initial=0.0))
        else:
            welcome = np.clip(self._vector("welcome", self.welcome, count, np.float64), 0, 1)
        # Only activities asking at most novice level anywhere can welcome a newcomer: this
        # keeps every soft gap at a welcoming activity a newcomer's gap (see the docs).
        welcome = np.where(max_required <= 1, welcome, 0.0)
        values = {
            "required": required,
            "strictness": strictness,
            "scale": scale,
            "starts_at": self._vector(
                "starts_at", to_epoch_seconds(self.starts_at, "starts_at"), count
            ),
            "places_left": self._vector("places_left", self.places_left, count, np.int64),
            "format": formats.astype(np.int64),
            "welcome": welcome,
            "involved_count": involved.sum(axis=1).astype(np.int64),
            "welcoming": welcome >= WELCOMING,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @staticmethod
    def _vector(name: str, value, count: int, dtype=np.int64) -> np.ndarray:
        if dtype == np.float64:
            array = finite_array(name, value, SignpostingError)
        else:
            array = whole_numbers(name, value, SignpostingError)
        if array.shape != (count,):
            raise SignpostingError(
                f"{name} has shape {array.shape}; {name} must hold one value per activity ({count})"
            )
        return array

    def __len__(self) -> int:
        return self.required.shape[0]

    @property
    def practice_count(self) -> int:
        return self.required.shape[1]

    def upcoming(self, now) -> np.ndarray:
        """Indices of activities that start after `now` and still have places left."""
        later = self.starts_at > to_epoch_seconds(now, "now")
        return np.flatnonzero(later & (self.places_left > 0))


@dataclass(frozen=True, eq=False)
class Registrations:
    """Which activities each participant is registered for, in compressed rows (CSR).

    The activities of participant `i` are `indices[indptr[i]:indptr[i + 1]]`.
    """

    indptr: np.ndarray
    indices: np.ndarray

    def __post_init__(self) -> None:
        indptr = whole_numbers("indptr", self.indptr, SignpostingError)
        indices = whole_numbers("indices", self.indices, SignpostingError, low=0).ravel()
        if indptr.ndim != 1 or indptr.size == 0 or indptr[0] != 0 or indptr[-1] != indices.size:
            raise SignpostingError("indptr must start at 0 and end at the number of indices")
        if np.any(np.diff(indptr) < 0):
            raise SignpostingError("indptr must not decrease")
        object.__setattr__(self, "indptr", indptr)
        object.__setattr__(self, "indices", indices)

    @classmethod
    def from_pairs(cls, participants, activities, participant_count: int) -> Registrations:
        """From parallel arrays of (participant, activity) pairs, in any order."""
        count = whole_number("participant_count", participant_count, SignpostingError, low=0)
        rule = f"participants must hold positions from 0 to {count - 1}"
        people = whole_numbers(
            "participants", participants, SignpostingError, low=0, high=count - 1, rule=rule
        ).ravel()
        acts = whole_numbers("activities", activities, SignpostingError, low=0).ravel()
        same_length(SignpostingError, participants=people, activities=acts)
        order = np.lexsort((acts, people))
        counts = np.bincount(people, minlength=participant_count)
        indptr = np.concatenate([[0], np.cumsum(counts)])
        return cls(indptr, acts[order])

    @classmethod
    def empty(cls, participant_count: int) -> Registrations:
        count = whole_number("participant_count", participant_count, SignpostingError, low=0)
        return cls(np.zeros(count + 1, dtype=np.int64), np.zeros(0, dtype=np.int64))

    @property
    def participant_count(self) -> int:
        return self.indptr.size - 1

    def rows(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """(participant offset from `start`, activity) of every registration in rows start:stop."""
        lo, hi = self.indptr[start], self.indptr[stop]
        counts = np.diff(self.indptr[start : stop + 1])
        return np.repeat(np.arange(stop - start), counts), self.indices[lo:hi]

    def select(self, participants: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in `participants`, activity) of every registration of those participants."""
        people = np.asarray(participants, dtype=np.int64)
        starts, stops = self.indptr[people], self.indptr[people + 1]
        counts = stops - starts
        rows = np.repeat(np.arange(people.size), counts)
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return rows, self.indices[np.repeat(starts, counts) + within]

    def subset(self, participants) -> Registrations:
        """The registrations of the given participants, as rows 0, 1, ... in that order."""
        people = np.asarray(participants, dtype=np.int64)
        rows, acts = self.select(people)
        counts = np.bincount(rows, minlength=people.size)
        return Registrations(np.concatenate([[0], np.cumsum(counts)]), acts)

    def format_counts(self, participants: np.ndarray, formats: np.ndarray, format_count: int):
        """Registrations per participant and format, capped as the score's variety term."""
        rows, acts = self.select(participants)
        flat = rows * format_count + formats[acts]
        counts = np.bincount(flat, minlength=len(participants) * format_count)
        return np.minimum(counts.reshape(len(participants), format_count), VARIETY_CAP)


def practice_units(level, required, strictness, welcome, involved_count) -> np.ndarray:
    """One involved practice's share of the score, in 1/UNITS (elementwise, broadcasting).

    `level` is the participant's level with unknown already counted as newcomer (0).
    """
    level = np.asarray(level, dtype=np.float64)
    gap = np.maximum(np.asarray(required, dtype=np.float64) - level, 0.0)
    cost = gap * (GAP_BASE + GAP_STRICTNESS * np.asarray(strictness, dtype=np.float64))
    welcome_term = WELCOME_WEIGHT * np.where(level == 0, welcome, 1.0)
    familiarity = FAMILIARITY_WEIGHT * level / MAX_LEVEL
    share = (welcome_term + familiarity) / np.maximum(involved_count, 1)
    return np.rint((share - cost) * UNITS).astype(np.int64)


def practice_flags(level, required, strictness) -> np.ndarray:
    """BLOCKED / SOFT_GAP / NEW bits of one involved practice (elementwise, broadcasting)."""
    level = np.asarray(level, dtype=np.int64)
    gap = np.asarray(required, dtype=np.int64) - level
    strict = np.asarray(strictness) >= STRICT
    blocked = (gap >= 2) | ((gap >= 1) & strict)
    soft = (gap == 1) & ~strict
    return (blocked * BLOCKED | soft * SOFT_GAP | (level == 0) * NEW).astype(np.uint8)


def empty_activity_units(activities: Activities) -> np.ndarray:
    """Score of activities that involve no practice: the full welcome, for everyone."""
    return np.where(activities.involved_count == 0, round(WELCOME_WEIGHT * UNITS), 0)


@dataclass(frozen=True)
class Assessment:
    """Fit and score of explicit (participant, activity) pairs, in the order asked."""

    fit: np.ndarray  # int8 values of Fit
    score: np.ndarray  # float64, higher is a better fit
    flags: np.ndarray  # uint8 BLOCKED | SOFT_GAP | NEW | WELCOMING_BIT


def assess(
    levels,
    activities: Activities,
    participants,
    activity_ids,
    *,
    registrations: Registrations | None = None,
) -> Assessment:
    """Fit category and score of each pair (participants[i], activity_ids[i]).

    >>> acts = Activities(required=[[0, -1], [2, 1]], strictness=[[0.9, 0], [0.9, 0.2]],
    ...                   scale=[0.5, 0.0], starts_at=[1, 2], places_left=[5, 5])
    >>> result = assess([[0, 2]], acts, [0, 0], [0, 1])
    >>> [Fit(f).name for f in result.fit], result.score.tolist()
    (['GOOD_FIRST_STEP', 'PREPARE_FIRST'], [0.5, -3.03125])
    """
    all_levels = normalise_levels(levels)
    if all_levels.shape[1] != activities.practice_count:
        raise SignpostingError("levels and required must list the same practices")
    rows, count = all_levels.shape[0], len(activities)
    people = whole_numbers(
        "participants",
        participants,
        SignpostingError,
        low=0,
        high=rows - 1,
        rule=f"participants must be rows of levels, 0 to {rows - 1}",
    ).ravel()
    acts = whole_numbers(
        "activity_ids",
        activity_ids,
        SignpostingError,
        low=0,
        high=count - 1,
        rule=f"activity_ids must be rows of the activities, 0 to {count - 1}",
    ).ravel()
    if people.shape != acts.shape:
        raise SignpostingError(
            f"participants has {people.size} entries and activity_ids {acts.size}; "
            "participants and activity_ids must have the same length"
        )
    level = np.maximum(all_levels[people], 0)
    required = activities.required[acts]
    involved = required >= 0
    strictness = activities.strictness[acts]
    units = practice_units(
        level,
        required,
        strictness,
        activities.welcome[acts, None],
        activities.involved_count[acts, None],
    )
    total = np.where(involved, units, 0).sum(axis=1) + empty_activity_units(activities)[acts]
    if registrations is not None:
        total -= VARIETY_UNITS * _variety_counts(registrations, activities, people, acts)
    flags = np.where(involved, practice_flags(level, required, strictness), 0)
    combined = np.bitwise_or.reduce(flags, axis=1).astype(np.uint8)
    combined |= np.where(activities.welcoming[acts], WELCOMING_BIT, 0).astype(np.uint8)
    return Assessment(FIT_LOOKUP[combined], total / UNITS, combined)


def _variety_counts(
    registrations: Registrations, activities: Activities, people: np.ndarray, acts: np.ndarray
) -> np.ndarray:
    if registrations.participant_count < people.max(initial=-1) + 1:
        raise SignpostingError("registrations must cover every participant assessed")
    unique, position = np.unique(people, return_inverse=True)
    format_count = int(activities.format.max(initial=0)) + 1
    counts = registrations.format_counts(unique, activities.format, format_count)
    return counts[position, activities.format[acts]]
