"""Registrations racing for the last places, on PostgreSQL with real threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from overture.audience import services
from overture.audience.models import Competence, Registration
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(n: int, work) -> list[object]:
    """Run work(i) in n threads released at the same moment; return results or exceptions."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # every outcome is inspected by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_twenty_people_for_five_places():
    org = factories.organisation(slug="race")
    act = factories.activity(org, capacity=10, places_taken=5)
    people = [factories.participant(org, name=f"P{i}") for i in range(20)]

    results = run_together(20, lambda i: services.register(people[i], act.pk))

    succeeded = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, services.RegistrationRefused)]
    assert len(succeeded) == 5 and len(refused) == 15, results
    act.refresh_from_db()
    confirmed = Registration.objects.filter(activity=act, status=Registration.Status.CONFIRMED)
    assert act.places_taken - 5 == 5 == confirmed.count()
    assert act.places_taken == act.capacity


def test_one_person_clicking_ten_times_gets_one_place():
    org = factories.organisation(slug="clicks")
    act = factories.activity(org, capacity=10)
    sam = factories.participant(org)

    results = run_together(10, lambda i: services.register(sam, act.pk))

    assert all(isinstance(r, Registration) for r in results), results
    assert Registration.objects.filter(activity=act).count() == 1
    act.refresh_from_db()
    assert act.places_taken == 1


def test_participant_for_from_many_threads_makes_one_record():
    org = factories.organisation(slug="first-visit")
    user = factories.user("newcomer@example.org")

    results = run_together(8, lambda i: services.participant_for(user, org))

    assert all(not isinstance(r, Exception) for r in results), results
    assert len({r.pk for r in results}) == 1


def test_a_self_assessment_sent_several_times_at_once_keeps_one_level_per_practice():
    org = factories.organisation(slug="double-submit")
    practices = [factories.practice(org) for _ in range(4)]
    sam = factories.participant(org)

    results = run_together(
        6, lambda i: services.record_self_assessment(sam, {p.pk: i % 4 for p in practices})
    )

    assert not any(isinstance(r, Exception) for r in results), results
    own = Competence.objects.filter(participant=sam, source=Competence.Source.SELF)
    assert own.count() == len(practices)
    assert len(set(own.values_list("level", flat=True))) == 1  # all from the last one saved


def test_parties_racing_for_the_last_places_never_overbook():
    org = factories.organisation(slug="party-race")
    act = factories.activity(org, capacity=20, places_taken=12)  # 8 places left
    people = [factories.participant(org, name=f"P{i}") for i in range(12)]
    wanted = [3, 2, 4, 1, 3, 2, 4, 1, 3, 2, 4, 1]

    results = run_together(12, lambda i: services.register(people[i], act.pk, places=wanted[i]))

    booked = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, services.RegistrationRefused)]
    assert len(booked) + len(refused) == 12, results
    act.refresh_from_db()
    held = sum(r.places for r in Registration.objects.filter(activity=act))
    assert act.places_taken == 12 + held <= act.capacity
    assert sum(r.places for r in booked) == held
    # Whoever was refused asked for more than was left once they got the lock.
    assert all(wanted[results.index(r)] > act.capacity - act.places_taken for r in refused)


def test_changing_places_while_others_book_keeps_the_count_true():
    org = factories.organisation(slug="change-race")
    act = factories.activity(org, capacity=10)
    sam = factories.participant(org, name="Sam")
    services.register(sam, act.pk, places=2)
    others = [factories.participant(org, name=f"P{i}") for i in range(8)]

    def work(i: int):
        if i == 0:
            return services.change_places(sam, act.pk, 5)
        return services.register(others[i - 1], act.pk, places=1)

    results = run_together(9, work)

    expected = Registration | services.RegistrationRefused
    assert all(isinstance(r, expected) for r in results), results
    act.refresh_from_db()
    held = Registration.objects.filter(activity=act, status=Registration.Status.CONFIRMED)
    assert act.places_taken == sum(r.places for r in held) <= 10


def test_steps_of_the_self_assessment_saved_at_once_keep_each_others_answers():
    org = factories.organisation(slug="two-tabs")
    practices = [factories.practice(org) for _ in range(8)]
    sam = factories.participant(org)
    steps = [practices[:4], practices[4:]]

    results = run_together(
        2,
        lambda i: services.record_self_assessment(
            sam, {p.pk: i + 1 for p in steps[i]}, complete=i == 1
        ),
    )

    assert not any(isinstance(r, Exception) for r in results), results
    own = dict(
        Competence.objects.filter(participant=sam, source=Competence.Source.SELF).values_list(
            "practice_id", "level"
        )
    )
    assert own == {**{p.pk: 1 for p in steps[0]}, **{p.pk: 2 for p in steps[1]}}
    sam.refresh_from_db()
    assert sam.assessed_at is not None
