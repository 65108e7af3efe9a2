"""Top-k signposting for a whole audience, chunked over participants.

The score and the "prepare first" flag of a pair depend on the participant only through their
levels (0–3, unknown counted as 0) in the activity's practices. Practices are split into a few
blocks of up to `b` practices; for each block a table holds, for every combination of levels
in that block (4^b rows) and every upcoming activity, the block's share of the ranking key and
its flags. A participant's key for all activities is then the sum of one table row per block:
a few contiguous row copies and additions per participant, never a participants × activities ×
practices array. The key packs, from the high bits down: "prepare first" (a negative offset),
the exact score in 1/UNITS and the activity's rank (earlier activities win ties), so that
`np.partition` alone finds each participant's best candidates. See docs/engines/signposting.md.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from overture.engines.checks import whole_number
from overture.engines.signposting.fit import (
    BLOCKED,
    FIT_LOOKUP,
    UNITS,
    VARIETY_CAP,
    VARIETY_UNITS,
    WELCOMING_BIT,
    Activities,
    Fit,
    Registrations,
    SignpostingError,
    empty_activity_units,
    normalise_levels,
    practice_flags,
    practice_units,
)

__all__ = [
    "CANDIDATES_PER_SLOT",
    "FORMAT_PENALTY",
    "WEEK_PENALTY",
    "Recommendation",
    "Recommendations",
    "recommend",
    "rerank",
]

CANDIDATES_PER_SLOT = 4  # candidates kept per recommendation slot for the diversity re-ranking
FORMAT_PENALTY = 0.5  # per chosen activity of the same format
WEEK_PENALTY = 0.25  # per chosen activity starting less than a week apart
WEEK_SECONDS = 7 * 86_400
TABLE_BUDGET = 512 * 2**20  # bytes for the block tables; more blocks when they would not fit
SUBCHUNK_BYTES = 3 * 2**20  # working set of one sub-chunk, meant to stay in the CPU cache
MAX_BLOCK = 8
INT32_KEYS_BELOW = 2**30  # keys (and the excluded marker under them) fit int32 below this tier
_LEVELS = np.arange(4)


@dataclass(frozen=True)
class Recommendation:
    activity: int
    fit: Fit
    score: float


@dataclass(frozen=True, eq=False)
class Recommendations:
    """Row i holds participant i's recommendations, best first; -1 / NaN pad short rows."""

    activity: np.ndarray  # (participants, k) int64 activity indices
    fit: np.ndarray  # (participants, k) int8 Fit values
    score: np.ndarray  # (participants, k) float64

    def for_participant(self, participant: int) -> list[Recommendation]:
        return [
            Recommendation(int(a), Fit(int(f)), float(s))
            for a, f, s in zip(
                self.activity[participant],
                self.fit[participant],
                self.score[participant],
                strict=True,
            )
            if a >= 0
        ]


def recommend(
    levels,
    activities: Activities,
    *,
    now,
    registrations: Registrations | None = None,
    k: int = 10,
    chunk_size: int = 4096,
    workers: int = 1,
) -> Recommendations:
    """The k best upcoming activities for every participant, varied across formats and weeks.

    Leaves out activities that start at or before `now`, full ones and those the participant
    is registered for; never recommends "prepare first" while the participant has a "good first
    step" or "right for you" among the rest. Same inputs, same output, whatever `chunk_size`
    and `workers` (threads, each working on its own chunk of participants).
    """
    levels = np.asarray(levels)
    if levels.ndim != 2 or levels.shape[1] != activities.practice_count:
        raise SignpostingError("levels must be participants × the practices of `required`")
    if levels.dtype.kind not in "biuf" and levels.size:
        raise SignpostingError(f"levels must hold numbers, not {levels.dtype.name} values")
    rule = "k, chunk_size and workers must be at least 1"
    k = whole_number("k", k, SignpostingError, low=1, rule=rule)
    chunk_size = whole_number("chunk_size", chunk_size, SignpostingError, low=1, rule=rule)
    workers = whole_number("workers", workers, SignpostingError, low=1, rule=rule)
    count = levels.shape[0]
    if registrations is not None:
        if registrations.participant_count != count:
            raise SignpostingError("registrations must have one row per participant")
        if registrations.indices.size and registrations.indices.max() >= len(activities):
            raise SignpostingError("registrations name an activity that is not in the list")
    result = Recommendations(
        np.full((count, k), -1, dtype=np.int64),
        np.full((count, k), -1, dtype=np.int8),
        np.full((count, k), np.nan),
    )
    plan = _Plan(activities, now, registrations, k)
    if plan.width == 0 or count == 0:
        return result
    starts = range(0, count, chunk_size)

    def run(start: int) -> None:
        stop = min(start + chunk_size, count)
        _recommend_chunk(plan, normalise_levels(levels[start:stop]), start, result)

    if workers == 1:
        for start in starts:
            run(start)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run, starts))
    return result


