"""The default survey codes read the same on pages as the engine names them, and translate."""

from __future__ import annotations

from django.utils import translation

from overture.engines.text_coding.seeds import (
    DEFAULT_THEME_LABELS,
    DEFAULT_VALUE_LABELS,
    DEFAULT_VARIABLE_LABELS,
)
from overture.insight.wording import DEFAULT_CODE_WORDS, code_words

ENGINE_LABELS = {**DEFAULT_VARIABLE_LABELS, **DEFAULT_VALUE_LABELS, **DEFAULT_THEME_LABELS}


def test_every_default_code_has_its_words_and_they_read_as_the_engines_in_english():
    assert DEFAULT_CODE_WORDS.keys() == ENGINE_LABELS.keys()
    with translation.override("en-gb"):
        for key, label in ENGINE_LABELS.items():
            assert code_words(key, label) == label


def test_a_label_an_organisation_chose_is_shown_as_written():
    assert code_words("theme:price", "Ticket prices") == "Ticket prices"
    assert code_words("theme:own-idea", "Our own idea") == "Our own idea"
