"""Recording attendance: observed levels move by the social-learning rule, once per place."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from overture.audience import services
from overture.audience.models import Competence, Registration
from overture.season.models import Activity, Format
from tests import factories

SELF, OBSERVED = Competence.Source.SELF, Competence.Source.OBSERVED


@pytest.fixture
def listening(org):
    return factories.practice(org, name="Listening in silence", strictness=0.9)


@pytest.fixture
def singing(org):
    return factories.practice(org, name="Singing in a choir", strictness=0.3)


def ended(org, title, *, days_ago=7, requirements=(), **extra) -> Activity:
    return factories.activity(
        org,
        title,
        days_ahead=-days_ago,
        format=Format.COME_AND_SING,
        requirements=list(requirements),
        **extra,
    )


def attend(activity, name, *competences, status=Registration.Status.CONFIRMED):
    """A participant holding a place at a past activity, with (practice, level, source)."""
    person = factories.participant(activity.organisation, name=name)
    Registration.objects.create(participant=person, activity=activity, status=status)
    for practice, level, source in competences:
        factories.competence(person, practice, level, source)
    return person


def levels(person, source=OBSERVED) -> dict[str, int]:
    return dict(
        Competence.objects.filter(participant=person, source=source).values_list(
            "practice__name", "level"
        )
    )


def test_taking_part_moves_observed_levels_towards_what_the_activity_asks(org, listening, singing):
    messiah = ended(
        org, "Messiah come-and-sing", requirements=[(singing, 1, 0.3), (listening, 0, 0.9)]
    )
    sam = attend(messiah, "Sam", (singing, 0, SELF))
    ann = attend(messiah, "Ann", (singing, 2, SELF), (listening, 3, SELF))
    eve = attend(messiah, "Eve")  # never answered the self-assessment

    record = services.record_attendance(messiah)

    assert (record.registrations, record.levels_raised) == (3, 4)
    assert levels(sam) == {"Singing in a choir": 1, "Listening in silence": 1}
    assert levels(eve) == {"Singing in a choir": 1, "Listening in silence": 1}
    assert levels(ann) == {}  # nothing seen beyond what she said
    row = Competence.objects.get(participant=sam, practice=singing, source=OBSERVED)
    assert row.confidence == services.OBSERVED_CONFIDENCE and row.assessed_at == messiah.ends_at


def test_an_observed_level_is_raised_one_step_and_only_where_within_reach(org, listening, singing):
    workshop = ended(org, "Choir workshop", requirements=[(singing, 2, 0.3)])
    symphony = ended(org, "Brahms 4", days_ago=3, requirements=[(listening, 3, 0.9)])
    ben = attend(workshop, "Ben", (singing, 3, SELF), (singing, 1, OBSERVED))
    Registration.objects.create(participant=ben, activity=symphony)
    factories.competence(ben, listening, 1, SELF)

    services.record_attendance(workshop)
    services.record_attendance(symphony)

    # Seen as a novice singer: the relaxed regular-level workshop makes him regular.
    assert levels(ben) == {"Singing in a choir": 2}  # the strict expert concert was out of reach


def test_self_assessed_levels_are_never_touched(org, listening, singing):
    messiah = ended(org, "Messiah", requirements=[(singing, 1, 0.3), (listening, 0, 0.9)])
    sam = attend(messiah, "Sam", (singing, 0, SELF), (listening, 0, SELF))
    before = list(Competence.objects.filter(source=SELF).values().order_by("pk"))

    services.record_attendance(messiah)

    assert list(Competence.objects.filter(source=SELF).values().order_by("pk")) == before
    assert levels(sam, SELF) == {"Singing in a choir": 0, "Listening in silence": 0}


def test_each_place_counts_once(org, listening, singing):
    first = ended(org, "Come and sing I", days_ago=9, requirements=[(singing, 1, 0.3)])
    sam = attend(first, "Sam")
    services.record_attendance(first)
    stamped = Registration.objects.get(participant=sam).learning_recorded_at
    assert stamped is not None

    again = services.record_attendance(first)

    assert (again.registrations, again.levels_raised) == (0, 0)
    assert Registration.objects.get(participant=sam).learning_recorded_at == stamped
    assert levels(sam) == {"Singing in a choir": 1}
    # A place added afterwards is counted on the next run, and only that one.
    late = attend(first, "Late")
    record = services.record_attendance(first)
    assert (record.registrations, record.levels_raised) == (1, 1)
    assert levels(late) == {"Singing in a choir": 1} and levels(sam) == {"Singing in a choir": 1}


def test_cancelled_places_do_not_count(org, singing):
    messiah = ended(org, "Messiah", requirements=[(singing, 1, 0.3)])
    gone = attend(messiah, "Gone", status=Registration.Status.CANCELLED)
    assert services.record_attendance(messiah).registrations == 0
    assert levels(gone) == {}
    assert Registration.objects.get(participant=gone).learning_recorded_at is None


@pytest.mark.parametrize(
    ("days_ago", "status", "message"),
    [
        (-3, Activity.Status.PUBLISHED, "has not ended yet"),
        (5, Activity.Status.CANCELLED, "Only published activities"),
        (5, Activity.Status.DRAFT, "Only published activities"),
    ],
)
def test_activities_that_did_not_take_place_are_refused(org, singing, days_ago, status, message):
    activity = ended(org, "Not this one", days_ago=days_ago, status=status)
    person = attend(activity, "Sam")
    with pytest.raises(services.AttendanceRefused, match=message):
        services.record_attendance(activity)
    assert levels(person) == {}


def test_a_fixed_number_of_queries_whatever_the_number_of_registrants(org, listening, singing):
    def queries_for(count: int) -> int:
        activity = ended(
            org, f"Singalong {count}", requirements=[(singing, 1, 0.3), (listening, 0, 0.9)]
        )
        for n in range(count):
            attend(activity, f"Person {count}-{n}", (singing, n % 3, SELF))
        with CaptureQueriesContext(connection) as queries:
            services.record_attendance(activity)
        return len(queries)

    assert queries_for(3) == queries_for(30)


class TestCommand:
    def run(self, *args: str) -> str:
        out = StringIO()
        call_command("record_attendance", *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def test_records_ended_activities_in_the_order_they_took_place(self, org, other_org, singing):
        workshop = ended(org, "Choir workshop", days_ago=2, requirements=[(singing, 2, 0.3)])
        come_and_sing = ended(org, "Come and sing", days_ago=9, requirements=[(singing, 1, 0.3)])
        sam = attend(come_and_sing, "Sam")
        Registration.objects.create(participant=sam, activity=workshop)
        factories.activity(org, "Still to come", requirements=[(singing, 1, 0.3)])
        hilltop = ended(other_org, "Hilltop evensong")
        attend(hilltop, "Hilda")

        output = self.run("--organisation", "riverside")

        assert "Recording attendance at 2 ended activities" in output
        assert output.index("[1/2] Come and sing") < output.index("[2/2] Choir workshop")
        assert "Done: 2 places at 2 activities counted, 2 observed levels raised." in output
        assert levels(sam) == {"Singing in a choir": 2}
        assert Registration.objects.get(activity=hilltop).learning_recorded_at is None

        assert "Nothing to record" in self.run("--organisation", "riverside")
        assert levels(sam) == {"Singing in a choir": 2}
        assert "[1/1] Hilltop evensong" in self.run()

    def test_unknown_organisation(self, db):
        with pytest.raises(CommandError, match="No organisation with the slug"):
            self.run("--organisation", "nowhere")

    def test_activities_without_uncounted_places_are_skipped(self, org, singing):
        quiet = ended(org, "Nobody came", requirements=[(singing, 1, 0.3)])
        gone = attend(quiet, "Gone", status=Registration.Status.CANCELLED)
        recent = ended(org, "Ended an hour ago", days_ago=0, requirements=[(singing, 1, 0.3)])
        Activity.objects.filter(pk=recent.pk).update(
            starts_at=timezone.now() - timedelta(hours=3),
            ends_at=timezone.now() - timedelta(hours=1),
        )
        attend(recent, "Ria")
        output = self.run()
        assert "Nobody came" not in output and "[1/1] Ended an hour ago" in output
        assert levels(gone) == {}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_recording_at_the_same_time_counts_each_place_once():
    from tests.audience.test_concurrency import run_together

    org = factories.organisation(slug="concurrent")
    singing = factories.practice(org, name="Singing in a choir")
    listening = factories.practice(org, name="Listening in silence")
    carols = ended(org, "Carols", days_ago=3, requirements=[(singing, 1, 0.3)])
    # Both involve singing: without locks both would create the same observed rows.
    symphony = ended(
        org, "Choral symphony", days_ago=2, requirements=[(listening, 0, 0.9), (singing, 0, 0.5)]
    )
    people = [attend(carols, f"P{i}") for i in range(20)]
    for person in people:
        Registration.objects.create(participant=person, activity=symphony)

    results = run_together(4, lambda i: services.record_attendance((carols, symphony)[i % 2]))

    assert all(isinstance(r, services.AttendanceRecord) for r in results), results
    assert sum(r.registrations for r in results) == 40
    assert sum(r.levels_raised for r in results) == 40  # singing rises once, whichever first
    assert not Registration.objects.filter(learning_recorded_at__isnull=True).exists()
    for person in people:
        assert levels(person) == {"Singing in a choir": 1, "Listening in silence": 1}
