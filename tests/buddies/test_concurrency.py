"""Messages and approvals racing, on PostgreSQL with real threads."""

from __future__ import annotations

import pytest
from django.core import mail

from overture.buddies import conversation, matching, services
from overture.buddies.models import Buddy, BuddyMessage, BuddyPair
from tests import factories
from tests.audience.test_concurrency import run_together

from .conftest import SITE, make_buddy, make_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _published_pair() -> BuddyPair:
    org = factories.organisation(slug="race")
    singing = factories.practice(org, name="Singing in a choir")
    messiah = factories.activity(org, "Messiah", days_ahead=5, requirements=[(singing, 1, 0.3)])
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah, username="sam")
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], username="vera")
    # Outside a test transaction the run works as soon as it is started.
    matching.start_matching(org, activity=messiah, meeting_point="Foyer", background=False)
    services.publish(org, site_url=SITE)
    mail.outbox.clear()
    return BuddyPair.objects.select_related("request__participant", "buddy__participant").get(
        request=request
    )


def test_a_message_sent_five_times_at_once_is_kept_and_emailed_once():
    pair = _published_pair()
    sam = pair.request.participant

    results = run_together(
        5, lambda i: conversation.send_message(sam, pair.pk, "Hello Vera!", site_url=SITE)
    )

    assert all(isinstance(r, BuddyMessage) for r in results), results
    assert BuddyMessage.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["vera@example.org"]]


def test_a_message_racing_a_decline_never_lands_on_an_ended_pair():
    pair = _published_pair()
    sam, vera = pair.request.participant, pair.buddy.participant

    def work(i: int):
        if i == 0:
            return services.answer_pair(vera, pair.pk, accept=False)
        return conversation.send_message(sam, pair.pk, f"Message {i}", site_url=SITE)

    results = run_together(4, work)

    pair.refresh_from_db()
    assert pair.status == BuddyPair.Status.DECLINED
    sent = [r for r in results if isinstance(r, BuddyMessage)]
    refused = [r for r in results if isinstance(r, services.BuddyRefused)]
    assert len(sent) + len(refused) == 3, results
    assert all(str(r) == conversation.NOT_OPEN for r in refused)
    assert BuddyMessage.objects.count() == len(sent)
    assert all(m.sent_at <= pair.updated_at for m in BuddyMessage.objects.all())


def test_two_admins_approving_at_once_record_one_approval():
    org = factories.organisation(slug="approve")
    singing = factories.practice(org, name="Singing in a choir")
    buddy = make_buddy(org, "Vera Lynn", {singing: 3}, approved=False)
    admins = [factories.staff(org, role="admin", username=f"admin{i}") for i in range(2)]

    results = run_together(2, lambda i: services.approve(org, buddy.pk, by=admins[i]))

    assert all(isinstance(r, Buddy) for r in results), results
    assert len({(r.approved_at, r.approved_by_id) for r in results}) == 1
