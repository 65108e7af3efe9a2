"""Plain words for levels and strictness, shared by every page that opens up a score.

>>> required_level_words(0)
'No experience needed'
>>> strictness_words(0.8)
'the room expects this to be followed closely'
"""

from __future__ import annotations

from overture.engines.signposting_reasons import REQUIRED_WORDS, strictness_band

from .models import Level

__all__ = [
    "REQUIRED_LEVEL_WORDS",
    "SELF_ASSESSMENT_CHOICES",
    "required_level_words",
    "strictness_words",
]

# What an activity asks of the people who come, per required level.
REQUIRED_LEVEL_WORDS: dict[int, str] = {
    level: words[0].upper() + words[1:]
    for level, words in zip(Level.values, REQUIRED_WORDS, strict=True)
}

# How a participant answers “have you done this before?”, per level.
SELF_ASSESSMENT_CHOICES: list[tuple[int, str]] = [
    (Level.NEWCOMER, "Never"),
    (Level.NOVICE, "Once or twice"),
    (Level.REGULAR, "A few times — I know how it goes"),
    (Level.EXPERT, "Often — I could show someone else"),
]


def required_level_words(level: int) -> str:
    """What a required level asks of a participant, in plain words."""
    try:
        return REQUIRED_LEVEL_WORDS[int(level)]
    except (KeyError, TypeError, ValueError):
        return ""


def strictness_words(strictness: float) -> str:
    """How strict the room is about a practice, in plain words."""
    return (
        "relaxed about this",
        "some care expected",
        "the room expects this to be followed closely",
    )[strictness_band(strictness)]
