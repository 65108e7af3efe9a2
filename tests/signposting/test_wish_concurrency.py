"""“Tell us you'd come” sent several times at once keeps one wish (PostgreSQL, real threads)."""

from __future__ import annotations

import pytest

from overture.signposting import services
from overture.signposting.models import EntryPointWish
from tests import factories
from tests.audience.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_many_clicks_at_once_record_one_wish():
    org = factories.organisation(slug="wishes")
    practice = factories.practice(org, "Watching a rehearsal")
    user = factories.user("sam@example.org")

    results = run_together(8, lambda i: services.tell_us_youd_come(user, org, practice, 0))

    assert not any(isinstance(r, Exception) for r in results), results
    assert EntryPointWish.objects.count() == 1
    assert sum(created for _, created in results) == 1
