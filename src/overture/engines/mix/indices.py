"""The four indices of an activity's audience mix, each between 0 and 1.

- **role rigidity** — how much skill the activity asks before one can fully take part:
  ``1 − Π_p (1 − (r_p / 3)·s_p)`` over its practices, with `r_p` the required level (0–3)
  and `s_p` the strictness (0–1) of practice p; each practice is an independent chance of
  being shut out, so one expert-level practice kept strictly makes the whole activity rigid;
- **heterogeneity conflict** — the expected friction of the registrants sharing the room
  under the activity's own norms: `overture.engines.mix.conflict.group_conflict`,
  ``0.6·D + 0.2·C + 0.2·M`` (dispersion of levels on strict practices, clashing stated
  preferences, preferences against the norms);
- **participation access** — the newcomer places the buddies at the activity can take
  against the newcomers in its key practice, ``min(1, buddy_places / newcomers)``, 1 with
  no newcomer; people whose level is not known yet are not counted as newcomers;
- **signposting clarity** — the share of registrants for whom signposting said the activity
  was "right for you" or a "good first step", None with nobody registered.

The key practice is the one kept most strictly: it is where a newcomer is most exposed.
docs/engines/audience_mix.md has the reasoning and the guarantees.

>>> required, strictness = [3, 1], [0.9, 0.2]          # listening in silence, clapping
>>> round(role_rigidity(required, strictness), 4)        # 1 − (1 − 0.9)(1 − 0.2/3)
0.9067
>>> key_practice(required, strictness)
0
>>> levels = [[0, 1], [0, 0], [3, 2], [-1, 2]]          # two newcomers in listening
>>> newcomer_mask(levels, 0).tolist()
[True, True, False, False]
>>> participation_access(buddy_places=1, newcomers=2)
0.5
>>> signposting_clarity([Fit.RIGHT_FOR_YOU, Fit.GOOD_FIRST_STEP, Fit.PREPARE_FIRST, 3])
0.75
>>> mix = activity_indices(required, strictness, levels, [-1, 0, 1, 1], 1, [3, 2, 0, 3])
>>> round(mix.rigidity, 4), round(mix.conflict, 4), mix.access, mix.clarity
(0.9067, 0.4335, 0.5, 0.75)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from overture.engines.checks import finite_array, whole_number, whole_numbers
from overture.engines.errors import EngineInputError
from overture.engines.levels import MAX_LEVEL
from overture.engines.mix.conflict import Conflict, ConflictError, group_conflict
from overture.engines.signposting.fit import Fit

__all__ = [
    "Indices",
    "IndicesError",
    "activity_indices",
    "conflict_risk",
    "key_practice",
    "key_practice_shares",
    "newcomer_mask",
    "participation_access",
    "role_rigidity",
    "signposting_clarity",
    "with_a_practice",
]

NOVICE = 1
CLEAR_FITS = (int(Fit.RIGHT_FOR_YOU), int(Fit.GOOD_FIRST_STEP))


class IndicesError(EngineInputError):
    """Inputs the indices cannot work with: shapes that disagree, values out of range."""


@dataclass(frozen=True)
class Indices:
    """The four indices of one activity; `clarity` is None when nobody is registered."""

    rigidity: float
    conflict: float
    access: float
    clarity: float | None


def _requirements(required, strictness) -> tuple[np.ndarray, np.ndarray]:
    """Required levels (−1, not involved, counts as 0) and strictness, checked."""
    level = whole_numbers(
        "required",
        required,
        IndicesError,
        low=-1,
        high=MAX_LEVEL,
        rule="required levels must lie between 0 and 3 (-1: not involved)",
    ).ravel()
    strict = finite_array("strictness", strictness, IndicesError, low=0, high=1).ravel()
    if level.shape != strict.shape:
        raise IndicesError(
            f"required has {level.size} entries and strictness {strict.size}; "
            "required and strictness must give one value per practice"
        )
    return np.maximum(level, 0).astype(np.float64), strict


def role_rigidity(required, strictness) -> float:
    """``1 − Π_p (1 − (r_p/3)·s_p)``: 0 without practices, 1 only for an expert level kept
    with full strictness.

    >>> role_rigidity([0, 0], [1.0, 1.0]), role_rigidity([3], [1.0]), role_rigidity([], [])
    (0.0, 1.0, 0.0)
    >>> round(role_rigidity([2, 1], [0.6, 0.3]), 4)          # 1 − (1 − 0.4)(1 − 0.1)
    0.46
    """
    level, strict = _requirements(required, strictness)
    return float(1.0 - np.prod(1.0 - level / MAX_LEVEL * strict))


def key_practice(required, strictness) -> int:
    """Index of the practice kept most strictly (ties: higher required level, then lower
    index); −1 without practices.

    >>> key_practice([1, 3, 2], [0.5, 0.8, 0.8]), key_practice([], [])
    (1, -1)
    """
    level, strict = _requirements(required, strictness)
    if strict.size == 0:
        return -1
    # lexsort sorts by the last key first; negate for "highest", the index breaks ties low.
    order = np.lexsort((np.arange(strict.size), -level, -strict))
    return int(order[0])


def _whole_levels(levels) -> np.ndarray:
    return whole_numbers(
        "levels",
        levels,
        IndicesError,
        low=-1,
        high=MAX_LEVEL,
        rule="levels must lie between 0 and 3 (-1: not known yet)",
    )


def _levels(levels) -> np.ndarray:
    level = _whole_levels(levels)
    if level.ndim != 2:
        if level.size:
            raise IndicesError("levels must be a registrants × practices matrix")
        level = level.reshape(0, 0)
    return level


def _key(key, level: np.ndarray) -> int:
    """The key practice's column, or −1 (no practice)."""
    practices = level.shape[1]
    rule = f"key practice {key} is not one of the {practices} practices (-1: none)"
    return whole_number("key", key, IndicesError, low=-1, high=practices - 1, rule=rule)


