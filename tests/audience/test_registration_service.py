from overture.audience import services
from overture.audience.models import Participant, Registration
from tests import factories


def test_registration_takes_and_returns_a_place(org):
    act = factories.activity(org, capacity=1)
    sam = factories.participant(org)
    services.register(sam, act.pk)
    act.refresh_from_db()
    assert act.places_taken == 1 and act.is_full
    services.cancel_registration(sam, act.pk)
    act.refresh_from_db()
    assert act.places_taken == 0
    assert Registration.objects.get().status == Registration.Status.CANCELLED


def test_deleting_participants_or_registrations_gives_places_back(org):
    act = factories.activity(org, capacity=3)
    sam, ada, joe = (factories.participant(org, name=n) for n in ("Sam", "Ada", "Joe"))
    for person in (sam, ada, joe):
        services.register(person, act.pk)
    services.cancel_registration(joe, act.pk)

    services.delete_participants(Participant.objects.filter(pk__in=[sam.pk, joe.pk]))
    act.refresh_from_db()
    assert act.places_taken == 1

    assert services.delete_registrations(Registration.objects.filter(participant=ada)) == 1
    act.refresh_from_db()
    assert act.places_taken == 0
