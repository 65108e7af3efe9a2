"""Plain words for levels, strictness and self-assessment answers, shared by participant pages.

The level words themselves live in `overture.engines.levels`, so the engines' reasons
and journeys speak them too.

>>> required_level_words(0)
'Newcomers welcome'
>>> strictness_words(0.8)
'the room expects this to be followed closely'
"""

from __future__ import annotations

from overture.engines.levels import (
    LEVEL_MEANINGS,
    LEVEL_WORDS,
    REQUIRED_WORDS,
    level_name,
    level_word,
)
from overture.engines.signposting.reasons import strictness_band

from .models import Level, Practice

__all__ = [
    "REQUIRED_LEVEL_WORDS",
    "STANDARD_ANSWERS",
    "answer_choices",
    "level_name",
    "level_word",
    "levels_explained",
    "required_level_words",
    "strictness_words",
]

# What an activity asks of the people who come, per required level.
REQUIRED_LEVEL_WORDS: dict[int, str] = {
    level: words[0].upper() + words[1:]
    for level, words in zip(Level.values, REQUIRED_WORDS, strict=True)
}

# How anyone answers a practice's question when the practice has no answers of its own.
STANDARD_ANSWERS: dict[int, str] = {
    Level.NEWCOMER: "Not yet",
    Level.NOVICE: "Once or twice",
    Level.REGULAR: "A few times: I know how it goes",
    Level.EXPERT: "Often: I could show someone else",
}

_ANSWER_FIELDS = {
    Level.NEWCOMER: "answer_newcomer",
    Level.NOVICE: "answer_novice",
    Level.REGULAR: "answer_regular",
    Level.EXPERT: "answer_expert",
}


def answer_choices(practice: Practice) -> list[tuple[int, str]]:
    """The answers to the practice's question, each with the level it means, lowest first."""
    return [
        (level, getattr(practice, field).strip() or STANDARD_ANSWERS[level])
        for level, field in _ANSWER_FIELDS.items()
    ]


def levels_explained() -> list[tuple[str, str]]:
    """Each level word with what it means, lowest first."""
    return list(zip(LEVEL_WORDS, LEVEL_MEANINGS, strict=True))


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
