"""Cancellations, offers and acceptances racing each other, on PostgreSQL with real threads."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.utils import timezone

from overture.audience import services, waiting_list
from overture.audience.models import Registration, WaitingListEntry
from tests import factories
from tests.audience.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = WaitingListEntry.Status
PARTIES = [2, 1, 3, 1, 1, 2, 1, 3, 1, 1, 2, 1, 1, 1, 2]  # places each person waits for


def full_activity(capacity: int, slug: str):
    org = factories.organisation(slug=slug)
    act = factories.activity(org, capacity=capacity)
    holders = [factories.participant(org, name=f"Holder {i}") for i in range(capacity)]
    for holder in holders:
        services.register(holder, act.pk)
    waiters = [factories.participant(org, name=f"Waiter {i}") for i in range(len(PARTIES))]
    for waiter, places in zip(waiters, PARTIES, strict=True):
        waiting_list.join(waiter, act.pk, places)
    return act, holders, waiters


def assert_consistent(act) -> None:
    """Places booked match the registrations, booked and held fit into the capacity, and
    nobody still waiting would fit into what is left (no place was left unoffered)."""
    act.refresh_from_db()
    booked = Registration.objects.filter(activity=act, status=Registration.Status.CONFIRMED)
    assert act.places_taken == (booked.aggregate(n=Sum("places"))["n"] or 0)
    held = waiting_list.places_held_by_offers(act)
    assert act.places_taken + held <= act.capacity
    left = act.capacity - act.places_taken - held
    waiting = WaitingListEntry.objects.filter(activity=act, status=Status.WAITING)
    assert not waiting.filter(places__lte=left).exists(), (left, list(waiting.values("places")))
    live = WaitingListEntry.objects.filter(activity=act, status__in=WaitingListEntry.LIVE)
    assert live.values("participant").distinct().count() == live.count()


def test_ten_cancellations_at_once_offer_each_freed_place_once():
    act, holders, _ = full_activity(10, "cancel-race")

    results = run_together(10, lambda i: services.cancel_registration(holders[i], act.pk))

    assert not any(isinstance(r, Exception) for r in results), results
    assert_consistent(act)
    act.refresh_from_db()
    assert act.places_taken == 0
    # Who is offered depends on the order the cancellations commit in (each offers what it
    # frees to the first who fits then), but all ten places are held, each once.
    offered = WaitingListEntry.objects.filter(activity=act, status=Status.OFFERED)
    assert offered.aggregate(n=Sum("places"))["n"] == 10
    assert WaitingListEntry.objects.get(participant__display_name="Waiter 1").status == (
        Status.OFFERED
    )


def test_acceptances_declines_and_cancellations_at_once_never_overfill():
    act, holders, waiters = full_activity(10, "mixed-race")
    for holder in holders[:5]:
        services.cancel_registration(holder, act.pk)
    offered = list(
        WaitingListEntry.objects.filter(activity=act, status=Status.OFFERED).select_related(
            "participant"
        )
    )
    assert offered, "places should have been offered"
    steps = (
        [lambda e=e: waiting_list.accept(e.participant, act.pk) for e in offered[::2]]
        + [lambda e=e: waiting_list.decline(e.participant, act.pk) for e in offered[1::2]]
        + [lambda h=h: services.cancel_registration(h, act.pk) for h in holders[5:]]
        + [lambda w=w: services.register(w, act.pk) for w in waiters[-3:]]
    )

    results = run_together(len(steps), lambda i: steps[i]())

    unexpected = [
        r
        for r in results
        if isinstance(r, Exception) and not isinstance(r, services.RegistrationRefused)
    ]
    assert not unexpected, results
    assert_consistent(act)


def offered_people(act) -> list:
    entries = WaitingListEntry.objects.filter(activity=act, status=Status.OFFERED)
    return [e.participant for e in entries.select_related("participant").order_by("joined_at")]


def test_one_person_taking_an_offer_ten_times_at_once_gets_it_once():
    act, holders, _ = full_activity(10, "accept-clicks")
    services.cancel_registration(holders[0], act.pk)  # offered to Waiter 1, the first who fits
    (first,) = offered_people(act)

    results = run_together(10, lambda i: waiting_list.accept(first, act.pk))

    assert all(isinstance(r, Registration) for r in results), results
    assert len({r.pk for r in results}) == 1
    act.refresh_from_db()
    assert act.places_taken == 10
    assert_consistent(act)


def test_one_person_joining_ten_times_at_once_waits_once():
    act, _, _ = full_activity(3, "join-clicks")
    newcomer = factories.participant(act.organisation, name="Late")

    results = run_together(10, lambda i: waiting_list.join(newcomer, act.pk, 1))

    assert all(isinstance(r, WaitingListEntry) for r in results), results
    assert WaitingListEntry.objects.filter(participant=newcomer).count() == 1


def test_expiry_racing_an_acceptance_gives_the_places_once():
    act, holders, _ = full_activity(10, "expiry-race")
    services.cancel_registration(holders[0], act.pk)
    services.cancel_registration(holders[1], act.pk)
    late, prompt = offered_people(act)
    WaitingListEntry.objects.filter(participant=late).update(offer_expires_at=timezone.now())
    steps = [
        lambda: waiting_list.accept(late, act.pk),
        lambda: waiting_list.expire_overdue_offers(),
        lambda: waiting_list.offer_freed_places(act.pk),
        lambda: waiting_list.accept(prompt, act.pk),
    ]

    results = run_together(len(steps), lambda i: steps[i]())

    assert isinstance(results[0], waiting_list.WaitingListRefused), results
    assert isinstance(results[3], Registration), results
    assert WaitingListEntry.objects.get(participant=late).status == Status.EXPIRED
    assert_consistent(act)
