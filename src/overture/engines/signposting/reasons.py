"""Plain-language reasons for one participant–activity pair, practice by practice.

Each involved practice falls into one *situation* (new to it, done it before, one step short,
...). The reason is a template for that (practice, situation), filled with placeholders; the
organisation can give friendly texts per practice, and generic ones are used otherwise.
Reasons are only worked out for the pairs asked for (a participant's top k, or one pair).

A reason never says more about the room than the activity does. Each practice is worded for
its *room*: **relaxed** below strictness STRICT, or throughout an activity where moving, making
noise and coming and going are welcome (`relaxed`), otherwise **careful**. A text that
describes the room ("the hall listens in silence", "nobody minds a rustle") is kept under
"situation@room", and a room's text falls back to the plain "situation" text only, never to
the other room's; so two reasons on one card cannot disagree about the room.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from overture.engines.checks import index_in_range, text_sequence
from overture.engines.levels import LEVEL_NAMES, REQUIRED_WORDS, UNKNOWN, level_name
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
    "GENERIC_TEMPLATES",
    "RELAXED",
    "ROOMS",
    "SITUATIONS",
    "Explainer",
    "Explanation",
    "Reason",
    "ReasonTexts",
    "explain",
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

GENERIC_TEMPLATES: dict[str, str] = {
    PREPARE: "{practice}: asks for some experience ({required} level); you're at {level} "
    "level — try {suggested_format} first",
    UNKNOWN_GAP: "{practice}: we don't know yet whether you've done this, and it asks for "
    "{required} level — answer the self-assessment to see whether it fits",
    STEP_UP: "{practice}: one step beyond what you've done so far, and this activity is "
    "relaxed about it — a good way to grow",
    NEW_RELAXED: "{practice}: new to you, and this activity is relaxed about it — a good way "
    "to start",
    UNKNOWN_OPEN: "{practice}: we don't know yet whether you've done this — {required_words}",
    NEW_CAREFUL: "{practice}: new to you and no experience is needed, but {strictness} — "
    "read how it's done before you come",
    NEW_OPEN: "{practice}: new to you, and no experience is needed — a good way to start",
    DONE_BEFORE: "{practice}: you've done this before",
}

# Rooms, as template keys: "situation@room" holds the text for that room only.
RELAXED = "relaxed"
CAREFUL = "careful"
ROOMS = (RELAXED, CAREFUL)
# NEW_CAREFUL is a careful situation; in a relaxed activity it is worded as one with nothing
# to watch out for.
GENERIC_TEMPLATES[f"{NEW_CAREFUL}@{RELAXED}"] = GENERIC_TEMPLATES[NEW_OPEN]

FALLBACK_FORMAT = "a more relaxed activity"


STRICTNESS_BANDS = (0.34, 0.67)  # relaxed below the first, close attention from the second


def strictness_band(strictness: float) -> int:
    """0 = relaxed, 1 = some care expected, 2 = followed closely."""
    return sum(strictness >= edge for edge in STRICTNESS_BANDS)


def strictness_words(strictness: float) -> str:
    """How strict the room is about a practice, as part of a reason."""
    return (
        "this activity is relaxed about it",
        "some care is expected",
        "the room expects this to be followed closely",
    )[strictness_band(strictness)]


@dataclass(frozen=True)
class ReasonTexts:
    """Names and optional friendly texts for the practices (columns of `required`).

    `templates[practice][situation]` overrides the generic template; `practice` is the
    column index or the practice's name. `format_labels` names each format code
    ("Open rehearsal") for suggestions such as "try an open rehearsal first". A key
    "situation@relaxed" or "situation@careful" holds a text for that room only (see the
    module). Placeholders: {practice}, {level}, {required}, {required_words}, {strictness},
    {suggested_format}.
    """

    practices: Sequence[str]
    templates: Mapping[int | str, Mapping[str, str]] = field(default_factory=dict)
    format_labels: Mapping[int, str] = field(default_factory=dict)
    generic: Mapping[str, str] = field(default_factory=lambda: dict(GENERIC_TEMPLATES))

    def __post_init__(self) -> None:
        names = text_sequence("practices", self.practices, SignpostingError)
        if None in names:
            raise SignpostingError("practices must name every practice (no None)")

    def template(self, practice: int, situation: str, room: str | None = None) -> str:
        """The text for `situation` in `room`: the practice's own, else the generic one."""
        own = self.templates.get(practice) or self.templates.get(self.practices[practice]) or {}
        keys = ([f"{situation}@{room}"] if room else []) + [situation]
        for texts in (own, self.generic, GENERIC_TEMPLATES):
            for key in keys:
                if texts.get(key):
                    return texts[key]
        return GENERIC_TEMPLATES[situation]


