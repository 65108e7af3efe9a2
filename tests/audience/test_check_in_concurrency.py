"""Two phones at the same door, on PostgreSQL with real threads."""

from __future__ import annotations

import pytest

from overture.audience import services
from overture.audience.check_in import CheckIn, check_in, check_in_ticket
from overture.audience.tickets import ticket_code
from tests import factories
from tests.audience.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_party_ticked_and_scanned_at_once_is_checked_in_once():
    org = factories.organisation(slug="door")
    concert = factories.activity(org, capacity=10)
    sam = services.register(factories.participant(org), concert.pk, places=2)
    code = ticket_code(sam)
    phones = [factories.staff(org, username=f"phone{i}") for i in range(8)]

    def work(i: int) -> CheckIn:
        if i % 2:
            return check_in(concert, sam.pk, phones[i])
        return check_in_ticket(org, concert, code, phones[i])

    results = run_together(8, work)

    assert all(isinstance(r, CheckIn) for r in results), results
    assert sum(r.changed for r in results) == 1
    first = next(r for r in results if r.changed)
    sam.refresh_from_db()
    assert sam.checked_in_at == first.registration.checked_in_at
    assert sam.checked_in_by_id == first.registration.checked_in_by_id
