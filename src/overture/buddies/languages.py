"""The languages buddies and newcomers can choose, as short codes with names people read."""

from __future__ import annotations

from collections.abc import Iterable

# (code, name in English (name in the language)), English first, then alphabetical.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("ar", "Arabic (العربية)"),
    ("bn", "Bengali (বাংলা)"),
    ("zh", "Chinese (中文)"),
    ("fr", "French (français)"),
    ("de", "German (Deutsch)"),
    ("it", "Italian (italiano)"),
    ("pl", "Polish (polski)"),
    ("pt", "Portuguese (português)"),
    ("pa", "Punjabi (ਪੰਜਾਬੀ)"),
    ("ro", "Romanian (română)"),
    ("so", "Somali (Soomaali)"),
    ("es", "Spanish (español)"),
    ("ur", "Urdu (اردو)"),
    ("cy", "Welsh (Cymraeg)"),
)
CODES = frozenset(code for code, _ in LANGUAGES)
DEFAULT = "en"
_NAMES = dict(LANGUAGES)


def language_name(code: str) -> str:
    """The English name of a language, e.g. "Polish" for "pl" (the code when unknown)."""
    return _NAMES.get(code, code).split(" (", 1)[0]


def language_names(codes: Iterable[str]) -> str:
    """Several languages in words, in the order of the list above: "English and Welsh"."""
    order = {code: i for i, (code, _) in enumerate(LANGUAGES)}
    names = [language_name(c) for c in sorted(set(codes), key=lambda c: order.get(c, 99))]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
