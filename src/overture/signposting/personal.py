"""One participant's recommendations, exactly as `recommend` gives them, in milliseconds.

`recommend` is built for whole audiences: it first builds per-activity tables for every
combination of levels, which takes tens of milliseconds for a season of 10,000 activities —
too long for one person's page. Its answer only depends on each participant's best
`CANDIDATES_PER_SLOT × k` open activities, ranked by (not "prepare first", score, activity
index), and on how many activities of each format they are registered for (the variety
term, capped at VARIETY_CAP). `assess` finds those candidates for one participant in one pass
over the season; `recommend` then runs on just them, plus stand-ins for the registrations,
so the result is the same activities, fits and scores, in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from overture.engines.signposting import (
    Activities,
    Fit,
    Recommendation,
    Registrations,
    assess,
    recommend,
)
from overture.engines.signposting.fit import VARIETY_CAP, to_epoch_seconds
from overture.engines.signposting.ranking import CANDIDATES_PER_SLOT

__all__ = ["recommend_for_one", "rows_subset"]


def rows_subset(
    activities: Activities, rows: np.ndarray, columns: np.ndarray | None = None
) -> Activities:
    """The same activities restricted to `rows` (and practice `columns`), formats kept."""
    required, strictness = activities.required[rows], activities.strictness[rows]
    if columns is not None:
        required, strictness = required[:, columns], strictness[:, columns]
    return Activities(
        required=required,
        strictness=strictness,
        scale=activities.scale[rows],
        starts_at=activities.starts_at[rows],
        places_left=activities.places_left[rows],
        format=activities.format[rows],
    )


def recommend_for_one(
    levels: Sequence[int] | np.ndarray,
    activities: Activities,
    *,
    now,
    registered: Sequence[int] | np.ndarray = (),
    k: int = 10,
) -> list[Recommendation]:
    """`recommend([levels], activities, ...).for_participant(0)` for one level vector.

    `registered` holds the rows of the activities the participant is registered for.
    """
    row = np.asarray(levels).reshape(1, -1)
    registered = np.unique(np.asarray(registered, dtype=np.int64))
    open_rows = activities.upcoming(now)
    open_rows = open_rows[~np.isin(open_rows, registered)]
    keep = CANDIDATES_PER_SLOT * k
    if open_rows.size > keep:
        everyone = np.zeros(open_rows.size, dtype=np.int64)
        own = Registrations.from_pairs(np.zeros(registered.size), registered, 1)
        result = assess(row, activities, everyone, open_rows, registrations=own)
        prepare = result.fit == Fit.PREPARE_FIRST
        # The engine's ranking: not "prepare first" first, then higher score, then lower row.
        order = np.lexsort((open_rows, -result.score, prepare))
        open_rows = np.sort(open_rows[order[:keep]])
    if open_rows.size == 0:
        return []
    # Registrations only count through their format (at most VARIETY_CAP each): stand-ins
    # that involve no practice and lie in the past carry them, so the engine's tables stay
    # as small as the candidates.
    formats = activities.format[registered]
    stand_ins = np.concatenate(
        [np.flatnonzero(formats == f)[:VARIETY_CAP] for f in np.unique(formats)] or [[]]
    ).astype(np.int64)
    columns = np.flatnonzero((activities.required[open_rows] >= 0).any(axis=0))
    subset = _with_stand_ins(activities, open_rows, columns, formats[stand_ins], now)
    within = Registrations.from_pairs(
        np.zeros(stand_ins.size), open_rows.size + np.arange(stand_ins.size), 1
    )
    found = recommend(row[:, columns], subset, now=now, registrations=within, k=k)
    return [
        Recommendation(int(open_rows[item.activity]), item.fit, item.score)
        for item in found.for_participant(0)
    ]


def _with_stand_ins(
    activities: Activities, rows: np.ndarray, columns: np.ndarray, formats: np.ndarray, now
) -> Activities:
    """`rows` restricted to `columns`, then one practice-free past row per format given."""
    extra = formats.size
    before_now = int(to_epoch_seconds(now)) - 1
    return Activities(
        required=np.vstack(
            [activities.required[np.ix_(rows, columns)], np.full((extra, columns.size), -1)]
        ),
        strictness=np.vstack(
            [activities.strictness[np.ix_(rows, columns)], np.zeros((extra, columns.size))]
        ),
        scale=np.concatenate([activities.scale[rows], np.zeros(extra)]),
        starts_at=np.concatenate(
            [activities.starts_at[rows], np.full(extra, before_now, dtype=np.int64)]
        ),
        places_left=np.concatenate([activities.places_left[rows], np.zeros(extra, np.int64)]),
        format=np.concatenate([activities.format[rows], formats]),
    )
