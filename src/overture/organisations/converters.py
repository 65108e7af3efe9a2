"""Path converters: ids and survey tokens are matched strictly, so a hostile path is a 404.

Django's `int` converter takes any run of digits, and a value beyond what the database
stores then fails deep in a query; `str` takes anything but a slash, NUL bytes included.
"""

from __future__ import annotations

from django.urls import register_converter

# The largest value a database id (a signed 64-bit integer) can hold.
MAX_ID = 2**63 - 1
# Survey tokens come from secrets.token_urlsafe: the URL-safe base64 alphabet.
TOKEN_PATTERN = r"[A-Za-z0-9_-]{1,32}"


class IdConverter:
    """An id: 1 to 19 ASCII digits, no larger than the database can store."""

    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("The id is larger than any stored id.")
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))


class TokenConverter:
    """A token made by secrets.token_urlsafe: letters, digits, “-” and “_”."""

    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    """Make `<id:…>` and `<token:…>` available to every URLconf."""
    register_converter(IdConverter, "id")
    register_converter(TokenConverter, "token")
