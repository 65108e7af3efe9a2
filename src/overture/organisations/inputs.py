"""Strict parsing of what people send: ids in query strings, one-line text, long text.

Anything that does not parse is treated as absent (query ids) or refused with a message
for the person (form fields); nothing a browser can send reaches the database unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .converters import MAX_ID

# ASCII only: str.isdigit and int() also accept digits such as “²” or “٣”.
ID_PATTERN = re.compile(r"[0-9]{1,19}")
# Every character str.splitlines breaks on; a mail header or a one-line field holds none.
LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SINGLE_LINE_MESSAGE = _("Keep this to one line: it cannot contain line breaks.")


def search_text(value: str | None, limit: int) -> str:
    """What someone typed into a search box, safe to query with: control characters (a NUL
    byte is refused by PostgreSQL) become spaces, and it is cut to `limit` characters."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", value or "").split())[:limit]


def parse_id(value: str | None) -> int | None:
    """An id written in ASCII digits within the database's range, else None."""
    if value is None or not ID_PATTERN.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def query_id(params: Mapping[str, Any], name: str) -> int | None:
    """The id in query parameter `name` (see parse_id), or None when absent or malformed."""
    value = params.get(name)
    return parse_id(value) if isinstance(value, str) else None


def local_url(request: HttpRequest, candidate: str | None) -> str | None:
    """`candidate` if it is a path on this site that is safe to redirect to, else None.

    Only paths: redirect() would read anything else as the name of a URL pattern.
    """
    if not candidate or not candidate.startswith("/") or CONTROL_CHARACTERS.search(candidate):
        return None
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def refuse_line_breaks(value: Any) -> None:
    """Validator of one-line text: names, titles, places, statements."""
    if isinstance(value, str) and LINE_BREAKS.search(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="line_break")


def too_long_message(limit: int) -> Promise:
    """The message of a too long text, with the form's `%(show_value)d` left for Django."""
    return format_lazy(
        _("Please keep this to {limit} characters (it has %(show_value)d)."), limit=f"{limit:,}"
    )


class SingleLineField(forms.CharField):
    """A text input that refuses line breaks and has a maximum length."""

    default_validators = [refuse_line_breaks]

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        messages = {"max_length": too_long_message(max_length), **kwargs.pop("error_messages", {})}
        super().__init__(max_length=max_length, error_messages=messages, **kwargs)


def long_text_field(limit: int, *, rows: int = 4, **kwargs: Any) -> forms.CharField:
    """A text area of at most `limit` characters, said so in the browser and on the server."""
    return forms.CharField(
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
        error_messages={"max_length": too_long_message(limit)},
        **kwargs,
    )
