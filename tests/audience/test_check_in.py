"""Checking people in at the door: by the list or the ticket, once, undoable, only here."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from overture.audience import selectors_check_in as door
from overture.audience import services
from overture.audience.check_in import CheckInRefused, check_in, check_in_ticket, undo_check_in
from overture.audience.models import Competence, Registration
from overture.audience.tickets import ticket_code
from tests import factories


@pytest.fixture
def concert(org):
    return factories.activity(org, "Brahms 4", capacity=10)


@pytest.fixture
def door_staff(org):
    return factories.staff(org, username="theo")


def book(activity, name, places=1) -> Registration:
    person = factories.participant(activity.organisation, name=name)
    return services.register(person, activity.pk, places=places)


def test_checking_in_stamps_the_time_and_who_and_twice_keeps_the_first(concert, door_staff):
    sam = book(concert, "Sam Newcomer", places=2)

    first = check_in(concert, sam.pk, door_staff)
    second = check_in(concert, sam.pk, door_staff)

    sam.refresh_from_db()
    assert first.changed and not second.changed
    assert sam.checked_in_at == first.registration.checked_in_at
    assert sam.checked_in_by == door_staff
    assert first.message == "Sam Newcomer (2 places) is checked in."
    at = timezone.localtime(sam.checked_in_at).strftime("%H:%M")
    assert second.message == f"Sam Newcomer (2 places) was already checked in at {at}."


def test_undoing_a_check_in_clears_it_and_undoing_again_changes_nothing(concert, door_staff):
    sam = book(concert, "Sam Newcomer")
    check_in(concert, sam.pk, door_staff)

    undone = undo_check_in(concert, sam.pk)
    again = undo_check_in(concert, sam.pk)

    sam.refresh_from_db()
    assert (sam.checked_in_at, sam.checked_in_by) == (None, None)
    assert undone.changed and not again.changed
    assert undone.message == "Sam Newcomer is no longer checked in."


def test_a_registration_for_another_activity_or_organisation_is_refused(org, other_org, concert):
    elsewhere = book(factories.activity(other_org, "Hilltop carols"), "Hugo")
    other_night = book(factories.activity(org, "Mahler 5"), "Ann")

    for registration in (elsewhere, other_night):
        with pytest.raises(CheckInRefused, match="not for this activity"):
            check_in(concert, registration.pk)
        registration.refresh_from_db()
        assert registration.checked_in_at is None


def test_a_cancelled_booking_does_not_admit(concert):
    sam = book(concert, "Sam Newcomer")
    services.cancel_registration(sam.participant, concert.pk)

    with pytest.raises(CheckInRefused) as refused:
        check_in(concert, sam.pk)

    assert str(refused.value) == "Sam Newcomer's booking was cancelled: it does not admit anyone."


def test_a_good_ticket_code_checks_its_party_in(org, concert, door_staff):
    sam = book(concert, "Sam Newcomer", places=3)

    done = check_in_ticket(org, concert, f" {ticket_code(sam)}\n", door_staff)

    assert done.registration == sam and done.changed
    assert Registration.objects.get(pk=sam.pk).checked_in_at is not None


@pytest.mark.parametrize("code", ["", "nonsense", "1-1:forged", "x" * 500])
def test_a_made_up_code_is_refused_with_a_clear_message(org, concert, code):
    book(concert, "Sam Newcomer")

    with pytest.raises(CheckInRefused) as refused:
        check_in_ticket(org, concert, code)

    assert str(refused.value) == (
        "This ticket code is not valid here: it may be mistyped, altered, "
        "or for another organisation."
    )


def test_an_altered_or_other_organisations_code_is_refused(org, other_org, concert):
    sam = book(concert, "Sam Newcomer")
    hugo = book(factories.activity(other_org, "Hilltop carols"), "Hugo")
    _, signature = ticket_code(sam).split(":")
    altered = f"{org.pk}-{sam.pk + 1}:{signature}"

    for code in (altered, ticket_code(hugo)):
        with pytest.raises(CheckInRefused, match="not valid here"):
            check_in_ticket(org, concert, code)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_a_cancelled_ticket_says_it_does_not_admit(org, concert):
    sam = book(concert, "Sam Newcomer")
    code = ticket_code(sam)
    services.cancel_registration(sam.participant, concert.pk)

    with pytest.raises(CheckInRefused, match="cancelled: it does not admit anyone"):
        check_in_ticket(org, concert, code)


def test_a_ticket_for_another_night_names_that_night(org, concert):
    mahler = factories.activity(org, "Mahler 5")
    ann = book(mahler, "Ann")
    when = timezone.localtime(mahler.starts_at).strftime("%-d %B %Y, %H:%M")

    with pytest.raises(CheckInRefused) as refused:
        check_in_ticket(org, concert, ticket_code(ann))

    assert str(refused.value) == f"This ticket is for “Mahler 5” on {when}, not this activity."


def test_door_counts_count_registrations_and_places(concert):
    sam, _, ben = book(concert, "Sam", 2), book(concert, "Ann", 1), book(concert, "Ben", 3)
    eve = book(concert, "Eve")
    services.cancel_registration(eve.participant, concert.pk)
    check_in(concert, sam.pk)
    check_in(concert, ben.pk)

    counts = door.door_counts(concert)

    assert counts.text == "2 of 3 checked in (places: 5 of 6)"
    assert counts.not_in == 1


def test_the_door_list_finds_confirmed_people_by_part_of_their_name(concert):
    for name in ("Sam Newcomer", "Ann Samson", "Ben Regular"):
        book(concert, name)
    eve = book(concert, "Sam Cancelled")
    services.cancel_registration(eve.participant, concert.pk)

    found = door.door_list(concert, "  sam ")

    assert [r.participant.display_name for r in found] == ["Ann Samson", "Sam Newcomer"]
    assert door.door_list(concert, "zzz").count() == 0


def test_people_not_checked_in_are_not_arrived_then_no_shows_once_the_door_was_kept(concert):
    sam, ann = book(concert, "Sam"), book(concert, "Ann")
    before = concert.starts_at - timedelta(hours=1)
    during = concert.starts_at + timedelta(minutes=5)
    after = concert.ends_at + timedelta(minutes=5)

    def words(now) -> list[str]:
        time = door.door_time(concert, door.door_counts(concert), now=now)
        rows = Registration.objects.filter(pk__in=[sam.pk, ann.pk]).order_by("pk")
        return [arrival.word for arrival in door.arrivals(list(rows), time)]

    assert words(after) == ["", ""]  # nobody checked in at the door: nothing is known
    at = timezone.localtime(check_in(concert, sam.pk).registration.checked_in_at)
    assert words(before) == [f"Checked in {at:%H:%M}", ""]
    assert words(during) == [f"Checked in {at:%H:%M}", "Not arrived"]
    assert words(after) == [f"Checked in {at:%H:%M}", "No-show"]


@pytest.fixture
def messiah(org):
    singing = factories.practice(org, name="Singing in a choir", strictness=0.3)
    return factories.activity(
        org, "Messiah come-and-sing", days_ahead=1, requirements=[(singing, 1, 0.3)]
    )


def test_attendance_counts_only_checked_in_places_when_the_door_was_kept(messiah):
    sam, ann = book(messiah, "Sam"), book(messiah, "Ann")
    check_in(messiah, sam.pk)
    _end(messiah)

    record = services.record_attendance(messiah)

    assert (record.registrations, record.levels_raised) == (1, 1)
    assert _observed(sam.participant) == {"Singing in a choir": 1}
    assert _observed(ann.participant) == {}  # a no-show learnt nothing


def test_attendance_counts_every_confirmed_place_when_nobody_was_checked_in(messiah):
    sam, ann = book(messiah, "Sam"), book(messiah, "Ann")
    _end(messiah)

    record = services.record_attendance(messiah)

    assert (record.registrations, record.levels_raised) == (2, 2)
    assert _observed(sam.participant) == _observed(ann.participant) == {"Singing in a choir": 1}


def _end(activity) -> None:
    """Move a booked activity into the past, as time would."""
    activity.starts_at -= timedelta(days=3)
    activity.ends_at -= timedelta(days=3)
    activity.save(update_fields=["starts_at", "ends_at"])


def _observed(participant) -> dict[str, int]:
    return dict(
        Competence.objects.filter(
            participant=participant, source=Competence.Source.OBSERVED
        ).values_list("practice__name", "level")
    )
