"""The words people read for levels, strictness and self-assessment answers: their one home.

Engines name levels by number (`overture.engines.levels`); every page, template tag and app
says them with the words here, marked for translation, so a participant reads the same word
on the activity page, in the season's filter and cards, in For you, in reasons and journeys
and in the self-assessment. Staff pages keep the domain's names (`Level`'s choices).

The constants are lazy (translated when shown); the functions return text in the active
language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from overture.engines.levels import valid_level
from overture.engines.signposting.reasons import strictness_band

if TYPE_CHECKING:
    from .models import Practice

__all__ = [
    "LEVEL_MEANINGS",
    "LEVEL_NAMES",
    "LEVEL_WORDS",
    "NOT_KNOWN",
    "REQUIRED_LEVEL_WORDS",
    "REQUIRED_WORDS",
    "STANDARD_ANSWERS",
    "answer_choices",
    "level_name",
    "level_word",
    "levels_explained",
    "required_level_words",
    "required_words",
    "strictness_words",
]

# The level word, as a heading or a badge.
LEVEL_WORDS: tuple[Promise, ...] = (
    pgettext_lazy("level", "Newcomer"),
    pgettext_lazy("level", "Beginner"),
    pgettext_lazy("level", "Regular"),
    pgettext_lazy("level", "Expert"),
)
# The same word inside a sentence ("you're at beginner level").
LEVEL_NAMES: tuple[Promise, ...] = (
    pgettext_lazy("level in a sentence", "newcomer"),
    pgettext_lazy("level in a sentence", "beginner"),
    pgettext_lazy("level in a sentence", "regular"),
    pgettext_lazy("level in a sentence", "expert"),
)
NOT_KNOWN = pgettext_lazy("level", "Not known yet")
_NOT_KNOWN_IN_A_SENTENCE = pgettext_lazy("level in a sentence", "not known yet")
# What each level means, to explain the words once where they are introduced.
LEVEL_MEANINGS: tuple[Promise, ...] = (
    pgettext_lazy("level meaning", "hasn’t done it yet"),
    pgettext_lazy("level meaning", "has done it once or twice"),
    pgettext_lazy("level meaning", "knows how it goes"),
    pgettext_lazy("level meaning", "could show someone else"),
)
# What an activity asks of the people who come, per required level, inside a sentence ...
REQUIRED_WORDS: tuple[Promise, ...] = (
    pgettext_lazy("level asked, in a sentence", "newcomers welcome"),
    pgettext_lazy("level asked, in a sentence", "for beginners and up"),
    pgettext_lazy("level asked, in a sentence", "for regulars and experts"),
    pgettext_lazy("level asked, in a sentence", "for experts"),
)
# ... and on its own: the requirement lines, the audience labels and the season's filter.
REQUIRED_LEVEL_WORDS: dict[int, Promise] = {
    0: pgettext_lazy("level asked", "Newcomers welcome"),
    1: pgettext_lazy("level asked", "For beginners and up"),
    2: pgettext_lazy("level asked", "For regulars and experts"),
    3: pgettext_lazy("level asked", "For experts"),
}

# How anyone answers a practice's question when the practice has no answers of its own.
STANDARD_ANSWERS: dict[int, Promise] = {
    0: pgettext_lazy("self-assessment answer", "Not yet"),
    1: pgettext_lazy("self-assessment answer", "Once or twice"),
    2: pgettext_lazy("self-assessment answer", "A few times: I know how it goes"),
    3: pgettext_lazy("self-assessment answer", "Often: I could show someone else"),
}

_ANSWER_FIELDS = {
    0: "answer_newcomer",
    1: "answer_novice",
    2: "answer_regular",
    3: "answer_expert",
}

_STRICTNESS_WORDS: tuple[Promise, ...] = (
    pgettext_lazy("strictness", "relaxed about this"),
    pgettext_lazy("strictness", "some care expected"),
    pgettext_lazy("strictness", "the room expects this to be followed closely"),
)


def level_word(level: object) -> str:
    """The capitalised word for a level ("Beginner"), or "Not known yet" for -1, None or
    anything else."""
    number = valid_level(level)
    return str(NOT_KNOWN if number is None else LEVEL_WORDS[number])


def level_name(level: object) -> str:
    """The word for a level inside a sentence ("beginner"); "not known yet" otherwise."""
    number = valid_level(level)
    return str(_NOT_KNOWN_IN_A_SENTENCE if number is None else LEVEL_NAMES[number])


def required_words(level: object) -> str:
    """What an activity asking this level says inside a sentence ("for beginners and up");
    "" for no level."""
    number = valid_level(level)
    return "" if number is None else str(REQUIRED_WORDS[number])


def required_level_words(level: object) -> str:
    """What a required level asks of a participant, in plain words ("Newcomers welcome")."""
    number = valid_level(level)
    return "" if number is None else str(REQUIRED_LEVEL_WORDS[number])


def answer_choices(practice: Practice) -> list[tuple[int, str]]:
    """The answers to the practice's question, each with the level it means, lowest first."""
    return [
        (level, getattr(practice, field).strip() or str(STANDARD_ANSWERS[level]))
        for level, field in _ANSWER_FIELDS.items()
    ]


def levels_explained() -> list[tuple[str, str]]:
    """Each level word with what it means, lowest first."""
    return [(str(w), str(m)) for w, m in zip(LEVEL_WORDS, LEVEL_MEANINGS, strict=True)]


def strictness_words(strictness: float) -> str:
    """How strict the room is about a practice, in plain words."""
    return str(_STRICTNESS_WORDS[strictness_band(strictness)])