class _Plan:
    """Everything fixed for one call: the upcoming activities as columns and the block tables."""

    def __init__(
        self, activities: Activities, now, registrations: Registrations | None, k: int
    ) -> None:
        eligible = activities.upcoming(now)  # ascending activity index = rank for ties
        formats = activities.format[eligible]
        order = np.argsort(formats, kind="stable")  # columns grouped by format
        self.activities = activities
        self.registrations = registrations
        self.eligible = eligible
        self.width = width = eligible.size
        self.candidates = min(CANDIDATES_PER_SLOT * k, width)
        self.k = k
        if width == 0:
            return
        self.columns = eligible[order]
        self.column_of_rank = np.argsort(order)
        self.column_of_activity = np.full(len(activities), -1, dtype=np.int64)
        self.column_of_activity[self.columns] = np.arange(width)
        self.format_count = int(activities.format.max(initial=0)) + 1
        sorted_formats = formats[order]
        edges = np.flatnonzero(np.diff(sorted_formats)) + 1
        bounds = np.concatenate([[0], edges, [width]])
        self.format_ranges = [
            (int(sorted_formats[lo]), int(lo), int(hi)) for lo, hi in pairwise(bounds)
        ]
        self._build_tables(activities, order)

    def _build_tables(self, activities: Activities, order: np.ndarray) -> None:
        cols = self.columns
        width = self.width
        required = activities.required[cols]
        strictness = activities.strictness[cols]
        welcome = activities.welcome[cols]
        involved_count = activities.involved_count[cols]
        practices = activities.practice_count
        units, flags = [], []
        for p in range(practices):
            involved = required[:, p] >= 0
            level = _LEVELS[:, None]
            u = practice_units(level, required[:, p], strictness[:, p], welcome, involved_count)
            f = practice_flags(level, required[:, p], strictness[:, p])
            units.append(np.where(involved, u, 0).astype(np.int32))
            flags.append(np.where(involved, f, 0).astype(np.uint8))
        self.blocks = _choose_blocks(practices, width)
        block_units, block_flags = [], []
        for block in self.blocks:
            table_units = np.zeros((1, width), dtype=np.int32)
            table_flags = np.zeros((1, width), dtype=np.uint8)
            for p in block:  # the practice added last varies slowest in the code
                table_units = (units[p][:, None, :] + table_units[None]).reshape(-1, width)
                table_flags = (flags[p][:, None, :] | table_flags[None]).reshape(-1, width)
            block_units.append(table_units)
            block_flags.append(table_flags)
        base = empty_activity_units(activities)[cols]
        variety = VARIETY_CAP * VARIETY_UNITS if self.registrations is not None else 0
        lows = [int(t.min()) for t in block_units]
        span = sum(int(t.max()) - lo for t, lo in zip(block_units, lows, strict=True))
        span += int(base.max() - base.min()) + variety + 1
        self.offset = sum(lows) + int(base.min()) - variety
        self.shift = max(int(width - 1).bit_length(), 1)
        self.tier = span << self.shift  # subtracted once from every "prepare first" key
        if self.tier >= 2**62:
            raise SignpostingError("scores span too wide a range to rank exactly")
        # Every partial sum of shifted, non-negative block shares stays below the tier, so
        # int32 is exact whenever the tier and the excluded marker below it fit.
        self.dtype = np.dtype(np.int32 if self.tier < INT32_KEYS_BELOW else np.int64)
        self.excluded = self.dtype.type(-self.tier - 1)
        tiebreak = width - 1 - order  # column c holds the activity of rank order[c]
        extra = (base - base.min() + variety) << self.shift
        self.key_tables = []
        for j, (table, low) in enumerate(zip(block_units, lows, strict=True)):
            table = table.astype(self.dtype, copy=False)
            table -= low
            table <<= self.shift
            if j == 0:
                table += (extra + tiebreak).astype(self.dtype)
            self.key_tables.append(table)
        welcoming = np.where(activities.welcoming[cols], WELCOMING_BIT, 0).astype(np.uint8)
        self.flag_tables = [block_flags[0] | welcoming, *block_flags[1:]]
        weights = np.zeros((practices, len(self.blocks)), dtype=np.int32)
        for j, block in enumerate(self.blocks):
            for i, p in enumerate(block):
                weights[p, j] = 4**i
        self.code_weights = weights
        self.rank_mask = (1 << self.shift) - 1


