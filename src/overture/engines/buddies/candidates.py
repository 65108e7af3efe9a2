"""Which buddies may accompany which newcomer, and at what cost: indexed, never R × S.

The hard rules are a conjunction of equality keys (language, activity) and thresholds (a
level above the newcomer's in each practice asked). `encode` turns the inputs into integer
arrays and bit masks; `CandidateIndex` sorts the buddies three ways — by language, by
language and activity, by language, practice and level (highest first) — so that every
request finds the buddies passing one of its rules as one contiguous range. Each request
takes its narrowest range; the pairs in it are checked against the other rules in bulk.
See docs/engines/buddies.md ("Finding candidates").
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np

from overture.engines.assignment import MAX_COST
from overture.engines.checks import whole_number
from overture.engines.errors import EngineInputError
from overture.engines.levels import MAX_LEVEL

__all__ = [
    "CandidateIndex",
    "Candidates",
    "CostWeights",
    "Encoded",
    "PairTerms",
    "encode",
    "find_candidates",
    "pair_costs",
    "pair_terms",
]

LEVEL_STEPS = MAX_LEVEL  # bits per practice: "at least novice", "... regular", "... expert"
WORD = 64
CHUNK_PAIRS = 1 << 21  # pairs checked at once: bounds the working memory


class BuddyError(EngineInputError):
    """Inputs the matching cannot work with: wrong shapes, levels out of range, ..."""


@dataclass(frozen=True)
class CostWeights:
    """Costs of the soft rules (lower is better); see docs/engines/buddies.md.

    `level_gap`: per level a buddy is ahead beyond the one needed, per practice asked (too
    expert a buddy is less approachable). `no_shared_activity`: a season request and a buddy
    who go to none of the same activities. `not_previous`: a request with an earlier buddy
    paired with someone else (continuity). `load`: per newcomer a buddy already accompanies,
    on the next one (spreads the load: slot *k* of a buddy costs `load × k`).
    """

    level_gap: int = 10
    no_shared_activity: int = 15
    not_previous: int = 25
    load: int = 4

    def __post_init__(self) -> None:
        for name in ("level_gap", "no_shared_activity", "not_previous", "load"):
            rule = f"cost weight {name} must be a whole number, 0 or more"
            whole_number(name, getattr(self, name), BuddyError, low=0, high=MAX_COST, rule=rule)


@dataclass(frozen=True, eq=False)
class Encoded:
    """Requests and buddies as integer arrays; every hard rule becomes a lookup."""

    need: np.ndarray  # (R, P) int8: level a buddy needs in each practice asked, -1 not asked
    offer: np.ndarray  # (S, P) int8: buddy level where they help with it, else -1
    helps_with: np.ndarray  # (S, P) bool
    buddy_levels: np.ndarray  # (S, P) int8, -1 unknown
    request_levels: np.ndarray  # (R, P) int8, -1 unknown
    capability: np.ndarray  # (S, W) uint64: bit (p, l) set when offer[s, p] >= l
    requirement: np.ndarray  # (R, W) uint64: bit (p, need) of each practice asked
    out_of_reach: np.ndarray  # (R,) bool: an expert asks; nobody is a level above
    beyond: np.ndarray  # (R, W) uint64: bits (p, l) for l above the need: the level gap
    language: np.ndarray  # (R,) language code
    language_codes: tuple[str, ...]
    buddy_language_ptr: np.ndarray  # CSR (S + 1,)
    buddy_language: np.ndarray
    activity: np.ndarray  # (R,) activity code, -1 = the whole season
    activity_ids: np.ndarray  # code → activity id
    request_activity_ptr: np.ndarray  # CSR (R + 1,) activities of season requests
    request_activity: np.ndarray
    buddy_activity_ptr: np.ndarray  # CSR (S + 1,)
    buddy_activity: np.ndarray
    attendance: np.ndarray  # sorted buddy * A + activity: membership by binary search
    minor: np.ndarray
    vetted: np.ndarray
    previous: np.ndarray
    capacity: np.ndarray

    @property
    def request_count(self) -> int:
        return self.need.shape[0]

    @property
    def buddy_count(self) -> int:
        return self.offer.shape[0]

    @property
    def practice_count(self) -> int:
        return self.need.shape[1]

    @property
    def activity_count(self) -> int:
        return max(self.activity_ids.size, 1)

    def attends(self, buddy: np.ndarray, activity: np.ndarray) -> np.ndarray:
        """Whether each buddy goes to the activity (codes), elementwise."""
        if self.attendance.size == 0:
            return np.zeros(np.broadcast(buddy, activity).shape, dtype=bool)
        keys = np.asarray(buddy, dtype=np.int64) * self.activity_count + activity
        at = np.minimum(np.searchsorted(self.attendance, keys), self.attendance.size - 1)
        return self.attendance[at] == keys


def encode(requests, buddies) -> Encoded:
    """Integer arrays and bit masks for the rules, from `Requests` and `Buddies`."""
    practices = requests.levels.shape[1]
    request_known = np.maximum(requests.levels, 0).astype(np.int8)
    need = np.where(requests.practices, request_known + 1, -1).astype(np.int8)
    offer = np.where(buddies.helps_with, buddies.levels, -1).astype(np.int8)

    codes: dict[str, int] = {}
    language = np.array([codes.setdefault(x, len(codes)) for x in requests.language], np.int64)
    language_ptr, spoken = _csr(
        [[codes.setdefault(x, len(codes)) for x in sorted(b)] for b in buddies.languages]
    )

    season = requests.activity < 0
    season_sets = [
        sorted(a) if s else [] for a, s in zip(requests.activities, season.tolist(), strict=True)
    ]
    buddy_sets = [sorted(a) for a in buddies.activities]
    ids = np.unique(
        np.concatenate(
            [
                requests.activity[~season],
                np.fromiter(chain.from_iterable(season_sets), np.int64),
                np.fromiter(chain.from_iterable(buddy_sets), np.int64),
            ]
        )
    )
    request_ptr, request_ids = _csr(season_sets)
    buddy_ptr, buddy_ids = _csr(buddy_sets)
    buddy_acts = np.searchsorted(ids, buddy_ids)
    owner = np.repeat(np.arange(len(buddy_sets)), np.diff(buddy_ptr))
    width = max(ids.size, 1)
    return Encoded(
        need=need,
        offer=offer,
        helps_with=buddies.helps_with,
        buddy_levels=buddies.levels,
        request_levels=requests.levels,
        capability=_bits(offer[:, :, None] >= _steps()[None, None, :], practices),
        requirement=_bits(need[:, :, None] == _steps()[None, None, :], practices),
        out_of_reach=(need > MAX_LEVEL).any(axis=1),
        beyond=_bits(
            (need[:, :, None] > 0) & (_steps()[None, None, :] > need[:, :, None]), practices
        ),
        language=language,
        language_codes=tuple(codes),
        buddy_language_ptr=language_ptr,
        buddy_language=spoken,
        activity=np.where(season, -1, np.searchsorted(ids, requests.activity)),
        activity_ids=ids,
        request_activity_ptr=request_ptr,
        request_activity=np.searchsorted(ids, request_ids),
        buddy_activity_ptr=buddy_ptr,
        buddy_activity=buddy_acts,
        attendance=np.unique(owner * width + buddy_acts),
        minor=requests.minor,
        vetted=buddies.vetted,
        previous=requests.previous_buddy,
        capacity=buddies.capacity,
    )


def _steps() -> np.ndarray:
    return np.arange(1, LEVEL_STEPS + 1, dtype=np.int8)


def _csr(rows: list) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.fromiter((len(r) for r in rows), np.int64, count=len(rows))
    flat = np.fromiter(chain.from_iterable(rows), np.int64, count=int(lengths.sum()))
    return np.concatenate([[0], np.cumsum(lengths)]), flat


def _bits(flags: np.ndarray, practices: int) -> np.ndarray:
    """(N, P, 3) booleans → (N, W) uint64 words, bit p * 3 + (level - 1)."""
    count = flags.shape[0]
    words = max(-(-practices * LEVEL_STEPS // WORD), 1)
    flat = flags.reshape(count, practices * LEVEL_STEPS)
    padded = np.zeros((count, words * WORD), dtype=bool)
    padded[:, : flat.shape[1]] = flat
    packed = np.packbits(padded.reshape(count, words, WORD), axis=2, bitorder="little")
    return packed.view("<u8").reshape(count, words).astype(np.uint64)


def popcount(words: np.ndarray) -> np.ndarray:
    """Set bits per row of a (N, W) uint64 array."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(words).sum(axis=1, dtype=np.int64)
    as_bytes = np.ascontiguousarray(words).view(np.uint8).reshape(words.shape[0], -1)
    return np.unpackbits(as_bytes, axis=1).sum(axis=1, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class _Sorted:
    """Buddy rows sorted by an integer key: a key range is a contiguous slice."""

    keys: np.ndarray
    buddies: np.ndarray

    @classmethod
    def build(cls, keys: np.ndarray, buddies: np.ndarray) -> _Sorted:
        order = np.lexsort((buddies, keys))
        return cls(keys[order], buddies[order])

    def span(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and stop of the rows with low <= key <= high."""
        return np.searchsorted(self.keys, low, "left"), np.searchsorted(self.keys, high, "right")


class CandidateIndex:
    """The buddies sorted three ways; one concatenated array of buddy rows."""

    def __init__(self, enc: Encoded) -> None:
        self.enc = enc
        buddy_of_language = np.repeat(np.arange(enc.buddy_count), np.diff(enc.buddy_language_ptr))
        self.by_language = _Sorted.build(enc.buddy_language, buddy_of_language)

        # Language × activity rows: each spoken language of a buddy with each activity.
        per_row = np.diff(enc.buddy_activity_ptr)[buddy_of_language]
        rep_buddy = np.repeat(buddy_of_language, per_row)
        within = np.arange(rep_buddy.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        activity = enc.buddy_activity[enc.buddy_activity_ptr[rep_buddy] + within]
        language = np.repeat(enc.buddy_language, per_row)
        self.by_activity = _Sorted.build(language * enc.activity_count + activity, rep_buddy)

        # Language × practice × level rows, levels from the highest down: "at least level n"
        # is a prefix of its (language, practice) block.
        buddy, practice = np.nonzero(enc.offer >= 1)
        level = enc.offer[buddy, practice].astype(np.int64)
        count = np.diff(enc.buddy_language_ptr)[buddy]
        starts = enc.buddy_language_ptr[buddy]
        rep = np.repeat(np.arange(buddy.size), count)
        offset = np.arange(rep.size) - np.repeat(np.cumsum(count) - count, count)
        spoken = enc.buddy_language[np.repeat(starts, count) + offset]
        keys = self._practice_base(spoken, practice[rep]) + (MAX_LEVEL - level[rep])
        self.by_practice = _Sorted.build(keys, buddy[rep])

        self.offsets = np.cumsum([0, self.by_language.keys.size, self.by_activity.keys.size])
        self.buddies = np.concatenate(
            [self.by_language.buddies, self.by_activity.buddies, self.by_practice.buddies]
        )

    def _practice_base(self, language, practice) -> np.ndarray:
        return (language * self.enc.practice_count + practice) * LEVEL_STEPS

    def narrowest(self, requests: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each of `requests`, the narrowest range passing one of its rules.

        Returns (start, stop, by activity) into `buddies`; "by activity" when the range is
        the one of the request's activity (which then need not be checked again).
        """
        enc = self.enc
        language = enc.language[requests]
        start, stop = self.by_language.span(language, language)
        by_activity = np.zeros(requests.size, dtype=bool)

        wants = np.flatnonzero(enc.activity[requests] >= 0)
        key = language[wants] * enc.activity_count + enc.activity[requests[wants]]
        low, high = self.by_activity.span(key, key)
        better = high - low < stop[wants] - start[wants]
        chosen = wants[better]
        start[chosen] = low[better] + self.offsets[1]
        stop[chosen] = high[better] + self.offsets[1]
        by_activity[chosen] = True

        position, practice = np.nonzero(enc.need[requests] > 0)
        need = enc.need[requests[position], practice].astype(np.int64)
        base = self._practice_base(language[position], practice)
        low, high = self.by_practice.span(base, base + MAX_LEVEL - need)
        high = np.where(need > MAX_LEVEL, low, high)  # nobody is above expert
        order = np.lexsort((high - low, position))
        first = order[np.unique(position[order], return_index=True)[1]]
        asked = position[first]
        better = high[first] - low[first] < stop[asked] - start[asked]
        chosen = asked[better]
        start[chosen] = low[first][better] + self.offsets[2]
        stop[chosen] = high[first][better] + self.offsets[2]
        by_activity[chosen] = False
        return start, stop, by_activity


@dataclass(frozen=True, eq=False)
class Candidates:
    """Every allowed (request, buddy) pair of the requests asked about, with its cost.

    Pairs are grouped by request, in the order the requests were given.
    """

    request: np.ndarray
    buddy: np.ndarray
    cost: np.ndarray


def find_candidates(
    enc: Encoded,
    weights: CostWeights,
    requests: np.ndarray | None = None,
    *,
    index: CandidateIndex | None = None,
    chunk_pairs: int = CHUNK_PAIRS,
) -> Candidates:
    """All pairs of `requests` (default: all) passing every hard rule, with their costs."""
    if requests is None:
        requests = np.arange(enc.request_count)
    requests = np.asarray(requests, dtype=np.int64)
    index = CandidateIndex(enc) if index is None else index
    start, stop, by_activity = index.narrowest(requests)
    size = stop - start
    ends = np.cumsum(size)
    bounds = [0]
    while bounds[-1] < requests.size:
        done = ends[bounds[-1] - 1] if bounds[-1] else 0
        step = int(np.searchsorted(ends, done + chunk_pairs, "right"))
        bounds.append(max(step, bounds[-1] + 1))
    parts = []
    for lo, hi in pairwise(bounds):
        counts = size[lo:hi]
        position = np.repeat(np.arange(lo, hi), counts)
        within = np.arange(position.size) - np.repeat(np.cumsum(counts) - counts, counts)
        buddy = index.buddies[np.repeat(start[lo:hi], counts) + within]
        request = requests[position]
        keep = allowed(enc, request, buddy, checked_activity=by_activity[position])
        request, buddy = request[keep], buddy[keep]
        parts.append((request, buddy, pair_costs(enc, weights, request, buddy)))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Candidates(empty, empty, empty)
    return Candidates(*(np.concatenate([part[i] for part in parts]) for i in range(3)))


def allowed(enc: Encoded, request, buddy, checked_activity=None) -> np.ndarray:
    """Whether each pair passes the rules a range of the index may not have checked.

    Language is the key of every range; a range by activity has checked the activity.
    """
    need = enc.requirement[request]
    ok = ((enc.capability[buddy] & need) == need).all(axis=1) & ~enc.out_of_reach[request]
    ok &= enc.vetted[buddy] | ~enc.minor[request]
    activity = enc.activity[request]
    check = activity >= 0
    if checked_activity is not None:
        check &= ~checked_activity
    ok[check] &= enc.attends(buddy[check], activity[check])
    return ok


@dataclass(frozen=True, eq=False)
class PairTerms:
    """What the costs and reasons of pairs rest on, elementwise."""

    gap: np.ndarray  # levels ahead beyond the one needed, summed over the practices asked
    shared: np.ndarray  # activities in common, for season requests (0 for activity requests)
    season: np.ndarray  # the request is for the whole season
    previous: np.ndarray  # the buddy is the request's earlier buddy
    has_previous: np.ndarray


def pair_terms(enc: Encoded, request, buddy) -> PairTerms:
    request = np.asarray(request, dtype=np.int64)
    buddy = np.asarray(buddy, dtype=np.int64)
    season = enc.activity[request] < 0
    counts = np.where(season, np.diff(enc.request_activity_ptr)[request], 0)
    pair = np.repeat(np.arange(request.size), counts)
    within = np.arange(pair.size) - np.repeat(np.cumsum(counts) - counts, counts)
    activity = enc.request_activity[enc.request_activity_ptr[request[pair]] + within]
    member = enc.attends(buddy[pair], activity)
    previous = enc.previous[request]
    return PairTerms(
        gap=popcount(enc.capability[buddy] & enc.beyond[request]),
        shared=np.bincount(pair, weights=member, minlength=request.size).astype(np.int64),
        season=season,
        previous=previous == buddy,
        has_previous=previous >= 0,
    )


def pair_costs(enc: Encoded, weights: CostWeights, request, buddy, terms=None) -> np.ndarray:
    """The soft rules' cost of each pair (before the buddy's load)."""
    terms = pair_terms(enc, request, buddy) if terms is None else terms
    return (
        weights.level_gap * terms.gap
        + weights.no_shared_activity * (terms.season & (terms.shared == 0))
        + weights.not_previous * (terms.has_previous & ~terms.previous)
    ).astype(np.int64)
