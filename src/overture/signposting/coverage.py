"""Signposting coverage: does the season offer every participant enough that fits them?

Definitions (docs/engines/signposting.md, "Coverage"):

- An activity is **open** when it starts later and has places left (whether or not the
  participant booked it: coverage is about what the season offers each person).
  A **good fit** is *good first step* or *right for you*.
- A participant is **covered** with at least COVERED_AT (3) open good-fit activities.
- A participant's **segment** is the median of their known levels, halves rounded up
  (newcomer … expert), or *not yet known* when no level is known.
- **Entry points** of a practice at level L: the open activities involving that practice
  that are a good fit for someone at level L in it who has just the level each of the
  activity's other practices asks — so only that practice could keep them out.

Counting good fits for every participant and every activity would be participants ×
activities × practices. But the fit of an activity depends only on its required levels,
which of them are strict and whether it is welcoming (activities alike in these form one
*fit class*), and on a participant only through their levels in the practices it involves.
So classes are grouped by their set of practices, and the engine's `assess` runs once per
distinct combination of levels in the set (at most 4^|set|, and at most the number of
participants) and class, in chunks of pairs. Exact, and well under a second for 100,000
participants and 10,000 activities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from overture.audience.levels import organisation_levels
from overture.engines.signposting import Activities, Fit, assess
from overture.engines.signposting.fit import STRICT
from overture.organisations.cached_figures import CachedFigures
from overture.organisations.models import Organisation
from overture.season.matrix import season_matrix
from overture.season.selectors import season_version

COVERED_AT = 3
PAIRS_PER_CHUNK = 1_000_000
UNKNOWN_SEGMENT = -1
LEVEL_PEOPLE = (
    pgettext_lazy("people at a level", "newcomers"),
    pgettext_lazy("people at a level", "novices"),
    pgettext_lazy("people at a level", "regulars"),
    pgettext_lazy("people at a level", "experts"),
)
SEGMENT_NAMES = {
    0: pgettext_lazy("level segment", "Newcomer"),
    1: pgettext_lazy("level segment", "Novice"),
    2: pgettext_lazy("level segment", "Regular"),
    3: pgettext_lazy("level segment", "Expert"),
    -1: pgettext_lazy("level segment", "Not yet known"),
}


@dataclass(frozen=True)
class SegmentCoverage:
    segment: int  # 0–3, or UNKNOWN_SEGMENT
    participants: int
    covered: int

    @property
    def name(self) -> str:
        return str(SEGMENT_NAMES[self.segment])

    @property
    def share(self) -> float:
        """Percent of the segment's participants who are covered."""
        return 100 * self.covered / self.participants if self.participants else 0.0


