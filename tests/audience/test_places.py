"""Booking several places: the counter follows the places held, never past the capacity."""

from __future__ import annotations

import pytest

from overture.audience import services
from overture.audience.models import Participant, Registration
from overture.season.models import Activity
from tests import factories


def taken(act: Activity) -> int:
    act.refresh_from_db()
    return act.places_taken


def test_booking_three_places_takes_three(org):
    act = factories.activity(org, capacity=10)
    sam = factories.participant(org)

    registration = services.register(sam, act.pk, places=3)

    assert registration.places == 3
    assert Registration.objects.get().places == 3
    assert taken(act) == 3


def test_the_last_places_can_be_booked_but_never_one_more(org):
    act = factories.activity(org, capacity=5, places_taken=2)
    sam, ada = factories.participant(org, name="Sam"), factories.participant(org, name="Ada")

    with pytest.raises(services.RegistrationRefused, match="only 3 places are left"):
        services.register(sam, act.pk, places=4)
    assert taken(act) == 2 and not Registration.objects.exists()

    services.register(sam, act.pk, places=3)
    assert taken(act) == 5

    with pytest.raises(services.RegistrationRefused, match="this activity is full"):
        services.register(ada, act.pk, places=1)
    assert taken(act) == 5


def test_one_place_left_is_said_in_the_singular(org):
    act = factories.activity(org, capacity=5, places_taken=4)
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.register(factories.participant(org), act.pk, places=2)
    assert str(refusal.value) == "Sorry, only 1 place is left."


def test_no_more_places_than_one_booking_allows(org):
    act = factories.activity(org, capacity=50, places_per_booking=4)
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.register(factories.participant(org), act.pk, places=5)
    assert str(refusal.value) == "You can book at most 4 places at once for this activity."
    assert taken(act) == 0


@pytest.mark.parametrize("places", [0, -2])
def test_no_places_is_refused(org, places):
    act = factories.activity(org, capacity=5)
    with pytest.raises(services.RegistrationRefused, match="at least 1 place"):
        services.register(factories.participant(org), act.pk, places=places)
    assert taken(act) == 0


def test_registering_again_keeps_the_places_held(org):
    act = factories.activity(org, capacity=10)
    sam = factories.participant(org)
    services.register(sam, act.pk, places=2)

    again = services.register(sam, act.pk, places=5)

    assert again.places == 2 and taken(act) == 2


def test_more_places_while_they_are_free(org):
    act = factories.activity(org, capacity=6)
    sam = factories.participant(org)
    services.register(sam, act.pk, places=2)
    services.register(factories.participant(org, name="Ada"), act.pk, places=2)

    assert services.change_places(sam, act.pk, 4).places == 4
    assert taken(act) == 6

    with pytest.raises(services.RegistrationRefused) as refusal:
        services.change_places(sam, act.pk, 5)
    assert str(refusal.value) == "Sorry, every other place has been taken, so no more can be added."
    assert taken(act) == 6 and Registration.objects.get(participant=sam).places == 4


def test_asking_for_more_than_is_free_says_how_many_can_be_added(org):
    act = factories.activity(org, capacity=6)
    sam = factories.participant(org)
    services.register(sam, act.pk, places=2)
    services.register(factories.participant(org, name="Ada"), act.pk, places=3)

    with pytest.raises(services.RegistrationRefused) as refusal:
        services.change_places(sam, act.pk, 4)
    assert str(refusal.value) == "Sorry, only 1 more place is free, so you can have at most 3."
    assert taken(act) == 5


def test_fewer_places_give_the_rest_back(org):
    act = factories.activity(org, capacity=6)
    sam = factories.participant(org)
    services.register(sam, act.pk, places=5)

    services.change_places(sam, act.pk, 2)

    assert taken(act) == 2
    assert Registration.objects.get().places == 2


def test_changing_to_the_same_number_changes_nothing(org):
    act = factories.activity(org, capacity=6)
    sam = factories.participant(org)
    before = services.register(sam, act.pk, places=2)

    after = services.change_places(sam, act.pk, 2)

    assert after.places == 2 and taken(act) == 2
    assert Registration.objects.get().updated_at == before.updated_at


def test_changing_places_needs_a_place(org):
    act = factories.activity(org, "Open rehearsal", capacity=6)
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.change_places(factories.participant(org), act.pk, 2)
    assert str(refusal.value) == "You don’t have a place at Open rehearsal. Register first."


def test_places_at_a_cancelled_activity_cannot_change(org):
    act = factories.activity(org, capacity=6)
    sam = factories.participant(org)
    services.register(sam, act.pk, places=2)
    Activity.objects.filter(pk=act.pk).update(status=Activity.Status.CANCELLED)

    with pytest.raises(services.RegistrationRefused, match="cancelled"):
        services.change_places(sam, act.pk, 1)
    assert taken(act) == 2


def test_cancelling_gives_back_every_place(org):
    act = factories.activity(org, capacity=10)
    sam = factories.participant(org)
    services.register(sam, act.pk, places=4)

    services.cancel_registration(sam, act.pk)
    services.cancel_registration(sam, act.pk)  # twice is harmless

    assert taken(act) == 0


def test_coming_back_books_afresh(org):
    act = factories.activity(org, capacity=10)
    sam = factories.participant(org)
    services.register(sam, act.pk, places=4)
    services.cancel_registration(sam, act.pk)

    again = services.register(sam, act.pk, places=1)

    assert again.places == 1 and taken(act) == 1
    assert Registration.objects.count() == 1


def test_deleting_gives_back_the_sum_of_places_not_the_count(org):
    act = factories.activity(org, capacity=20)
    other = factories.activity(org, capacity=20)
    sam, ada, joe = (factories.participant(org, name=n) for n in ("Sam", "Ada", "Joe"))
    services.register(sam, act.pk, places=3)
    services.register(sam, other.pk, places=2)
    services.register(ada, act.pk, places=4)
    services.register(joe, act.pk, places=5)
    services.cancel_registration(joe, act.pk)  # cancelled places are not given back twice
    assert (taken(act), taken(other)) == (7, 2)

    services.delete_participants(Participant.objects.filter(pk__in=[sam.pk, joe.pk]))
    assert (taken(act), taken(other)) == (4, 0)

    assert services.delete_registrations(Registration.objects.filter(participant=ada)) == 1
    assert taken(act) == 0
