"""Reasons for one participant–activity pair, practice by practice, as codes with parameters.

Each involved practice falls into one *situation* (new to it, done it before, one step short,
...): the reason's code. Its parameters are the numbers the words are made from — the
participant's level, the level asked, how strict the room is, and for a practice to prepare
for the format to try first — and the apps turn code and parameters into text in the reader's
language, with the organisation's own texts per practice where it has them (the signposting
app's `texts` module). Reasons are only worked out for the pairs asked for (a participant's
top k, or one pair).

A reason never says more about the room than the activity does. Each practice is judged for
its *room*: **relaxed** below strictness STRICT, or throughout an activity where moving, making
noise and coming and going are welcome (`relaxed`), otherwise **careful**. The room travels
with the reason, so the words chosen for it (a text kept under "situation@room") can never
disagree about the room on one card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from overture.engines.checks import index_in_range
from overture.engines.levels import UNKNOWN
from overture.engines.signposting.fit import (
    BLOCKED,
    STRICT,
    Activities,
    Fit,
    Registrations,
    SignpostingError,
    assess,
    normalise_levels,
    practice_flags,
)
from overture.engines.signposting.ranking import Recommendations

__all__ = [
    "CAREFUL",
    "RELAXED",
    "ROOMS",
    "SITUATIONS",
    "Explainer",
    "Explanation",
    "Reason",
    "explain",
    "strictness_band",
]

# Situations, most pressing first: reasons are listed in this order.
PREPARE = "prepare"  # a gap on a strict practice, or two levels or more
UNKNOWN_GAP = "unknown_gap"  # level not known, and a newcomer would have to prepare
STEP_UP = "step_up"  # one level short, relaxed practice, not a newcomer
NEW_RELAXED = "new_relaxed"  # newcomer, one level short, relaxed practice
UNKNOWN_OPEN = "unknown_open"  # level not known, a newcomer could take part
NEW_CAREFUL = "new_careful"  # newcomer, no experience needed, but the room is strict
NEW_OPEN = "new_open"  # newcomer, no experience needed, relaxed practice
DONE_BEFORE = "done_before"  # at or above the required level, and not a newcomer

SITUATIONS = (
    PREPARE,
    UNKNOWN_GAP,
    STEP_UP,
    NEW_RELAXED,
    UNKNOWN_OPEN,
    NEW_CAREFUL,
    NEW_OPEN,
    DONE_BEFORE,
)

# Rooms, as template keys: "situation@room" holds the text for that room only.
RELAXED = "relaxed"
CAREFUL = "careful"
ROOMS = (RELAXED, CAREFUL)

STRICTNESS_BANDS = (0.34, 0.67)  # relaxed below the first, close attention from the second


def strictness_band(strictness: float) -> int:
    """0 = relaxed, 1 = some care expected, 2 = followed closely."""
    return sum(strictness >= edge for edge in STRICTNESS_BANDS)


@dataclass(frozen=True)
class Reason:
    """Why practice column `practice` makes the activity fit as it does, as a code.

    `situation` (one of SITUATIONS) is the reason's code and `room` (RELAXED or CAREFUL) the
    room it is said for. `params` holds what the words are made from: `level` (the
    participant's, UNKNOWN when not known), `required` (the level asked), `strictness` (its
    band, 0–2; 0 throughout a relaxed activity) and, for PREPARE only, `suggested_format`
    (the format code to try first, or None when no activity of the season fits).
    """

    practice: int
    situation: str
    room: str
    params: Mapping[str, object]

    @property
    def code(self) -> str:
        return self.situation


@dataclass(frozen=True)
class Explanation:
    activity: int
    fit: Fit
    score: float
    reasons: tuple[Reason, ...]


def situation(level: int, required: int, strictness: float) -> str:
    """The situation of one involved practice; `level` may be UNKNOWN."""
    known = level != UNKNOWN
    fit_level = max(level, 0)
    if not known:
        blocked = int(practice_flags(0, required, strictness)) & BLOCKED
        return UNKNOWN_GAP if blocked else UNKNOWN_OPEN
    gap = required - fit_level
    if gap >= 2 or (gap >= 1 and strictness >= STRICT):
        return PREPARE
    if gap == 1:
        return NEW_RELAXED if fit_level == 0 else STEP_UP
    if fit_level == 0:
        return NEW_CAREFUL if strictness >= STRICT else NEW_OPEN
    return DONE_BEFORE


def room_of(strictness: float, relaxed: bool = False) -> str:
    """RELAXED below STRICT or in a relaxed activity, else CAREFUL."""
    return RELAXED if relaxed or strictness < STRICT else CAREFUL


class Explainer:
    """Explains pairs for one set of activities, remembering its format suggestions.

    `now` limits suggestions to activities still to come with places left. `relaxed` marks
    the activities where moving, making noise and coming and going are welcome: every
    practice in them is judged for a relaxed room.
    """

    def __init__(self, activities: Activities, *, now=None, relaxed=None) -> None:
        if not isinstance(activities, Activities):
            raise SignpostingError(
                f"activities is a {type(activities).__name__}; it must be Activities"
            )
        self.activities = activities
        self.pool = np.arange(len(activities)) if now is None else activities.upcoming(now)
        self.relaxed = np.zeros(len(activities), dtype=bool)
        if relaxed is not None:
            flags = np.asarray(relaxed, dtype=bool)
            if flags.shape != self.relaxed.shape:
                raise SignpostingError("relaxed must give one flag per activity")
            self.relaxed = flags
        self._suggestions: dict[tuple[int, int], int | None] = {}

    def explain(
        self,
        levels,
        participant: int,
        activity: int,
        *,
        registrations: Registrations | None = None,
    ) -> Explanation:
        """Fit, score and reasons of `activity` for row `participant` of `levels`."""
        all_levels = np.asarray(levels)
        rows = all_levels.shape[0] if all_levels.ndim == 2 else 0
        participant = index_in_range("participant", participant, rows, SignpostingError)
        activity = index_in_range("activity", activity, len(self.activities), SignpostingError)
        row = normalise_levels(all_levels[participant : participant + 1])
        own = None if registrations is None else registrations.subset([participant])
        result = assess(row, self.activities, [0], [activity], registrations=own)
        involved = np.flatnonzero(self.activities.required[activity] >= 0).tolist()
        reasons = sorted(
            (self._reason(int(row[0, practice]), activity, practice) for practice in involved),
            key=lambda reason: (SITUATIONS.index(reason.situation), reason.practice),
        )
        return Explanation(
            activity, Fit(int(result.fit[0])), float(result.score[0]), tuple(reasons)
        )

    def explain_recommendations(
        self,
        levels,
        recommendations: Recommendations,
        participant: int,
        *,
        registrations: Registrations | None = None,
    ) -> list[Explanation]:
        """Explanations of one participant's recommendations, in their order."""
        return [
            self.explain(levels, participant, item.activity, registrations=registrations)
            for item in recommendations.for_participant(participant)
        ]

    def _reason(self, level: int, activity: int, practice: int) -> Reason:
        required = int(self.activities.required[activity, practice])
        strictness = float(self.activities.strictness[activity, practice])
        kind = situation(level, required, strictness)
        relaxed = bool(self.relaxed[activity])
        params: dict[str, object] = {
            "level": level,
            "required": required,
            "strictness": 0 if relaxed else strictness_band(strictness),
        }
        if kind == PREPARE:
            params["suggested_format"] = self.suggest(practice, max(level, 0))
        return Reason(practice, kind, room_of(strictness, relaxed), params)

    def suggest(self, practice: int, level: int) -> int | None:
        """A format where someone at `level` can take part in `practice` without preparing.

        The format code most common among such activities that welcome newcomers (or, failing
        those, among all such activities); ties go to the lower format code. None when no
        activity lets them.
        """
        key = (practice, level)
        if key in self._suggestions:
            return self._suggestions[key]
        acts = self.activities
        pool = self.pool[acts.required[self.pool, practice] >= 0]
        flags = practice_flags(
            level, acts.required[pool, practice], acts.strictness[pool, practice]
        )
        pool = pool[(flags & BLOCKED) == 0]
        welcoming = pool[acts.welcoming[pool]]
        pool = welcoming if welcoming.size else pool
        fmt = int(np.bincount(acts.format[pool]).argmax()) if pool.size else None
        self._suggestions[key] = fmt
        return fmt


def explain(
    levels,
    activities: Activities,
    participant: int,
    activity: int,
    *,
    registrations: Registrations | None = None,
    now=None,
    relaxed=None,
) -> Explanation:
    """Fit, score and per-practice reasons for one participant and one activity.

    >>> acts = Activities(required=[[2, 0]], strictness=[[0.9, 0.2]], scale=[0.0],
    ...                   starts_at=[1], places_left=[5])
    >>> for r in explain([[1, -1]], acts, 0, 0).reasons:
    ...     print(r.practice, r.code, r.room, dict(r.params))
    0 prepare careful {'level': 1, 'required': 2, 'strictness': 2, 'suggested_format': None}
    1 unknown_open relaxed {'level': -1, 'required': 0, 'strictness': 0}
    """
    return Explainer(activities, now=now, relaxed=relaxed).explain(
        levels, participant, activity, registrations=registrations
    )
