"""Accounts: one spelling per email address, and finding the account behind a login."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

# Far longer than any passphrase, short enough that hashing it costs nothing.
PASSWORD_LIMIT = 1024


def normalise_email(email: str) -> str:
    """Emails are usernames here; one spelling per address, whatever the capitals typed."""
    return email.strip().lower()


def email_taken(email: str) -> bool:
    """Whether an account already uses this email, as its username or as its address."""
    email = normalise_email(email)
    return (
        get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()
    )


def account_for_email(email: str):
    """The one account using this email as its username or address, or None."""
    email = normalise_email(email)
    matches = list(
        get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))[:2]
    )
    return matches[0] if len(matches) == 1 else None


def username_for_login(login: str) -> str:
    """The username behind what someone typed to log in: a username or an account's email."""
    if "@" not in login or "\x00" in login or len(login) > 254:
        return login  # no account's email; PostgreSQL refuses NUL in a query
    email = normalise_email(login)
    matches = list(
        get_user_model().objects.filter(email__iexact=email).values_list("username", flat=True)[:2]
    )
    return matches[0] if len(matches) == 1 else email