def newcomer_mask(levels, key: int) -> np.ndarray:
    """Registrants at newcomer level (0) in practice `key` (a level not known yet, −1, is not
    newcomer level); all False when `key` is −1 (the activity involves no practice).

    >>> newcomer_mask([[0, 3], [1, -1], [-1, 0]], 0).tolist()
    [True, False, False]
    >>> newcomer_mask([[0], [1]], -1).tolist()
    [False, False]
    """
    level = _levels(levels)
    if whole_number("key", key, IndicesError, low=-1) == -1:
        return np.zeros(level.shape[0], dtype=bool)
    return level[:, _key(key, level)] == 0


def key_practice_shares(levels, key: int) -> dict[str, float | int]:
    """Newcomers and people whose level is not known (counts), and the shares at newcomer,
    at newcomer or novice and at expert level in the key practice, over all registrants; a
    level not known is its own group, never a newcomer's. Shares are 0 with nobody registered.

    >>> key_practice_shares([[0], [-1], [1], [3]], 0)
    {'newcomers': 1, 'level_unknown': 1, 'newcomer_share': 0.25, 'novice_share': 0.5, \
'expert_share': 0.25}
    """
    level = _levels(levels)
    count = level.shape[0]
    if whole_number("key", key, IndicesError, low=-1) == -1 or count == 0:
        return {
            "newcomers": 0,
            "level_unknown": 0,
            "newcomer_share": 0.0,
            "novice_share": 0.0,
            "expert_share": 0.0,
        }
    column = level[:, _key(key, level)]
    newcomers = int(np.count_nonzero(column == 0))
    return {
        "newcomers": newcomers,
        "level_unknown": int(np.count_nonzero(column < 0)),
        "newcomer_share": newcomers / count,
        "novice_share": int(np.count_nonzero((column >= 0) & (column <= NOVICE))) / count,
        "expert_share": int(np.count_nonzero(column == MAX_LEVEL)) / count,
    }


def participation_access(buddy_places: int, newcomers: int) -> float:
    """``min(1, buddy_places / newcomers)``, 1 when no newcomer is coming.

    >>> participation_access(0, 0), participation_access(3, 4), participation_access(9, 4)
    (1.0, 0.75, 1.0)
    """
    rule = "buddy places and newcomers must not be negative"
    buddy_places = whole_number("buddy_places", buddy_places, IndicesError, low=0, rule=rule)
    newcomers = whole_number("newcomers", newcomers, IndicesError, low=0, rule=rule)
    if newcomers == 0:
        return 1.0
    return min(1.0, buddy_places / newcomers)


def signposting_clarity(fits: Iterable[int]) -> float | None:
    """Share of registrants whose fit (`Fit` values) is right for you or a good first step;
    None with nobody.

    >>> signposting_clarity([]) is None, signposting_clarity([0, 1, 2, 3])
    (True, 0.5)
    """
    fit = whole_numbers(
        "fits",
        [int(f) if isinstance(f, Fit) else f for f in fits],
        IndicesError,
        low=min(Fit),
        high=max(Fit),
        rule="fits must be values of Fit (0–3)",
    ).ravel()
    if fit.size == 0:
        return None
    return float(np.isin(fit, CLEAR_FITS).mean())


def with_a_practice(levels, strictness, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Levels (count, P) and strictness (P,); an activity without practices gets one practice
    nobody minds (strictness 0), which leaves every conflict term as it is and keeps the
    arrays two-dimensional.

    >>> [a.tolist() for a in with_a_practice([], [], 2)]
    [[[0], [0]], [0.0]]
    """
    strict = finite_array("strictness", strictness, IndicesError, low=0, high=1).ravel()
    level = _whole_levels(levels)
    count = whole_number("count", count, IndicesError, low=0)
    if level.size != count * strict.size:
        raise IndicesError(
            f"levels has shape {level.shape}; levels must hold one row per registrant "
            f"({count}) and one column per practice ({strict.size})"
        )
    if strict.size == 0:
        return np.zeros((count, 1), dtype=np.int64), np.zeros(1)
    return level.reshape(count, strict.size), strict


def conflict_risk(levels, strictness, preference) -> Conflict:
    """Heterogeneity conflict of all registrants together under the activity's own norms.

    >>> conflict_risk([[0], [3]], [1.0], [-1, -1]).total     # dispersion 1, weighed 0.6
    0.6
    """
    level, strict = with_a_practice(levels, strictness, np.size(preference))
    try:
        return group_conflict(level, strict, preference, norms=1.0)
    except ConflictError as error:
        raise IndicesError(str(error)) from error


def activity_indices(
    required, strictness, levels, preference, buddy_places: int, fits: Iterable[int]
) -> Indices:
    """The four indices of one activity: its requirements (`required`, `strictness` per
    practice), its registrants (`levels` (N, P), `preference` (N,), `fits` (N,)) and the
    newcomer places its buddies can take."""
    _, strict = _requirements(required, strictness)
    count = np.size(preference)
    level, _ = with_a_practice(levels, strict, count)
    level = level[:, : strict.size]
    key = key_practice(required, strictness)
    newcomers = int(np.count_nonzero(newcomer_mask(level, key)))
    return Indices(
        rigidity=role_rigidity(required, strictness),
        conflict=conflict_risk(level, strict, preference).total,
        access=participation_access(buddy_places, newcomers),
        clarity=signposting_clarity(fits),
    )
