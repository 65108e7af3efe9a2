"""The level vocabulary every engine shares: level numbers, "not known", and their codes.

A level is 0 (newcomer) to `MAX_LEVEL` (expert) in one practice; `UNKNOWN` (-1, or NaN in a
float matrix) is a level nobody has told us yet, its own segment and never a newcomer.

Engines speak of levels in numbers, and name them (in codes, reasons and figures) with
`LEVEL_CODES`; the words people read for each level live in the apps
(`overture.season.wording`), where they are translated.

>>> level_code(1), level_code(-1), level_code("x")
('novice', 'unknown', 'unknown')
"""

from __future__ import annotations

__all__ = [
    "LEVELS",
    "LEVEL_CODES",
    "MAX_LEVEL",
    "UNKNOWN",
    "UNKNOWN_CODE",
    "level_code",
    "valid_level",
]

UNKNOWN = -1  # a level nobody has told us yet
MAX_LEVEL = 3
LEVELS = MAX_LEVEL + 1  # newcomer, novice (a beginner, to participants), regular, expert

# Each level's code, in order: the name engines and apps agree on.
LEVEL_CODES = ("newcomer", "novice", "regular", "expert")
UNKNOWN_CODE = "unknown"


def valid_level(level: object) -> int | None:
    """The level as an int 0–MAX_LEVEL, or None for -1, None or anything else."""
    try:
        number = int(level)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < LEVELS else None


def level_code(level: object) -> str:
    """The code of a level ("novice"), or "unknown" for -1, None or anything else."""
    number = valid_level(level)
    return UNKNOWN_CODE if number is None else LEVEL_CODES[number]
