"""Words for the survey codes the engines name: the default variables, values and themes.

`engines.text_coding` names its default codes in English (the names double as seed words, so
they stay as they are there); pages show them in the active language from here. A label an
organisation set for itself (its own themes and value dimensions) is data, shown as written.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from overture.engines.text_coding.seeds import (
    DEFAULT_THEME_LABELS,
    DEFAULT_VALUE_LABELS,
    DEFAULT_VARIABLE_LABELS,
)

__all__ = ["DEFAULT_CODE_WORDS", "code_words"]

_VARIABLES: dict[str, Promise] = {
    "variable:role-rigidity": pgettext_lazy("survey variable", "Role rigidity"),
    "variable:heterogeneity-conflict": pgettext_lazy("survey variable", "Heterogeneity conflict"),
    "variable:participation-access": pgettext_lazy("survey variable", "Participation access"),
    "variable:signposting": pgettext_lazy("survey variable", "Signposting"),
}
_VALUES: dict[str, Promise] = {
    "value:absorption": pgettext_lazy("survey value", "Absorption"),
    "value:emotional-response": pgettext_lazy("survey value", "Emotional response"),
    "value:aesthetic-enjoyment": pgettext_lazy("survey value", "Enjoying the art itself"),
    "value:understanding": pgettext_lazy("survey value", "Understanding"),
    "value:discovery": pgettext_lazy("survey value", "Discovering something new"),
    "value:feeling-welcome": pgettext_lazy("survey value", "Feeling welcome"),
    "value:knowing-what-to-do": pgettext_lazy("survey value", "Knowing what to do"),
    "value:belonging": pgettext_lazy("survey value", "Belonging"),
    "value:connection-with-others": pgettext_lazy("survey value", "Connection with others"),
    "value:contribution": pgettext_lazy("survey value", "Contribution"),
    "value:competence": pgettext_lazy("survey value", "Competence"),
    "value:relaxation": pgettext_lazy("survey value", "Relaxation and escape"),
    "value:inspiration-to-come-back": pgettext_lazy("survey value", "Inspiration to come back"),
}
_THEMES: dict[str, Promise] = {
    "theme:price": pgettext_lazy("survey theme", "Price"),
    "theme:seating-and-view": pgettext_lazy("survey theme", "Seating and view"),
    "theme:bar-and-queues": pgettext_lazy("survey theme", "Bar and queues"),
    "theme:transport-and-parking": pgettext_lazy("survey theme", "Transport and parking"),
    "theme:toilets": pgettext_lazy("survey theme", "Toilets"),
    "theme:staff-friendliness": pgettext_lazy("survey theme", "Staff friendliness"),
    "theme:sound": pgettext_lazy("survey theme", "Sound"),
}

DEFAULT_CODE_WORDS: dict[str, Promise] = {**_VARIABLES, **_VALUES, **_THEMES}
_ENGINE_LABELS = {**DEFAULT_VARIABLE_LABELS, **DEFAULT_VALUE_LABELS, **DEFAULT_THEME_LABELS}


def code_words(key: str, label: str) -> str:
    """A code's label as pages show it: a default code's in the active language, any label an
    organisation gave it as written."""
    words = DEFAULT_CODE_WORDS.get(key)
    if words is None or label != _ENGINE_LABELS.get(key):
        return label
    return str(words)
