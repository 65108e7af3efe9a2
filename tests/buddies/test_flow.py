"""Publishing tells both sides once; each side accepts or declines; a decline re-matches."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from overture.buddies import notifications, services
from overture.buddies.models import BuddyPair, BuddyRequest, MatchingRun

from .conftest import make_buddy, make_request, person


def live_pair(request: BuddyRequest) -> BuddyPair | None:
    return BuddyPair.objects.filter(request=request, status__in=BuddyPair.LIVE).first()


@pytest.fixture
def proposed(org, singing, messiah, run_matching):
    """Sam asked for a buddy at the come-and-sing; Vera is proposed."""
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah, username="sam")
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], username="vera")
    run_matching(org, messiah)
    return live_pair(request)


def test_publishing_tells_each_side_once_where_and_when(org, proposed, publish):
    assert publish(org) == 1
    assert len(mail.outbox) == 2
    to_newcomer, to_buddy = sorted(mail.outbox, key=lambda m: m.to[0] != "sam@example.org")
    assert to_newcomer.to == ["sam@example.org"] and to_buddy.to == ["vera@example.org"]
    assert "Your buddy at Messiah come-and-sing" in to_newcomer.subject
    assert "Vera will be your buddy at Messiah come-and-sing" in to_newcomer.body
    assert "Where to meet: Foyer, by the cloakroom, 30 minutes before" in to_newcomer.body
    assert "http://testserver/riverside/buddies/" in to_newcomer.body
    assert "You are paired with Sam at Messiah come-and-sing" in to_buddy.body
    assert "would like help with Singing in a choir and speaks English" in to_buddy.body
    assert "http://testserver/riverside/buddies/newcomers/" in to_buddy.body
    assert "Lynn" not in to_newcomer.body and "Newcomer" not in to_buddy.body  # first names
    proposed.refresh_from_db()
    assert proposed.status == BuddyPair.Status.PUBLISHED
    assert proposed.newcomer_notified_at and proposed.buddy_notified_at

    assert publish(org) == 0
    assert len(mail.outbox) == 2


def test_notifications_are_sent_once_even_when_asked_again(org, proposed, publish):
    publish(org)
    proposed.refresh_from_db()
    told = (proposed.newcomer_notified_at, proposed.buddy_notified_at)
    assert None not in told
    assert notifications.send_pending([proposed.pk], site_url="http://x/") == (
        notifications.Delivery(sent=0, failed=0)
    )
    proposed.refresh_from_db()
    assert (proposed.newcomer_notified_at, proposed.buddy_notified_at) == told
    assert len(mail.outbox) == 2

    # Only the side not yet told is sent to when asked again.
    BuddyPair.objects.filter(pk=proposed.pk).update(buddy_notified_at=None)
    assert notifications.send_pending([proposed.pk], site_url="http://x/") == (
        notifications.Delivery(sent=1, failed=0)
    )
    assert [m.to for m in mail.outbox[2:]] == [["vera@example.org"]]
    proposed.refresh_from_db()
    assert proposed.newcomer_notified_at == told[0] and proposed.buddy_notified_at


def test_a_publish_that_rolls_back_sends_nothing(org, proposed, django_capture_on_commit_callbacks):
    def publish_then_fail() -> None:
        with transaction.atomic():
            services.publish(org, site_url="http://testserver/")
            raise RuntimeError("the publishing transaction failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        publish_then_fail()
    assert mail.outbox == []
    proposed.refresh_from_db()
    assert proposed.status == BuddyPair.Status.PROPOSED and proposed.newcomer_notified_at is None


def test_both_sides_accept(org, proposed, publish, answer):
    publish(org)
    newcomer, buddy = proposed.request.participant, proposed.buddy.participant
    pair = answer(newcomer, proposed.pk, True)
    assert (pair.status, pair.newcomer_answer, pair.buddy_answer) == (
        "published",
        "accepted",
        "pending",
    )
    assert answer(newcomer, proposed.pk, True).status == "published"  # twice is harmless
    pair = answer(buddy, proposed.pk, True)
    assert (pair.status, pair.buddy_answer) == ("accepted", "accepted")


def test_proposals_cannot_be_answered_and_strangers_cannot_answer(org, proposed, publish):
    with pytest.raises(services.BuddyRefused, match="no longer open"):
        services.answer_pair(proposed.request.participant, proposed.pk, accept=True)
    publish(org)
    stranger = person(org, "Mallory")
    with pytest.raises(services.BuddyRefused, match="not found"):
        services.answer_pair(stranger, proposed.pk, accept=False)


def test_a_decline_rematches_only_that_request_and_keeps_accepted_and_locked_pairs(
    org, singing, silence, messiah, mahler, run_matching, publish, answer
):
    # Three newcomers at the come-and-sing, one at Mahler 5 whom nobody can help.
    accepted_req = make_request(org, "Ann", [singing], activity=messiah)
    declined_req = make_request(org, "Ben", [singing], activity=messiah)
    waiting_req = make_request(org, "Cal", [singing], activity=messiah)
    elsewhere_req = make_request(org, "Dot", [silence], activity=mahler)
    for name, level in [("Xena", 2), ("Yuri", 2), ("Zoe", 2), ("Walt", 3)]:
        make_buddy(org, name, {singing: level}, activities=[messiah])
    run_matching(org)
    elsewhere_req.refresh_from_db()
    elsewhere_reason = elsewhere_req.unmatched_reason
    assert elsewhere_reason
    publish(org)
    accepted = live_pair(accepted_req)
    answer(accepted_req.participant, accepted.pk, True)
    answer(accepted.buddy.participant, accepted.pk, True)
    waiting = live_pair(waiting_req)
    declined = live_pair(declined_req)
    sent = len(mail.outbox)

    answer(declined.buddy.participant, declined.pk, False)

    declined.refresh_from_db()
    assert declined.status == BuddyPair.Status.DECLINED and declined.buddy_answer == "declined"
    again = live_pair(declined_req)
    assert again is not None and again.status == BuddyPair.Status.PROPOSED
    assert again.buddy_id != declined.buddy_id
    assert again.buddy_id not in {accepted.buddy_id, waiting.buddy_id}
    assert again.meeting_point == declined.meeting_point
    assert again.run.kind == MatchingRun.Kind.REMATCH
    assert live_pair(accepted_req).pk == accepted.pk
    assert live_pair(accepted_req).status == BuddyPair.Status.ACCEPTED
    assert live_pair(waiting_req).pk == waiting.pk
    elsewhere_req.refresh_from_db()
    assert elsewhere_req.unmatched_reason == elsewhere_reason
    assert len(mail.outbox) == sent  # the new proposal waits for staff

    publish(org)
    assert len(mail.outbox) == sent + 2
    assert {m.to[0] for m in mail.outbox[sent:]} == {
        declined_req.participant.user.email,
        again.buddy.participant.user.email,
    }


def test_a_rematch_keeps_locked_proposals_and_never_proposes_the_declined_buddy(
    org, singing, messiah, run_matching, publish, answer
):
    first = make_request(org, "Ann", [singing], activity=messiah)
    locked_req = make_request(org, "Ben", [singing], activity=messiah)
    make_buddy(org, "Xena", {singing: 3}, activities=[messiah])
    run_matching(org, messiah)
    publish(org)
    # Staff find a second buddy later, propose and lock Ben's pair with her.
    yuri = make_buddy(org, "Yuri", {singing: 3}, activities=[messiah])
    run_matching(org, messiah)
    locked = live_pair(locked_req)
    assert locked.buddy == yuri
    services.set_locked(org, locked.pk, True)

    pair = live_pair(first)
    answer(first.participant, pair.pk, False)

    assert live_pair(first) is None  # Xena was declined; Yuri is taken by a locked pair
    first.refresh_from_db()
    assert "full" in first.unmatched_reason
    assert live_pair(locked_req).pk == locked.pk and live_pair(locked_req).locked

    run_matching(org, messiah)  # a later run does not bring Xena back either
    assert live_pair(first) is None


def test_answering_through_the_page(
    client, org, proposed, publish, django_capture_on_commit_callbacks
):
    publish(org)
    client.force_login(proposed.request.participant.user)
    url = reverse("buddy_answer", kwargs={"org": org.slug, "pk": proposed.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "accept"}, follow=True)
    assert "we’ve told Vera you’ll be there" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.newcomer_answer == "accepted"
    client.force_login(person(org, "Mallory", username="mallory").user)
    assert client.post(url, {"answer": "decline"}).status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == "published"


def test_the_newcomer_sees_the_buddys_first_name_and_where_to_meet(client, org, proposed, publish):
    client.force_login(proposed.request.participant.user)
    page = client.get(reverse("buddies", kwargs={"org": org.slug})).content.decode()
    assert "Looking for a buddy" in page and "Vera" not in page  # proposals stay with staff
    publish(org)
    page = client.get(reverse("buddies", kwargs={"org": org.slug})).content.decode()
    assert "Your buddy: <strong>Vera</strong>" in page
    assert "Lynn" not in page
    assert "Foyer, by the cloakroom, 30 minutes before" in page
    assert "Accept" in page and "Decline" in page


def test_the_buddy_sees_their_newcomer(client, org, proposed, publish):
    client.force_login(proposed.buddy.participant.user)
    url = reverse("my_newcomers", kwargs={"org": org.slug})
    assert "No newcomer is paired with you yet" in client.get(url).content.decode()
    publish(org)
    page = client.get(url).content.decode()
    assert "<h3>Sam</h3>" in page
    assert "Newcomer" not in page.split("<main", 1)[1].split("</h1>", 1)[1]
    assert "Messiah come-and-sing" in page
    assert "Foyer, by the cloakroom, 30 minutes before" in page
    assert "Decline" in page
