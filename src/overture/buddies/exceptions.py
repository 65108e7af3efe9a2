"""The buddy programme's refusals: writes that cannot go ahead, in words for the person."""

from __future__ import annotations

from overture.organisations.refusals import Refusal


class BuddyRefused(Refusal):
    """A buddy-programme write that cannot be made; the message is shown to the person."""
