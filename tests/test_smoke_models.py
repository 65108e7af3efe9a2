from overture.audience import services
from overture.audience.models import Registration
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
