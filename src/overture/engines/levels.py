"""The level vocabulary every engine shares: level numbers, "not known", and their words.

A level is 0 (newcomer) to `MAX_LEVEL` (expert) in one practice; `UNKNOWN` (-1, or NaN in a
float matrix) is a level nobody has told us yet, its own segment and never a newcomer.

Every participant page names a level (0–3) with the same four words: on the activity page
("For beginners and up"), in reasons ("you're at beginner level"), in journeys ("from
newcomer to beginner"), in the audience labels and the season's filter. Staff pages keep the
domain's names (newcomer, novice, regular, expert); docs/concepts.md lists both.

>>> level_word(1)
'Beginner'
>>> level_name(2)
'regular'
>>> level_word(-1)
'Not known yet'
>>> required_words(0)
'newcomers welcome'
"""

from __future__ import annotations

__all__ = [
    "LEVELS",
    "LEVEL_MEANINGS",
    "LEVEL_NAMES",
    "LEVEL_WORDS",
    "MAX_LEVEL",
    "NOT_KNOWN",
    "REQUIRED_WORDS",
    "UNKNOWN",
    "level_name",
    "level_word",
    "required_words",
]

UNKNOWN = -1  # a level nobody has told us yet
MAX_LEVEL = 3
LEVELS = MAX_LEVEL + 1  # newcomer, beginner (novice), regular, expert

# The level word, as a heading or a badge.
LEVEL_WORDS = ("Newcomer", "Beginner", "Regular", "Expert")
# The same word inside a sentence.
LEVEL_NAMES = tuple(word.lower() for word in LEVEL_WORDS)
# What each level means, to explain the words once where they are introduced.
LEVEL_MEANINGS = (
    "hasn’t done it yet",
    "has done it once or twice",
    "knows how it goes",
    "could show someone else",
)
# What an activity asks of the people who come, per required level.
REQUIRED_WORDS = (
    "newcomers welcome",
    "for beginners and up",
    "for regulars and experts",
    "for experts",
)
NOT_KNOWN = "Not known yet"


def _valid(level: object) -> int | None:
    try:
        number = int(level)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < len(LEVEL_WORDS) else None


def level_word(level: object) -> str:
    """The capitalised word for a level, or "Not known yet" for -1, None or anything else."""
    number = _valid(level)
    return NOT_KNOWN if number is None else LEVEL_WORDS[number]


def level_name(level: object) -> str:
    """The word for a level inside a sentence ("beginner"); "not known yet" otherwise."""
    return level_word(level).lower()


def required_words(level: object) -> str:
    """What an activity asking this level says about who can come; "" for no level."""
    number = _valid(level)
    return "" if number is None else REQUIRED_WORDS[number]