def _choose_blocks(practices: int, width: int) -> list[list[int]]:
    """The fewest blocks whose tables fit TABLE_BUDGET (5 bytes per entry)."""
    if practices == 0:
        return [[]]
    for count in range(1, practices + 1):
        size = -(-practices // count)
        if size <= MAX_BLOCK and count * 4**size * width * 5 <= TABLE_BUDGET:
            break
    return [part.tolist() for part in np.array_split(np.arange(practices), count)]


@dataclass
class _Candidates:
    """A chunk's best candidates per participant, best key first; activity -1 = none."""

    activity: np.ndarray  # (rows, M) int64
    units: np.ndarray  # (rows, M) int64 score in 1/UNITS
    flags: np.ndarray  # (rows, M) uint8, WELCOMING_BIT included

    @classmethod
    def empty(cls, rows: int, width: int) -> _Candidates:
        return cls(
            np.full((rows, width), -1, dtype=np.int64),
            np.zeros((rows, width), dtype=np.int64),
            np.zeros((rows, width), dtype=np.uint8),
        )


def _recommend_chunk(plan: _Plan, levels: np.ndarray, start: int, out: Recommendations) -> None:
    rows = levels.shape[0]
    codes = np.maximum(levels, 0).astype(np.int32) @ plan.code_weights
    penalties = None
    if plan.registrations is not None:
        people = np.arange(start, start + rows)
        counts = plan.registrations.format_counts(people, plan.activities.format, plan.format_count)
        penalties = (counts * VARIETY_UNITS).astype(plan.dtype) << plan.shift
    found = _Candidates.empty(rows, plan.candidates)
    per_row = plan.width * (2 * plan.dtype.itemsize + 2)
    step = int(np.clip(SUBCHUNK_BYTES // per_row, 1, rows))
    buffers = _Buffers(step, plan.width, plan.dtype)
    for lo in range(0, rows, step):
        hi = min(lo + step, rows)
        _fill_keys(plan, codes[lo:hi], buffers.view(hi - lo))
        keys, flags = buffers.view(hi - lo)[:2]
        if penalties is not None:
            for fmt, first, last in plan.format_ranges:
                keys[:, first:last] -= penalties[lo:hi, fmt, None]
        _exclude_registered(plan, keys, start + lo, start + hi)
        _take_candidates(plan, keys, flags, found, lo)
    fit = FIT_LOOKUP[found.flags]
    chosen = rerank(
        found.activity >= 0,
        found.units,
        fit,
        plan.activities.format[np.maximum(found.activity, 0)],
        plan.activities.starts_at[np.maximum(found.activity, 0)],
        plan.k,
    )
    picked = chosen >= 0
    position = np.maximum(chosen, 0)
    rows_index = np.arange(rows)[:, None]
    block = slice(start, start + rows)
    out.activity[block] = np.where(picked, found.activity[rows_index, position], -1)
    out.fit[block] = np.where(picked, fit[rows_index, position], -1)
    out.score[block] = np.where(picked, found.units[rows_index, position] / UNITS, np.nan)


class _Buffers:
    """Reusable per-chunk arrays: keys, flags and one scratch array of each."""

    def __init__(self, rows: int, width: int, dtype: np.dtype) -> None:
        self.arrays = (
            np.empty((rows, width), dtype=dtype),
            np.empty((rows, width), dtype=np.uint8),
            np.empty((rows, width), dtype=dtype),
            np.empty((rows, width), dtype=np.uint8),
        )

    def view(self, rows: int) -> tuple[np.ndarray, ...]:
        return tuple(array[:rows] for array in self.arrays)


def _fill_keys(plan: _Plan, codes: np.ndarray, buffers: tuple[np.ndarray, ...]) -> None:
    """keys = Σ_blocks key_table[code], flags = OR_blocks flag_table[code], tier applied."""
    keys, flags, scratch, scratch_flags = buffers
    for j, (key_table, flag_table) in enumerate(
        zip(plan.key_tables, plan.flag_tables, strict=True)
    ):
        code = codes[:, j]
        if j == 0:
            np.take(key_table, code, axis=0, out=keys, mode="clip")
            np.take(flag_table, code, axis=0, out=flags, mode="clip")
        else:
            np.take(key_table, code, axis=0, out=scratch, mode="clip")
            np.add(keys, scratch, out=keys)
            np.take(flag_table, code, axis=0, out=scratch_flags, mode="clip")
            np.bitwise_or(flags, scratch_flags, out=flags)
    np.bitwise_and(flags, BLOCKED, out=scratch_flags)
    np.multiply(scratch_flags, plan.dtype.type(plan.tier), out=scratch)
    np.subtract(keys, scratch, out=keys)


def _exclude_registered(plan: _Plan, keys: np.ndarray, start: int, stop: int) -> None:
    if plan.registrations is None:
        return
    rows, acts = plan.registrations.rows(start, stop)
    columns = plan.column_of_activity[acts]
    upcoming = columns >= 0
    keys[rows[upcoming], columns[upcoming]] = plan.excluded


def _take_candidates(
    plan: _Plan, keys: np.ndarray, flags: np.ndarray, found: _Candidates, row: int
) -> None:
    """Move the best `plan.candidates` keys of each row into `found`, decoded, best first."""
    width, count = plan.width, plan.candidates
    keys.partition(width - count, axis=1)
    top = -np.sort(-keys[:, width - count :].astype(np.int64), axis=1)
    valid = top != plan.excluded
    blocked = top < 0
    top = np.where(blocked, top + plan.tier, top)
    rank = width - 1 - (top & plan.rank_mask)
    rank = np.where(valid, rank, 0)
    columns = plan.column_of_rank[rank]
    rows = slice(row, row + keys.shape[0])
    found.activity[rows] = np.where(valid, plan.eligible[rank], -1)
    found.units[rows] = (top >> plan.shift) + plan.offset
    found.flags[rows] = flags[np.arange(keys.shape[0])[:, None], columns]


def rerank(
    valid: np.ndarray,
    units: np.ndarray,
    fit: np.ndarray,
    formats: np.ndarray,
    starts_at: np.ndarray,
    k: int,
) -> np.ndarray:
    """Greedy diverse choice of k among each row's candidates, given best first.

    Drops "prepare first" candidates from rows that have a "good first step" or "right for
    you"; otherwise they come after every other candidate. At each step the candidate with
    the highest score minus FORMAT_PENALTY per chosen activity of its format and WEEK_PENALTY
    per chosen activity starting less than a week apart is chosen; ties go to the candidate
    that came first. Returns (rows, k) candidate positions, -1 where none is left.
    """
    rows = valid.shape[0]
    good = valid & (fit >= Fit.GOOD_FIRST_STEP)
    prepare = fit == Fit.PREPARE_FIRST
    open_ = valid & ~(prepare & good.any(axis=1)[:, None])
    span = int(np.abs(units).max(initial=0)) + (k + 1) * UNITS
    base = units.astype(np.int64) - np.where(prepare, 4 * span, 0)
    penalty = np.zeros_like(base)
    chosen = np.full((rows, k), -1, dtype=np.int64)
    everyone = np.arange(rows)
    format_units = round(FORMAT_PENALTY * UNITS)
    week_units = round(WEEK_PENALTY * UNITS)
    for slot in range(k):
        adjusted = np.where(open_, base - penalty, np.iinfo(np.int64).min)
        pick = adjusted.argmax(axis=1)
        ok = open_[everyone, pick]
        if not ok.any():
            break
        chosen[:, slot] = np.where(ok, pick, -1)
        open_[everyone[ok], pick[ok]] = False
        same_format = formats == formats[everyone, pick][:, None]
        near = np.abs(starts_at - starts_at[everyone, pick][:, None]) < WEEK_SECONDS
        step = same_format * format_units + near * week_units
        penalty += np.where(ok[:, None], step, 0)
    return chosen
