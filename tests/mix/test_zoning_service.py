"""Working out zones for an activity's registrants, and confirming them, through the service."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from overture.audience.models import Registration
from overture.audience.services import cancel_registration
from overture.mix import services
from overture.mix.models import ZoneAllocation, ZoningRun
from overture.mix.selectors_zones import confirmed_zones
from overture.season.models import Activity, Zone
from tests import factories
from tests.mix.test_activity_mix import (
    RELAXED,
    TRADITIONAL,
    mix_url,
    mixed_audience,
    registrant,
    strict_concert,
)


def allocations(run: ZoningRun) -> dict[int, int]:
    return dict(ZoneAllocation.objects.filter(run=run).values_list("registration_id", "zone_id"))


def test_zoning_never_exceeds_a_zone_and_keeps_a_party_together(org):
    concert = strict_concert(org, zones=[("Stalls", 4, 1.0), ("Relaxed circle", 3, 0.2)])
    party = [
        registrant(org, concert, "Newcomer with friends", 0, preference=RELAXED, party="FRIENDS1"),
        registrant(org, concert, "Expert friend", 3, party="FRIENDS1"),
        registrant(org, concert, "Regular friend", 2, party="FRIENDS1"),
    ]
    mixed_audience(org, concert, newcomers=3, experts=3)  # nine people for seven seats

    run = services.run_zoning(concert, None)

    seats = allocations(run)
    capacity = dict(Zone.objects.filter(activity=concert).values_list("pk", "capacity"))
    for zone_id, seated in Counter(seats.values()).items():
        assert seated <= capacity[zone_id]
    party_zones = {seats.get(r.pk) for r in party}
    assert len(party_zones) == 1 and None not in party_zones  # booked first, seated together
    assert run.status == ZoningRun.Status.PROPOSED
    assert (run.registrants, run.seated, len(seats)) == (9, 7, 7)
    assert run.parties == 1
    assert len(run.unseated) == 2
    assert all(item["reason"] for item in run.unseated)
    unseated = {item["registration"] for item in run.unseated}
    assert unseated.isdisjoint(seats)
    assert [z["seated"] for z in run.zones] == [
        Counter(seats.values())[z.pk] for z in Zone.objects.filter(activity=concert)
    ]
    assert run.conflict_after <= run.conflict_before


def test_zoning_a_mixed_audience_lowers_conflict_and_honours_preferences(org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    mixed_audience(org, concert)

    run = services.run_zoning(concert, factories.staff(org))

    assert run.conflict_after < run.conflict_before
    assert run.preferences_stated == 12
    assert run.preferences_honoured == 12
    relaxed = Zone.objects.get(activity=concert, name="Relaxed circle")
    seated_relaxed = ZoneAllocation.objects.filter(run=run, zone=relaxed)
    assert {a.registration.participant.display_name[:8] for a in seated_relaxed} == {"Newcomer"}


def test_a_stated_zone_is_honoured_when_there_is_room(org):
    concert = strict_concert(org, zones=[("Stalls", 5, 1.0), ("Balcony", 5, 1.0)])
    balcony = Zone.objects.get(activity=concert, name="Balcony")
    people = mixed_audience(org, concert, newcomers=2, experts=2)
    expert = people[-1]
    expert.zone_preference = balcony
    expert.save(update_fields=["zone_preference"])

    run = services.run_zoning(concert, None)

    assert allocations(run)[expert.pk] == balcony.pk


def test_a_new_run_supersedes_the_earlier_proposal_but_not_the_confirmed_zoning(org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    mixed_audience(org, concert)
    first = services.run_zoning(concert, None)
    services.confirm_zoning(first, None)
    second = services.run_zoning(concert, None)
    third = services.run_zoning(concert, None)

    statuses = dict(ZoningRun.objects.filter(activity=concert).values_list("pk", "status"))
    assert statuses == {
        first.pk: ZoningRun.Status.CONFIRMED,
        second.pk: ZoningRun.Status.SUPERSEDED,
        third.pk: ZoningRun.Status.PROPOSED,
    }


def test_confirming_supersedes_the_earlier_confirmed_zoning_and_participants_see_theirs(org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    people = mixed_audience(org, concert)
    first = services.confirm_zoning(services.run_zoning(concert, None), None)
    user = factories.staff(org)
    second = services.run_zoning(concert, user)

    confirmed = services.confirm_zoning(second, user)

    first.refresh_from_db()
    assert first.status == ZoningRun.Status.SUPERSEDED
    assert confirmed.status == ZoningRun.Status.CONFIRMED
    assert confirmed.confirmed_by == user and confirmed.confirmed_at is not None
    zones = confirmed_zones([r.pk for r in people])
    assert {r.pk: zones[r.pk].pk for r in people} == allocations(second)
    # Confirming again changes nothing; confirming what was replaced is refused.
    assert services.confirm_zoning(second, user).confirmed_at == confirmed.confirmed_at
    with pytest.raises(services.ZoningRefused, match="newer zoning"):
        services.confirm_zoning(first, user)


def test_zoning_is_refused_without_zones_or_without_registrants(org):
    unzoned = strict_concert(org)
    mixed_audience(org, unzoned, 1, 1)
    with pytest.raises(services.ZoningRefused, match="no zones yet"):
        services.run_zoning(unzoned, None)
    empty = strict_concert(org, zones=[("Stalls", 5, 1.0)])
    with pytest.raises(services.ZoningRefused, match="Nobody has a confirmed registration"):
        services.run_zoning(empty, None)
    assert not ZoningRun.objects.exists()


def test_cancelled_registrations_are_not_seated(org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0)])
    people = mixed_audience(org, concert, 2, 2)
    cancel_registration(people[0].participant, concert.pk)

    run = services.run_zoning(concert, None)

    assert run.registrants == 3 and people[0].pk not in allocations(run)


# ---- Through the staff pages ----


def test_staff_work_out_and_confirm_zones_from_the_page(staff_client, staff_user, org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    mixed_audience(org, concert)

    response = staff_client.post(mix_url(concert, "staff_activity_zoning"))

    assert response.status_code == 302
    assert response.url == mix_url(concert) + "#zoning"
    run = ZoningRun.objects.get(activity=concert)
    assert run.started_by == staff_user
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert f"expected conflict {run.conflict_before:.2f} → {run.conflict_after:.2f}" in message

    response = staff_client.post(mix_url(concert, "staff_zoning_confirm", run=run.pk))

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ZoningRun.Status.CONFIRMED and run.confirmed_by == staff_user
    page = staff_client.get(mix_url(concert)).content.decode()
    assert "Confirmed zones" in page and "Confirm zones</button>" not in page


def test_a_refusal_is_shown_as_a_message_not_an_error_page(staff_client, org):
    unzoned = strict_concert(org)
    mixed_audience(org, unzoned, 1, 1)

    response = staff_client.post(mix_url(unzoned, "staff_activity_zoning"), follow=True)

    assert response.status_code == 200
    assert "has no zones yet" in response.content.decode()


def test_a_run_of_another_activity_cannot_be_confirmed_here(staff_client, org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0)])
    other = strict_concert(org, zones=[("Stalls", 6, 1.0)])
    mixed_audience(org, other, 1, 1)
    run = services.run_zoning(other, None)
    assert (
        staff_client.post(mix_url(concert, "staff_zoning_confirm", run=run.pk)).status_code == 404
    )


def test_preferences_opposite_to_a_zone_count_against_it(org):
    """Traditional registrants in the only (relaxed) zone: honoured preferences say so."""
    concert = strict_concert(org, zones=[("Garden", 10, 0.1)])
    registrant(org, concert, "Quiet one", 3, preference=TRADITIONAL)
    registrant(org, concert, "Lively one", 0, preference=RELAXED)

    run = services.run_zoning(concert, None)

    assert run.seated == 2
    assert (run.preferences_stated, run.preferences_honoured) == (2, 1)


def test_an_activity_without_practices_can_still_be_zoned(org):
    """Nothing to disturb but opposite wishes: those who want it lively and quiet sit apart."""
    open_day = factories.activity(org, "Open day")
    for name, places, strictness in (("Quiet room", 2, 1.0), ("Garden", 2, 0.1)):
        Zone.objects.create(
            activity=open_day, name=name, capacity=places, strictness=strictness, norms=name
        )
    lively = registrant(org, open_day, "Lively one", None, preference=RELAXED)
    quiet = registrant(org, open_day, "Quiet one", None, preference=TRADITIONAL)

    run = services.run_zoning(open_day, None)

    seats = allocations(run)
    assert run.seated == 2 and seats[lively.pk] != seats[quiet.pk]
    assert run.conflict_after < run.conflict_before


# ---- Out-of-date proposals, closed activities, bookings while zones are worked out ----


def test_a_proposal_is_refused_once_a_registration_changed_since(org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    people = mixed_audience(org, concert)
    run = services.run_zoning(concert, None)
    cancel_registration(people[0].participant, concert.pk)

    with pytest.raises(services.ZoningRefused, match="changed since these zones were worked out"):
        services.confirm_zoning(run, None)

    run.refresh_from_db()
    assert run.status == ZoningRun.Status.PROPOSED
    assert confirmed_zones([r.pk for r in people]) == {}


def test_a_proposal_is_refused_once_its_zones_changed_and_would_overfill_them(org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    people = mixed_audience(org, concert)
    run = services.run_zoning(concert, None)
    stalls = Zone.objects.get(activity=concert, name="Stalls")
    stalls.capacity = 3  # six were seated there
    stalls.save()

    with pytest.raises(services.ZoningRefused, match="work them out again, then confirm"):
        services.confirm_zoning(run, None)
    assert confirmed_zones([r.pk for r in people]) == {}

    # Worked out again, the zones are kept and can be confirmed.
    again = services.confirm_zoning(services.run_zoning(concert, None), None)
    assert Counter(allocations(again).values())[stalls.pk] <= 3


def test_a_relaxed_zone_made_strict_makes_the_proposal_out_of_date(org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    mixed_audience(org, concert)
    run = services.run_zoning(concert, None)
    Zone.objects.filter(activity=concert, name="Relaxed circle").update(strictness=1.0)

    with pytest.raises(services.ZoningRefused, match="changed since"):
        services.confirm_zoning(run, None)


def test_zones_of_cancelled_or_ended_activities_are_neither_worked_out_nor_confirmed(org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0)])
    mixed_audience(org, concert, 2, 2)
    run = services.run_zoning(concert, None)

    Activity.objects.filter(pk=concert.pk).update(status=Activity.Status.CANCELLED)
    with pytest.raises(services.ZoningRefused, match="is cancelled"):
        services.run_zoning(concert, None)
    with pytest.raises(services.ZoningRefused, match="is cancelled"):
        services.confirm_zoning(run, None)

    past = timezone.now() - timedelta(days=2)
    Activity.objects.filter(pk=concert.pk).update(
        status=Activity.Status.PUBLISHED, starts_at=past, ends_at=past + timedelta(hours=2)
    )
    with pytest.raises(services.ZoningRefused, match="has ended"):
        services.run_zoning(concert, None)
    with pytest.raises(services.ZoningRefused, match="has ended"):
        services.confirm_zoning(run, None)
    assert ZoningRun.objects.get().status == ZoningRun.Status.PROPOSED


def booking_while_zoning(monkeypatch, org, concert, times: int) -> list[Registration]:
    """Someone books the activity while the zones are being worked out, `times` times."""
    booked: list[Registration] = []
    engine = services.zone

    def zone_while_someone_books(problem):
        if len(booked) < times:
            booked.append(registrant(org, concert, f"Booked meanwhile {len(booked)}", 1))
        return engine(problem)

    monkeypatch.setattr(services, "zone", zone_while_someone_books)
    return booked


def test_a_booking_made_while_zones_are_worked_out_is_seated(org, monkeypatch):
    concert = strict_concert(org, zones=[("Stalls", 10, 1.0), ("Relaxed circle", 10, 0.2)])
    mixed_audience(org, concert)
    booked = booking_while_zoning(monkeypatch, org, concert, times=1)

    run = services.run_zoning(concert, None)

    [late] = booked
    assert run.registrants == 13 and late.pk in allocations(run)
    assert services.confirm_zoning(run, None).status == ZoningRun.Status.CONFIRMED


def test_zoning_is_refused_when_bookings_keep_coming_while_it_is_worked_out(org, monkeypatch):
    concert = strict_concert(org, zones=[("Stalls", 10, 1.0), ("Relaxed circle", 10, 0.2)])
    mixed_audience(org, concert)
    booking_while_zoning(monkeypatch, org, concert, times=2)

    with pytest.raises(services.ZoningRefused, match="kept changing"):
        services.run_zoning(concert, None)
    assert not ZoningRun.objects.exists()


def test_an_out_of_date_proposal_shows_no_confirm_button(staff_client, org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    mixed_audience(org, concert)
    services.run_zoning(concert, None)
    assert "Confirm zones</button>" in staff_client.get(mix_url(concert)).content.decode()

    Zone.objects.filter(activity=concert, name="Stalls").update(capacity=3)
    page = staff_client.get(mix_url(concert)).content.decode()
    assert "Confirm zones</button>" not in page
    assert "The zones changed since this was worked out" in page

    Zone.objects.filter(activity=concert, name="Stalls").update(capacity=6)
    registrant(org, concert, "Late booker", 1)
    page = staff_client.get(mix_url(concert)).content.decode()
    assert "Confirm zones</button>" not in page
    assert "changed since this was worked out" in page


def test_confirming_an_out_of_date_proposal_from_the_page_says_why(staff_client, org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    people = mixed_audience(org, concert)
    run = services.run_zoning(concert, None)
    cancel_registration(people[-1].participant, concert.pk)

    response = staff_client.post(mix_url(concert, "staff_zoning_confirm", run=run.pk), follow=True)

    assert response.status_code == 200
    assert "Registrations or zones changed since these zones were worked out" in (
        response.content.decode()
    )
    run.refresh_from_db()
    assert run.status == ZoningRun.Status.PROPOSED
