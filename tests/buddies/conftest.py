"""People, practices and activities for the buddy programme, built through the services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pytest

from overture.audience.models import Participant
from overture.audience.services import register
from overture.buddies import matching, services
from overture.buddies.models import Buddy, BuddyRequest, MatchingRun
from overture.organisations.models import Organisation
from overture.season.models import Activity, Format, Practice
from tests import factories

SITE = "http://testserver/"


def person(
    org: Organisation,
    name: str,
    levels: Mapping[Practice, int] | None = None,
    places: Iterable[Activity] = (),
    username: str | None = None,
) -> Participant:
    """A participant with self-assessed levels and places at activities."""
    participant = factories.participant(org, name=name, username=username)
    for practice, level in (levels or {}).items():
        factories.competence(participant, practice, level)
    for activity in places:
        register(participant, activity.pk)
    return participant


def make_buddy(
    org: Organisation,
    name: str,
    practices: Mapping[Practice, int],
    *,
    languages: Iterable[str] = ("en",),
    activities: Iterable[Activity] = (),
    vetted: bool = False,
    approved: bool = True,
    per_activity: int = 1,
    per_season: int = 3,
    username: str | None = None,
) -> Buddy:
    """A volunteer who knows `practices` at the given levels and offers help with them all,
    approved by staff (so offered for matching) unless `approved` is False."""
    activities = list(activities)
    participant = person(org, name, practices, activities, username=username)
    buddy = services.volunteer(
        participant,
        practice_ids=[p.pk for p in practices],
        languages=languages,
        activity_ids=[a.pk for a in activities],
        per_activity=per_activity,
        per_season=per_season,
    )
    if approved:
        buddy = services.approve(org, buddy.pk, by=None)
    if vetted:
        buddy = services.set_vetted(
            org, buddy.pk, True, checked_on=date(2026, 1, 5), reference="DBS 001234567890"
        )
    return buddy


def make_request(
    org: Organisation,
    name: str,
    practices: Iterable[Practice],
    *,
    activity: Activity | None = None,
    places: Iterable[Activity] = (),
    language: str = "en",
    minor: bool = False,
    levels: Mapping[Practice, int] | None = None,
    username: str | None = None,
) -> BuddyRequest:
    """A newcomer asking for a buddy at `activity` (they take a place there) or the season."""
    held = [activity] if activity else list(places)
    participant = person(org, name, levels, held, username=username)
    return services.ask_for_buddy(
        participant,
        activity_id=activity.pk if activity else None,
        practice_ids=[p.pk for p in practices],
        language=language,
        minor=minor,
    )


@pytest.fixture
def singing(org):
    return factories.practice(org, name="Singing in a choir", strictness=0.5)


@pytest.fixture
def silence(org):
    return factories.practice(org, name="Listening in silence", strictness=0.9)


@pytest.fixture
def messiah(org, singing):
    return factories.activity(
        org,
        "Messiah come-and-sing",
        format=Format.COME_AND_SING,
        days_ahead=5,
        requirements=[(singing, 1, 0.3)],
    )


@pytest.fixture
def mahler(org, silence):
    return factories.activity(
        org,
        "Mahler 5",
        format=Format.SYMPHONY_CONCERT,
        days_ahead=9,
        requirements=[(silence, 2, 0.9)],
    )


@pytest.fixture
def run_matching(django_capture_on_commit_callbacks):
    """Start a run as the staff page does; small runs finish when the start commits."""

    def run(org: Organisation, activity: Activity | None = None, **options) -> MatchingRun:
        options.setdefault("meeting_point", "Foyer, by the cloakroom, 30 minutes before")
        with django_capture_on_commit_callbacks(execute=True):
            started = matching.start_matching(org, activity=activity, **options)
        started.refresh_from_db()
        return started

    return run


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as the staff page does, sending the emails when the transaction commits."""

    def run(org: Organisation) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.publish(org, site_url=SITE).pairs

    return run


@pytest.fixture
def answer(django_capture_on_commit_callbacks):
    def run(participant: Participant, pair_id: int, accept: bool):
        with django_capture_on_commit_callbacks(execute=True):
            return services.answer_pair(participant, pair_id, accept=accept)

    return run
