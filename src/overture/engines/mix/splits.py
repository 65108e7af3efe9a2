"""Split suggestion: two sessions instead of one, when a mixed audience would clash.

When the registrants of an activity, all together under its norms, carry a high expected
heterogeneity conflict (`overture.engines.mix.conflict`), a second session can take those who
would rather it were relaxed: a relaxed matinee (norms `relaxed_norms`) and a traditional
evening (norms 1). `suggest_split` orders registrants by **comfort with the traditional
norms** — 0 for a stated relaxed preference, 1 for a stated traditional one, otherwise the
strictness-weighted mean level / 3 — keeps each party (equal ids ≥ 0) together at the mean
comfort of its members, and evaluates every cut of that order leaving at least
`min_session` people on each side. Prefix counts of levels per practice and of preferences
make each cut cost O(P), all cuts O(N·P). The cut of least size-weighted conflict wins.

It is the best cut **along the comfort order**, not the best of all 2^N splits: comfort is
one number per person, so the split is a threshold on it (docs/engines/audience_mix.md).

>>> levels = [[0], [0], [0], [3], [3], [3]]     # three newcomers, three experts
>>> split = suggest_split(levels, [1.0], [-1] * 6, min_session=2)
>>> split.relaxed.tolist(), split.traditional.tolist(), split.conflict_before, split.reduction
([0, 1, 2], [3, 4, 5], 0.6, 0.6)
>>> party = [-1, -1, 0, 0, -1, -1]               # a newcomer brings an expert friend
>>> split = suggest_split(levels, [1.0], [-1] * 6, party=party, min_session=2)
>>> split.relaxed.tolist(), round(split.conflict_after, 4), round(split.reduction, 4)
([0, 1, 2, 3], 0.09, 0.51)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from overture.engines.checks import finite_number, whole_number, whole_numbers
from overture.engines.errors import EngineInputError
from overture.engines.levels import LEVELS
from overture.engines.mix.conflict import (
    MAX_MEAN_DIFFERENCE,
    NO_PREFERENCE,
    RELAXED,
    TRADITIONAL,
    ConflictError,
    checked_inputs,
    group_conflict,
    practice_dispersion,
    total_conflict,
)
from overture.engines.mix.indices import IndicesError, with_a_practice

__all__ = ["Split", "SplitError", "comfort", "suggest_split"]

_DISTANCE = np.abs(np.subtract.outer(np.arange(LEVELS), np.arange(LEVELS))).astype(np.float64)
# A split must lower conflict by more than rounding noise to be worth suggesting.
TOLERANCE = 1e-12


class SplitError(EngineInputError):
    """Inputs a split cannot be suggested from: bad sizes, norms or parties."""


@dataclass(frozen=True, eq=False)
class Split:
    """Two sessions: `relaxed` and `traditional` hold registrant indices (ascending).

    `conflict_before` is everyone together at norms 1, `conflict_after` the size-weighted
    mean of the two sessions' conflicts (the relaxed one kept at `relaxed_norms`),
    `reduction` = before − after.
    """

    relaxed: np.ndarray
    traditional: np.ndarray
    conflict_before: float
    conflict_after: float
    reduction: float
    relaxed_norms: float
    relaxed_conflict: float = 0.0
    traditional_conflict: float = 0.0


def comfort(levels, strictness, preference) -> np.ndarray:
    """Comfort of each registrant with the traditional norms, 0–1.

    A stated preference decides (relaxed 0, traditional 1); otherwise the mean level over
    the practices weighted by their strictness, / 3 (unknown counts as newcomer).

    >>> comfort([[3, 0], [0, 3], [2, 2]], [0.9, 0.1], [-1, -1, 0]).round(2).tolist()
    [0.9, 0.1, 0.0]
    """
    try:
        level, strict, pref = checked_inputs(levels, strictness, preference)
    except ConflictError as error:
        raise SplitError(str(error)) from error
    weight = strict if strict.sum() > 0 else np.ones_like(strict)
    if weight.size:
        by_level = level @ weight / (weight.sum() * (LEVELS - 1))
    else:
        by_level = np.full(pref.size, 0.5)
    return np.where(pref == NO_PREFERENCE, by_level, (pref == TRADITIONAL).astype(np.float64))


def _units(party: np.ndarray, count: int) -> np.ndarray:
    """Unit of each registrant: one per party, one per registrant alone."""
    alone = party < 0
    key = np.where(alone, party.max(initial=-1) + 1 + np.arange(count), party)
    return np.unique(key, return_inverse=True)[1].ravel()


def _order(person_comfort: np.ndarray, party: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Registrants in comfort order with parties adjacent, and the allowed cut positions."""
    count = person_comfort.size
    unit = _units(party, count)
    units = int(unit.max(initial=-1)) + 1
    size = np.bincount(unit, minlength=units)
    unit_comfort = np.bincount(unit, weights=person_comfort, minlength=units) / size
    first = np.full(units, count)
    np.minimum.at(first, unit, np.arange(count))
    unit_rank = np.empty(units, dtype=np.int64)
    unit_rank[np.lexsort((first, unit_comfort))] = np.arange(units)
    order = np.lexsort((np.arange(count), unit_rank[unit]))
    cuts = np.cumsum(size[np.argsort(unit_rank)])
    return order, cuts


