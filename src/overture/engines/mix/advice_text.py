"""Plain advice texts: figures named by their words between braces.

Staff write "Only {newcomer share} of the audience are newcomers at {activity}"; `parse`
splits such a text into literal parts and the names between braces. A brace without its
partner raises a `TextError` with a code (`UNCLOSED`, `UNOPENED`) and the words before the
brace, which the apps put into words for staff (its message is for developers). ``{{`` and
``}}`` write a brace itself. Names are compared by `name_key`: case, underscores and runs of
spaces do not matter.

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

__all__ = ["UNCLOSED", "UNOPENED", "TextError", "name_key", "parse"]

EXAMPLE = "e.g. {free buddies}"
UNCLOSED = "brace_never_closed"
UNOPENED = "brace_never_opened"


class TextError(EngineInputError):
    """An advice text whose braces do not pair up: `code` says how, `params["before"]` the
    last few words before the brace ("" at the start)."""

    def __init__(self, message: str, code: str, before: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = {"before": before}


def name_key(name: str) -> str:
    """The name as figures are looked up by: lower case, single spaces, no underscores."""
    return " ".join(name.replace("_", " ").split()).lower()


def _before(text: str, at: int) -> str:
    """The last few words before position `at`, to point staff at a brace."""
    return " ".join(text[:at].split()[-3:])


def _where(before: str) -> str:
    return f"after “{before}”" if before else "at the start"


def _unclosed(text: str, at: int) -> TextError:
    before = _before(text, at)
    return TextError(
        f"The advice text opens a brace {_where(before)} that is never closed: put each "
        f"figure between {{ and }}, {EXAMPLE}, and write {{{{ for a brace itself.",
        UNCLOSED,
        before,
    )


def _unopened(text: str, at: int) -> TextError:
    before = _before(text, at)
    return TextError(
        f"The advice text closes a brace {_where(before)} that was never opened: put each "
        f"figure between {{ and }}, {EXAMPLE}, and write }}}} for a brace itself.",
        UNOPENED,
        before,
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
