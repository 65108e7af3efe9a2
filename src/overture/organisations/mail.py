"""Text that goes into an email header, made safe to send.

A header value holds one line; Django refuses one with a line break (BadHeaderError), so a
title or name someone typed must never reach a subject unchanged.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.mail import EmailMessage

from .inputs import CONTROL_CHARACTERS

SUBJECT_LIMIT = 150
_SPACES = re.compile(r"\s+")


def safe_header(text: str, limit: int = SUBJECT_LIMIT) -> str:
    """`text` on one line: control characters and runs of white space become one space,
    and anything beyond `limit` characters is cut with an ellipsis."""
    flat = _SPACES.sub(" ", CONTROL_CHARACTERS.sub(" ", text)).strip()
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rstrip() + "…"


def email_message(subject: str, body: str, to: list[str]) -> EmailMessage:
    """An email from the site, its subject made safe to send (see safe_header)."""
    return EmailMessage(
        subject=safe_header(subject), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