def _side_conflict(counts, size, relaxed, traditional, gap, strict, norms) -> np.ndarray:
    """Conflict of many candidate sessions at once, as `conflict.zoned_conflict` computes it.

    `counts` (K, P, LEVELS) levels per practice, `size`, `relaxed`, `traditional` (K,) people
    and stated preferences, `gap` (K,) summed |preference − kept norms|.
    """
    pair_difference = np.einsum("kpa,ab,kpb->kp", counts, _DISTANCE, counts)
    mean_difference = pair_difference / np.maximum(size * size, 1)[:, None]
    chance = norms * strict[None, :] * mean_difference / MAX_MEAN_DIFFERENCE
    dispersion = practice_dispersion(chance)
    people = np.maximum(size, 1)
    clash = 4 * (relaxed / people) * (traditional / people)
    misfit = gap / people
    return total_conflict(dispersion, clash, misfit)


def _check(count: int, party, min_session: int, min_conflict: float, relaxed_norms: float):
    whole_number(
        "min_session",
        min_session,
        SplitError,
        low=1,
        rule="min_session must be a whole number of at least 1",
    )
    finite_number("min_conflict", min_conflict, SplitError, low=0, high=1)
    finite_number("relaxed_norms", relaxed_norms, SplitError, low=0, high=1)
    if party is None:
        return np.full(count, -1, dtype=np.int64)
    ids = whole_numbers(
        "party", party, SplitError, low=-1, rule="party must hold -1 (alone) or a party id ≥ 0"
    ).ravel()
    if ids.size != count:
        raise SplitError(
            f"party has {ids.size} entries; party must hold one value per registrant "
            f"({count}, -1: alone)"
        )
    return ids


def suggest_split(
    levels,
    strictness,
    preference,
    *,
    party=None,
    min_session: int,
    min_conflict: float = 0.3,
    relaxed_norms: float = 0.3,
) -> Split | None:
    """The best relaxed / traditional split of the registrants along the comfort order.

    None when everyone together stays below `min_conflict`, when there are fewer than
    2 × `min_session` registrants, when parties leave no cut with `min_session` on each
    side, or when no cut lowers the conflict.
    """
    count = np.size(preference)
    party_ids = _check(count, party, min_session, min_conflict, relaxed_norms)
    try:
        level, strict = with_a_practice(levels, strictness, count)
        _, _, pref = checked_inputs(level, strict, preference)
    except (IndicesError, ConflictError) as error:
        raise SplitError(str(error)) from error
    before = group_conflict(level, strict, pref, norms=1.0).total
    if before < min_conflict or count < 2 * min_session:
        return None
    level = np.maximum(level, 0)
    order, cuts = _order(comfort(level, strict, pref), party_ids)
    cuts = cuts[(cuts >= min_session) & (cuts <= count - min_session)]
    if cuts.size == 0:
        return None
    after, relaxed_side, traditional_side = _evaluate(
        level[order], strict, pref[order], cuts, relaxed_norms
    )
    best = int(np.argmin(after))
    if before - after[best] <= TOLERANCE:
        return None
    cut = int(cuts[best])
    return Split(
        relaxed=np.sort(order[:cut]),
        traditional=np.sort(order[cut:]),
        conflict_before=before,
        conflict_after=float(after[best]),
        reduction=before - float(after[best]),
        relaxed_norms=float(relaxed_norms),
        relaxed_conflict=float(relaxed_side[best]),
        traditional_conflict=float(traditional_side[best]),
    )


def _prefix(values: np.ndarray) -> np.ndarray:
    """Sums of the first k rows, k = 0 .. N."""
    zero = np.zeros((1, *values.shape[1:]), dtype=values.dtype)
    return np.concatenate([zero, np.cumsum(values, axis=0)])


def _evaluate(level, strict, pref, cuts, relaxed_norms):
    """Size-weighted conflict of every cut (first `cut` relaxed), and each side's conflict."""
    count, practices = level.shape
    one_hot = np.zeros((count, practices, LEVELS), dtype=np.int64)
    one_hot[np.arange(count)[:, None], np.arange(practices)[None, :], level] = 1
    counts = _prefix(one_hot)
    total_counts = counts[-1]
    relaxed = _prefix((pref == RELAXED).astype(np.int64))
    traditional = _prefix((pref == TRADITIONAL).astype(np.int64))
    highest = strict.max() if strict.size else 0.0
    stated = pref != NO_PREFERENCE
    # Misfit of each stated preference against the norms kept in the session it lands in.
    gap_relaxed = _prefix(np.where(stated, np.abs(pref - relaxed_norms * highest), 0.0))
    gap_traditional = _prefix(np.where(stated, np.abs(pref - highest), 0.0))

    left = _side_conflict(
        counts[cuts].astype(np.float64),
        cuts.astype(np.float64),
        relaxed[cuts],
        traditional[cuts],
        gap_relaxed[cuts],
        strict,
        relaxed_norms,
    )
    rest = count - cuts
    right = _side_conflict(
        (total_counts[None] - counts[cuts]).astype(np.float64),
        rest.astype(np.float64),
        relaxed[-1] - relaxed[cuts],
        traditional[-1] - traditional[cuts],
        gap_traditional[-1] - gap_traditional[cuts],
        strict,
        1.0,
    )
    return (cuts * left + rest * right) / count, left, right
