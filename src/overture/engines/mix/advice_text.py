"""Plain advice texts: figures named by their words between braces.

Staff write "Only {newcomer share} of the audience are newcomers at {activity}"; `parse`
splits such a text into literal parts and the names between braces, and explains a brace
without its partner in plain English. ``{{`` and ``}}`` write a brace itself. Names are
compared by `name_key`: case, underscores and runs of spaces do not matter.

>>> parse("Only {newcomer share} are new {{sic}}")
[('Only ', 'newcomer share'), (' are new {sic}', None)]
>>> name_key("  Newcomer_Share ")
'newcomer share'
>>> parse("Only {newcomer share are new")
Traceback (most recent call last):
...
overture.engines.mix.advice_text.TextError: The advice text opens a brace after “Only” that is \
never closed: put each figure between { and }, e.g. {free buddies}, and write {{ for a brace \
itself.
"""

from __future__ import annotations

from overture.engines.errors import EngineInputError

__all__ = ["TextError", "name_key", "parse"]

EXAMPLE = "e.g. {free buddies}"


class TextError(EngineInputError):
    """An advice text whose braces do not pair up."""


def name_key(name: str) -> str:
    """The name as figures are looked up by: lower case, single spaces, no underscores."""
    return " ".join(name.replace("_", " ").split()).lower()


def _before(text: str, at: int) -> str:
    """The last few words before position `at`, to point staff at a brace."""
    words = text[:at].split()[-3:]
    return f"after “{' '.join(words)}”" if words else "at the start"


def _unclosed(text: str, at: int) -> TextError:
    return TextError(
        f"The advice text opens a brace {_before(text, at)} that is never closed: put each "
        f"figure between {{ and }}, {EXAMPLE}, and write {{{{ for a brace itself."
    )


def _unopened(text: str, at: int) -> TextError:
    return TextError(
        f"The advice text closes a brace {_before(text, at)} that was never opened: put each "
        f"figure between {{ and }}, {EXAMPLE}, and write }}}} for a brace itself."
    )


def parse(text: str) -> list[tuple[str, str | None]]:
    """(literal, name or None) pairs, as `string.Formatter.parse` gives them; a TextError
    explains a brace without its partner."""
    parts: list[tuple[str, str | None]] = []
    literal: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char in "{}" and text[at : at + 2] == char * 2:
            literal.append(char)
            at += 2
        elif char == "{":
            end = text.find("}", at + 1)
            if end < 0 or "{" in text[at + 1 : end]:
                raise _unclosed(text, at)
            parts.append(("".join(literal), text[at + 1 : end]))
            literal = []
            at = end + 1
        elif char == "}":
            raise _unopened(text, at)
        else:
            literal.append(char)
            at += 1
    if literal:
        parts.append(("".join(literal), None))
    return parts
