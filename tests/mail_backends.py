"""A mail backend for tests that refuses some recipients, as an SMTP server does."""

from __future__ import annotations

from collections.abc import Sequence
from smtplib import SMTPRecipientsRefused

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem


class RefusingBackend(locmem.EmailBackend):
    """The in-memory backend, except that messages to `settings.REFUSED_RECIPIENTS` fail."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        refused = set(getattr(settings, "REFUSED_RECIPIENTS", ()))
        for message in messages:
            if blocked := refused.intersection(message.recipients()):
                raise SMTPRecipientsRefused({a: (550, b"Mailbox unavailable") for a in blocked})
        return super().send_messages(messages)
