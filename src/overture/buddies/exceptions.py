"""The buddy programme's refusals: writes that cannot go ahead, in words for the person."""

from __future__ import annotations


class BuddyRefused(Exception):
    """A buddy-programme write that cannot be made; the message is shown to the person."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
