"""A pseudo-locale: every translated string comes back wrapped in ⟦…⟧.

A page rendered under it shows at a glance which of its sentences went through Django's
translation machinery; whatever is left outside the brackets, and is not data, was never
marked for translation. Data the tests build is wrapped in ‹…›, word by word, so it is told
apart from the interface's own words.
"""

from __future__ import annotations

import gettext as gettext_module
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.trans_real import CONTEXT_SEPARATOR

OPEN, CLOSE = "⟦", "⟧"
DATA_OPEN, DATA_CLOSE = "‹", "›"

# Attributes whose text people read or hear; the confirm dialogs of site.js read data-confirm.
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-confirm"}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
UNSEEN_ELEMENTS = {"script", "style"}
# Codes and commands (ticket codes, `overture demo`) are not sentences.
UNTRANSLATED_ELEMENTS = {"code"}

INNERMOST_TRANSLATED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
DATA = re.compile(f"{DATA_OPEN}[^{DATA_OPEN}{DATA_CLOSE}]*(?:{DATA_CLOSE}|$)")
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|(?<!\w)/\S*")
WORD = re.compile(r"[^\W\d_]{2,}")
# Names that stay the same in every language.
NAMES = re.compile(r"\bOverture\b")


class PseudoTranslation(gettext_module.NullTranslations):
    """Wraps every message, plural and message with context in brackets."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def gettext(self, message: str) -> str:
        if CONTEXT_SEPARATOR in message:
            message = message.split(CONTEXT_SEPARATOR, 1)[1]
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def to_language(self) -> str:
        return self.language


@contextmanager
def pseudo_translations() -> Iterator[PseudoTranslation]:
    """Every translation, here and in the requests made meanwhile, comes back as ⟦…⟧.

    The pseudo catalogue stands in for the source language itself, so LocaleMiddleware picks
    it for every request and dates keep their British formats. Afterwards the real catalogue
    is back and no language stays active, so nothing later sees brackets.
    """
    language = settings.LANGUAGE_CODE
    pseudo = PseudoTranslation(language)
    catalogues = trans_real._translations
    saved, saved_default = catalogues.get(language), trans_real._default
    catalogues[language] = pseudo
    trans_real._default = pseudo
    translation.activate(language)
    try:
        yield pseudo
    finally:
        if saved is None:
            catalogues.pop(language, None)
        else:
            catalogues[language] = saved
        trans_real._default = saved_default
        translation.deactivate()


def data(text: str) -> str:
    """Test data as the checks recognise it: each word wrapped in ‹…›."""
    return " ".join(f"{DATA_OPEN}{word}{DATA_CLOSE}" for word in text.split())


class _ReadableText(HTMLParser):
    """Gathers the text of a page (one stream) and the attribute texts people read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.attributes: list[str] = []
        self._unseen = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._read_attributes(tag, dict(attrs))
        if tag in UNSEEN_ELEMENTS or tag in UNTRANSLATED_ELEMENTS:
            self._unseen += 1
        self.chunks.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._read_attributes(tag, dict(attrs))
        self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in UNSEEN_ELEMENTS or tag in UNTRANSLATED_ELEMENTS:
            self._unseen = max(0, self._unseen - 1)
        self.chunks.append("\n")

    def handle_data(self, text: str) -> None:
        if not self._unseen:
            self.chunks.append(text)

    def _read_attributes(self, tag: str, attrs: dict[str, str | None]) -> None:
        for name, value in attrs.items():
            if value and name in READ_ATTRIBUTES:
                self.attributes.append(f"{tag}[{name}]: {value}")
        is_button = tag == "input" and (attrs.get("type") or "") in BUTTON_INPUT_TYPES
        if is_button and attrs.get("value"):
            self.attributes.append(f"input[value]: {attrs['value']}")


def untranslated(text: str) -> list[str]:
    """The lines of `text` that still hold words once translations and data are taken out."""
    text = DATA.sub(" ", text)
    while True:
        stripped = INNERMOST_TRANSLATED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    text = NAMES.sub(" ", text)
    lines = (NOT_WORDS.sub(" ", line).strip() for line in text.splitlines())
    return [" ".join(line.split()) for line in lines if WORD.search(line)]


def untranslated_sentences(html: str) -> list[str]:
    """Every visible sentence or read attribute of a page that was not marked for translation."""
    parser = _ReadableText()
    parser.feed(html)
    parser.close()
    found = untranslated("".join(parser.chunks))
    for attribute in parser.attributes:
        label, _, value = attribute.partition(": ")
        found += [f"{label}: {line}" for line in untranslated(value)]
    return found