@dataclass(frozen=True)
class Reason:
    practice: int
    situation: str
    text: str


@dataclass(frozen=True)
class Explanation:
    activity: int
    fit: Fit
    score: float
    reasons: tuple[Reason, ...]


class _Placeholders(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


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
    practice in them is worded for a relaxed room.
    """

    def __init__(
        self, activities: Activities, texts: ReasonTexts, *, now=None, relaxed=None
    ) -> None:
        if not isinstance(texts, ReasonTexts):
            raise SignpostingError(f"texts is a {type(texts).__name__}; texts must be ReasonTexts")
        if len(texts.practices) != activities.practice_count:
            raise SignpostingError("texts must name every practice, in the order of required")
        self.activities = activities
        self.texts = texts
        self.pool = np.arange(len(activities)) if now is None else activities.upcoming(now)
        self.relaxed = np.zeros(len(activities), dtype=bool)
        if relaxed is not None:
            flags = np.asarray(relaxed, dtype=bool)
            if flags.shape != self.relaxed.shape:
                raise SignpostingError("relaxed must give one flag per activity")
            self.relaxed = flags
        self._suggestions: dict[tuple[int, int], str] = {}

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
        values = _Placeholders(
            practice=self.texts.practices[practice],
            level=level_name(level),
            required=LEVEL_NAMES[required],
            required_words=REQUIRED_WORDS[required],
            strictness=strictness_words(0.0 if relaxed else strictness),
        )
        if kind == PREPARE:
            values["suggested_format"] = self.suggest(practice, max(level, 0))
        room = room_of(strictness, relaxed)
        text = self.texts.template(practice, kind, room).format_map(values)
        return Reason(practice, kind, text)

    def suggest(self, practice: int, level: int) -> str:
        """A format where someone at `level` can take part in `practice` without preparing.

        The format most common among such activities that welcome newcomers (or, failing
        those, among all such activities); ties go to the lower format code.
        """
        cached = self._suggestions.get((practice, level))
        if cached is not None:
            return cached
        acts = self.activities
        pool = self.pool[acts.required[self.pool, practice] >= 0]
        flags = practice_flags(
            level, acts.required[pool, practice], acts.strictness[pool, practice]
        )
        pool = pool[(flags & BLOCKED) == 0]
        welcoming = pool[acts.welcoming[pool]]
        pool = welcoming if welcoming.size else pool
        text = FALLBACK_FORMAT
        if pool.size:
            fmt = int(np.bincount(acts.format[pool]).argmax())
            label = self.texts.format_labels.get(fmt)
            if label:
                text = _with_article(label.lower())
        self._suggestions[(practice, level)] = text
        return text


def _with_article(label: str) -> str:
    return ("an " if label[:1] in "aeiou" else "a ") + label


def explain(
    levels,
    activities: Activities,
    participant: int,
    activity: int,
    texts: ReasonTexts,
    *,
    registrations: Registrations | None = None,
    now=None,
    relaxed=None,
) -> Explanation:
    """Fit, score and per-practice reasons for one participant and one activity.

    >>> acts = Activities(required=[[2, 0]], strictness=[[0.9, 0.2]], scale=[0.0],
    ...                   starts_at=[1], places_left=[5])
    >>> texts = ReasonTexts(["Listening in silence", "Discussing a piece"])
    >>> reasons = explain([[1, -1]], acts, 0, 0, texts).reasons
    >>> [r.text for r in reasons]  # doctest: +NORMALIZE_WHITESPACE
    ["Listening in silence: asks for some experience (regular level); you're at beginner level
      — try a more relaxed activity first",
     "Discussing a piece: we don't know yet whether you've done this — newcomers welcome"]
    """
    return Explainer(activities, texts, now=now, relaxed=relaxed).explain(
        levels, participant, activity, registrations=registrations
    )
