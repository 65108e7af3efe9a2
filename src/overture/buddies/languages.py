"""The languages buddies and newcomers can choose, as short codes with names people read."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# (code, name in the reader's language, name in the language itself), English first, then
# alphabetical by English name.
_LANGUAGES = (
    ("en", gettext_lazy("English"), ""),
    ("ar", gettext_lazy("Arabic"), "العربية"),
    ("bn", gettext_lazy("Bengali"), "বাংলা"),
    ("zh", gettext_lazy("Chinese"), "中文"),
    ("fr", gettext_lazy("French"), "français"),
    ("de", gettext_lazy("German"), "Deutsch"),
    ("it", gettext_lazy("Italian"), "italiano"),
    ("pl", gettext_lazy("Polish"), "polski"),
    ("pt", gettext_lazy("Portuguese"), "português"),
    ("pa", gettext_lazy("Punjabi"), "ਪੰਜਾਬੀ"),
    ("ro", gettext_lazy("Romanian"), "română"),
    ("so", gettext_lazy("Somali"), "Soomaali"),
    ("es", gettext_lazy("Spanish"), "español"),
    ("ur", gettext_lazy("Urdu"), "اردو"),
    ("cy", gettext_lazy("Welsh"), "Cymraeg"),
)
# Choices: "Polish (polski)"; the name in the language itself never changes.
_WITH_OWN_NAME = gettext_lazy("{name} ({own_name})")
LANGUAGES = tuple(
    (code, format_lazy(_WITH_OWN_NAME, name=name, own_name=own) if own else name)
    for code, name, own in _LANGUAGES
)
CODES = frozenset(code for code, _name, _own in _LANGUAGES)
DEFAULT = "en"
_NAMES = {code: name for code, name, _own in _LANGUAGES}


def language_name(code: str) -> str:
    """The name of a language in the reader's language, e.g. "Polish" for "pl" (the code when
    unknown)."""
    name = _NAMES.get(code)
    return str(name) if name is not None else code


def language_names(codes: Iterable[str]) -> str:
    """Several languages in words, in the order of the list above: "English and Welsh"."""
    order = {code: i for i, (code, _name) in enumerate(LANGUAGES)}
    names = [language_name(c) for c in sorted(set(codes), key=lambda c: order.get(c, 99))]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