@dataclass(frozen=True)
class PracticeEntryPoints:
    practice: str
    counts: tuple[int, ...]  # open good-fit activities per level 0–3

    @property
    def missing(self) -> list[int]:
        return [level for level, count in enumerate(self.counts) if count == 0]

    @property
    def missing_words(self) -> str:
        """Who has no way in, e.g. "newcomers or novices"."""
        words = [str(LEVEL_PEOPLE[level]) for level in self.missing]
        if len(words) < 2:
            return "".join(words)
        return _("%(some)s or %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}


@dataclass(frozen=True)
class Coverage:
    computed_at: datetime
    open_activities: int
    total: SegmentCoverage  # everyone, segment UNKNOWN_SEGMENT is not used for it
    segments: tuple[SegmentCoverage, ...]
    entry_points: tuple[PracticeEntryPoints, ...]


def segments_of(levels: np.ndarray) -> np.ndarray:
    """Each participant's segment: median known level, halves rounded up; -1 if none known."""
    levels = np.asarray(levels)
    known = levels >= 0
    count = known.sum(axis=1)
    ordered = np.sort(np.where(known, levels, 99), axis=1)
    rows = np.arange(levels.shape[0])
    if levels.shape[1] == 0:
        return np.full(levels.shape[0], UNKNOWN_SEGMENT, dtype=np.int64)
    low = ordered[rows, np.maximum((count - 1) // 2, 0)]
    high = ordered[rows, np.minimum(count // 2, levels.shape[1] - 1)]
    median_twice = low.astype(np.int64) + high  # halves round up: (2m + 1) // 2
    return np.where(count > 0, (median_twice + 1) // 2, UNKNOWN_SEGMENT).astype(np.int64)


def open_rows(activities: Activities, now) -> np.ndarray:
    """Rows of the activities that start after `now` and have places left."""
    return activities.upcoming(now)


@dataclass(frozen=True)
class FitClasses:
    """Activities grouped by everything their fit depends on.

    An activity's fit for anyone is decided by its required levels, which of its practices
    are strict (strictness ≥ STRICT) and whether it is welcoming — not by the exact
    strictness or the score. `rows[i]` represents `counts[i]` activities that fit every
    participant alike.
    """

    rows: np.ndarray  # (K,) a representative activity row per class
    counts: np.ndarray  # (K,) activities in each class

    @classmethod
    def of(cls, activities: Activities, rows: np.ndarray) -> FitClasses:
        required = activities.required[rows]
        strict = (activities.strictness[rows] >= STRICT) & (required >= 0)
        key = np.hstack(
            [required, strict.astype(np.int8), activities.welcoming[rows, None].astype(np.int8)]
        )
        _, first, counts = np.unique(key, axis=0, return_index=True, return_counts=True)
        return cls(rows[first], counts.astype(np.int64))


def good_fit_counts(levels: np.ndarray, activities: Activities, rows: np.ndarray) -> np.ndarray:
    """Per participant, how many of the activities `rows` are a good fit for them.

    Per set of involved practices, `assess` runs once for every distinct combination of the
    participants' levels in that set against one activity per fit class.
    """
    levels = np.asarray(levels)
    counts = np.zeros(levels.shape[0], dtype=np.int64)
    if rows.size == 0 or levels.shape[0] == 0:
        return counts
    fit_levels = np.maximum(levels, 0).astype(np.int64)  # unknown fits like newcomer
    classes = FitClasses.of(activities, rows)
    involved = activities.required[classes.rows] >= 0
    patterns, group = np.unique(involved, axis=0, return_inverse=True)
    for index, pattern in enumerate(patterns):
        members = group.ravel() == index
        columns = np.flatnonzero(pattern)
        codes = fit_levels[:, columns] @ (4 ** np.arange(columns.size, dtype=np.int64))
        _, first, back = np.unique(codes, return_index=True, return_inverse=True)
        good = _good(fit_levels[first], activities, classes.rows[members])
        counts += (good @ classes.counts[members])[back.ravel()]
    return counts


def _good(levels: np.ndarray, activities: Activities, rows: np.ndarray) -> np.ndarray:
    """(people, rows) whether each activity is a good fit, in chunks of pairs."""
    people, width = levels.shape[0], rows.size
    good = np.zeros((people, width), dtype=np.int64)
    step = max(1, PAIRS_PER_CHUNK // max(width, 1))
    for start in range(0, people, step):
        stop = min(start + step, people)
        who = np.repeat(np.arange(start, stop), width)
        what = np.tile(rows, stop - start)
        fit = assess(levels, activities, who, what).fit.reshape(stop - start, width)
        good[start:stop] = fit >= Fit.GOOD_FIRST_STEP
    return good


def entry_point_counts(activities: Activities, rows: np.ndarray) -> np.ndarray:
    """(practices, 4): entry points among `rows` per practice and level.

    An entry point of practice p at level L is an activity involving p that is a good fit
    for someone at level L in p who has just the level the activity asks in each of its
    other practices — so only p can keep them out.
    """
    practices = activities.practice_count
    counts = np.zeros((practices, 4), dtype=np.int64)
    if rows.size == 0 or practices == 0:
        return counts
    classes = FitClasses.of(activities, rows)
    required = activities.required[classes.rows]
    klass, practice = np.nonzero(required >= 0)  # every involved (class, practice)
    klass, practice = np.repeat(klass, 4), np.repeat(practice, 4)
    level = np.tile(np.arange(4), klass.size // 4)
    people = np.maximum(required[klass], 0).astype(np.int8)
    people[np.arange(klass.size), practice] = level
    fit = assess(people, activities, np.arange(klass.size), classes.rows[klass]).fit
    good = (fit >= Fit.GOOD_FIRST_STEP) * classes.counts[klass]
    np.add.at(counts, (practice, level), good)
    return counts


def summarise(
    levels: np.ndarray,
    activities: Activities,
    practice_names: tuple[str, ...],
    *,
    now: datetime,
) -> Coverage:
    """Coverage overall and per segment, and entry points, for these participants."""
    rows = open_rows(activities, now)
    covered = good_fit_counts(levels, activities, rows) >= COVERED_AT
    segment = segments_of(levels)
    segments = tuple(
        SegmentCoverage(key, int((segment == key).sum()), int(covered[segment == key].sum()))
        for key in (0, 1, 2, 3, UNKNOWN_SEGMENT)
    )
    entry = entry_point_counts(activities, rows)
    return Coverage(
        computed_at=now,
        open_activities=int(rows.size),
        total=SegmentCoverage(UNKNOWN_SEGMENT, len(covered), int(covered.sum())),
        segments=segments,
        entry_points=tuple(
            PracticeEntryPoints(name, tuple(int(c) for c in entry[j]))
            for j, name in enumerate(practice_names)
        ),
    )


ENTRY_POINT_WORDS = (
    pgettext_lazy("entry point", "a newcomer activity"),
    pgettext_lazy("entry point", "a beginner activity"),
    pgettext_lazy("entry point", "an activity for regulars"),
    pgettext_lazy("entry point", "an activity for experts"),
)


def entry_point_words(level: int) -> str:
    """An activity that welcomes people at `level`, in two or three words."""
    return str(ENTRY_POINT_WORDS[int(level)])


@dataclass(frozen=True)
class Demand:
    """How many people said they'd come to an entry point, and whether the season lacks it."""

    practice: str
    level: int
    people: int
    missing: bool

    @property
    def words(self) -> str:
        return ngettext(
            "%(count)s person said they’d come to %(entry_point)s in %(practice)s",
            "%(count)s people said they’d come to %(entry_point)s in %(practice)s",
            self.people,
        ) % {
            "count": f"{self.people:,}",
            "entry_point": entry_point_words(self.level),
            "practice": self.practice,
        }


def demand(coverage: Coverage, wishes: list[tuple[str, int, int]]) -> list[Demand]:
    """The wishes with whether each entry point is still missing from the season."""
    missing = {(row.practice, level) for row in coverage.entry_points for level in row.missing}
    return [
        Demand(practice, level, people, (practice, level) in missing)
        for practice, level, people in wishes
    ]


def _work_out(organisation: Organisation) -> Coverage:
    """Queries: the season matrix (cached) and two for the audience's levels, whatever its size."""
    matrix = season_matrix(organisation)
    levels = organisation_levels(organisation, matrix.practice_ids)
    return summarise(levels, matrix.activities, matrix.practice_names, now=timezone.now())


# The organisation's coverage, worked out again when the season changes or staff ask.
COVERAGE = CachedFigures(
    "signposting:coverage", _work_out, version=lambda org: season_version(org.pk)
)
