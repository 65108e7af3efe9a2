"""Refusals: a write that cannot go ahead, and where the person reads why.

Every app's services raise a subclass of `Refusal` with a message meant for the person (and,
when one form field is at fault, that field's name). Views hand it to `show_refusal`, which
puts the message on the form or on the page, so every refusal reads the same way.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise

__all__ = ["Refusal", "show_refusal"]


class Refusal(Exception):
    """A write that cannot go ahead; `message` says why, `field` names the form field at fault."""

    def __init__(self, message: str | Promise, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)

    @property
    def errors(self) -> dict[str | None, str]:
        """Each field at fault (None: the form as a whole) with what to correct there."""
        return {self.field: str(self.message)}


def show_refusal(
    request: HttpRequest,
    refusal: Refusal,
    form: forms.BaseForm | None = None,
    *,
    wording: str | Promise | None = None,
) -> None:
    """Show why: on the form's field (or above the form), else as an error message on the page.

    `wording` is a sentence with a `%(reason)s` placeholder for the refusal's message, for
    pages that say what did not happen before saying why.
    """
    if form is not None:
        for field, text in refusal.errors.items():
            form.add_error(field if field in form.fields else None, text)
        return
    text = str(refusal) if wording is None else str(wording) % {"reason": refusal}
    messages.error(request, text)
