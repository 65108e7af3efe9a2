"""An evening concert with a known date and address, and a person who books it."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core import mail
from django.urls import reverse

from overture.organisations.models import Organisation
from overture.season.models import Activity
from tests import factories

# Saturday 13 March 2027 is in winter time, so 7.30pm in London is 19:30 UTC.
STARTS = datetime(2027, 3, 13, 19, 30, tzinfo=UTC)
ENDS = datetime(2027, 3, 13, 21, 45, tzinfo=UTC)


def brahms(org: Organisation, **extra) -> Activity:
    act = factories.activity(
        org,
        "Brahms at dusk",
        capacity=extra.pop("capacity", 40),
        venue_address="1 Quay Street, Riverton RV1 2AB",
        **extra,
    )
    Activity.objects.filter(pk=act.pk).update(starts_at=STARTS, ends_at=ENDS)
    act.refresh_from_db()
    return act


def url(name: str, act: Activity) -> str:
    return reverse(name, kwargs={"org": act.organisation.slug, "pk": act.pk})


def logged_in(client, participant) -> None:
    assert factories.log_in(client, participant.user.username, factories.PASSWORD)


def attachment(message: mail.EmailMessage, suffix: str) -> tuple[str, bytes, str]:
    """The message's attachment whose name ends with `suffix`: (name, content, mimetype)."""
    for name, content, mimetype in message.attachments:
        if name.endswith(suffix):
            return name, content if isinstance(content, bytes) else content.encode(), mimetype
    raise AssertionError(f"no {suffix} attachment in {[a[0] for a in message.attachments]}")
