"""The demo's door: most confirmed places at past activities were checked in, some not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Count, Q

from overture.audience.models import Participant, Registration
from overture.demo import delete_demo, generate
from overture.season.models import Activity

TODAY = date(2025, 3, 1)
START_OF_TODAY = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)


@pytest.fixture
def season(db):
    return generate(seed=7, participants=200, today=TODAY)


def test_most_confirmed_places_at_past_activities_were_checked_in_and_some_did_not_come(season):
    past = Registration.objects.filter(
        activity__organisation=season.organisation,
        activity__status=Activity.Status.PUBLISHED,
        activity__ends_at__lt=START_OF_TODAY,
        status=Registration.Status.CONFIRMED,
    )
    figures = past.aggregate(
        all=Count("pk"), came=Count("pk", filter=Q(checked_in_at__isnull=False))
    )

    assert figures["all"] > 100
    assert 0.85 * figures["all"] < figures["came"] < figures["all"]


def test_check_ins_are_around_the_start_and_only_at_activities_that_took_place(season):
    checked_in = Registration.objects.filter(
        activity__organisation=season.organisation, checked_in_at__isnull=False
    ).select_related("activity")

    assert checked_in.exists()
    for registration in checked_in:
        activity = registration.activity
        assert registration.status == Registration.Status.CONFIRMED
        assert activity.status == Activity.Status.PUBLISHED and activity.ends_at < START_OF_TODAY
        opens = activity.starts_at - timedelta(minutes=45)
        assert opens <= registration.checked_in_at < activity.starts_at + timedelta(minutes=15)


def test_the_same_seed_checks_in_the_same_people_and_some_have_access_needs(db):
    def door() -> list:
        generate(seed=3, participants=120, today=TODAY)
        rows = sorted(
            Registration.objects.filter(checked_in_at__isnull=False).values_list(
                "participant__user__username", "activity__title", "checked_in_at"
            )
        )
        delete_demo()
        return rows

    assert door() == door()
    generate(seed=3, participants=120, today=TODAY)
    assert Participant.objects.exclude(accessibility_needs="").count() > 0
