"""Which activities are relaxed throughout: no reason on their cards may ask for silence."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from overture.season.models import Format

# Practices whose presence makes the whole room relaxed: moving and making noise are welcome.
RELAXING_PRACTICES = frozenset({"relaxed-performance"})


def relaxed_rows(
    flags: Sequence[bool], formats: Sequence[str], required: np.ndarray, slugs: Sequence[str]
) -> np.ndarray:
    """Which activities are relaxed throughout, so that no reason may ask for silence.

    Relaxed: staff marked it so (`Activity.relaxed`), it is a relaxed performance, or it
    involves a practice such as moving and making noise. `required` is activities × the
    practices named by `slugs` (-1 = not involved).
    """
    relaxing = np.array([slug in RELAXING_PRACTICES for slug in slugs], dtype=bool)
    involves = (np.asarray(required) >= 0)[:, relaxing].any(axis=1)
    relaxed_format = np.array([f == Format.RELAXED_PERFORMANCE for f in formats], dtype=bool)
    return np.asarray(flags, dtype=bool).reshape(-1) | relaxed_format | involves
