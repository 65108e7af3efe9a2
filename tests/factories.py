"""Small builders for test data, written through the ORM and the services."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from overture.audience.models import Competence, Participant
from overture.organisations.models import Membership, Organisation
from overture.season.models import Activity, Format, Practice, Requirement
from overture.season.services import refresh_audience_labels

PASSWORD = "a-long-test-password"
_seq = itertools.count(1)


def organisation(name: str = "Riverside Philharmonic", slug: str | None = None) -> Organisation:
    n = next(_seq)
    return Organisation.objects.create(name=name, slug=slug or f"org-{n}")


def user(username: str | None = None, **extra):
    username = username or f"user{next(_seq)}"
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


def staff(org: Organisation, role: str = Membership.Role.STAFF, username: str | None = None):
    u = user(username)
    Membership.objects.create(organisation=org, user=u, role=role)
    return u


def participant(org: Organisation, name: str = "Sam Newcomer", username: str | None = None):
    u = user(username)
    return Participant.objects.create(organisation=org, user=u, display_name=name)


def practice(org: Organisation, name: str | None = None, strictness: float = 0.5) -> Practice:
    n = next(_seq)
    name = name or f"Practice {n}"
    return Practice.objects.create(
        organisation=org,
        name=name,
        slug=f"practice-{n}",
        summary=f"What {name.lower()} involves.",
        procedures=f"How to act when {name.lower()}.",
        understandings=f"How to interpret {name.lower()}.",
        engagements=f"Why {name.lower()} matters.",
        assessment_question=f"Have you done {name.lower()} before?",
        default_strictness=strictness,
    )


def activity(
    org: Organisation,
    title: str | None = None,
    *,
    capacity: int = 100,
    status: str = Activity.Status.PUBLISHED,
    format: str = Format.SYMPHONY_CONCERT,
    days_ahead: float = 7,
    requirements: list[tuple[Practice, int, float]] = (),
    **extra,
) -> Activity:
    starts = timezone.now() + timedelta(days=days_ahead)
    act = Activity.objects.create(
        organisation=org,
        title=title or f"Activity {next(_seq)}",
        description="An evening of music.",
        format=format,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="Riverside Hall",
        capacity=capacity,
        status=status,
        **extra,
    )
    for p, level, strictness in requirements:
        Requirement.objects.create(
            activity=act, practice=p, required_level=level, strictness=strictness
        )
    # As save_activity does: the audience label follows from the requirements.
    act.audience_label = refresh_audience_labels([act.pk])[act.pk]
    return act


def competence(part: Participant, prac: Practice, level: int, source: str = Competence.Source.SELF):
    return Competence.objects.create(
        participant=part, practice=prac, level=level, source=source, assessed_at=timezone.now()
    )


def log_in(client, username: str, password: str) -> bool:
    """Log in through the login page, as a person does (and as the abuse limits count)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302
