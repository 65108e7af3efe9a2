"""A newcomer who gives up their place no longer needs a buddy there; the buddy is told."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from overture.audience import services as audience
from overture.audience.models import Registration
from overture.buddies import notifications
from overture.buddies.models import BuddyPair, BuddyRequest
from tests import factories

from .conftest import SITE, make_buddy, make_request

REFUSING = "tests.mail_backends.RefusingBackend"


@pytest.fixture
def paired(org, singing, messiah, run_matching, publish):
    """Sam asked for a buddy at the come-and-sing; Vera was paired with Sam and told."""
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah, username="sam")
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], username="vera")
    run_matching(org, messiah)
    publish(org)
    mail.outbox.clear()
    return BuddyPair.objects.get(request=request)


def cancel_on_the_page(client, participant, activity, capture):
    assert factories.log_in(client, participant.user.username, factories.PASSWORD)
    cancel_url = reverse(
        "cancel_registration", kwargs={"org": activity.organisation.slug, "pk": activity.pk}
    )
    with capture(execute=True):
        return client.post(cancel_url, follow=True)


def test_cancelling_withdraws_the_request_ends_the_pair_and_tells_the_buddy(
    org, paired, messiah, client, django_capture_on_commit_callbacks
):
    sam = paired.request.participant

    cancel_on_the_page(client, sam, messiah, django_capture_on_commit_callbacks)

    request = BuddyRequest.objects.get(pk=paired.request_id)
    assert request.status == BuddyRequest.Status.WITHDRAWN and request.withdrawn_at
    pair = BuddyPair.objects.get(pk=paired.pk)
    assert pair.status == BuddyPair.Status.CANCELLED
    assert pair.newcomer_left_at and pair.buddy_told_left_at
    to_vera = [m for m in mail.outbox if m.to == ["vera@example.org"]]
    (message,) = to_vera
    assert message.subject == (
        "Sam can no longer come to Messiah come-and-sing — Riverside Philharmonic"
    )
    assert (
        "Sam can no longer come to Messiah come-and-sing, so you don't need to meet them "
        "(Foyer, by the cloakroom, 30 minutes before)." in message.body
    )
    assert "http://testserver/riverside/buddies/newcomers/" in message.body
    assert [m.to for m in mail.outbox if m is not message] == [["sam@example.org"]]


def test_an_accepted_pair_ends_too(
    org, paired, messiah, answer, django_capture_on_commit_callbacks
):
    answer(paired.request.participant, paired.pk, True)
    answer(paired.buddy.participant, paired.pk, True)
    assert BuddyPair.objects.get(pk=paired.pk).status == BuddyPair.Status.ACCEPTED
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        audience.give_up_place(paired.request.participant, messiah.pk, site_url=SITE)

    assert BuddyPair.objects.get(pk=paired.pk).status == BuddyPair.Status.CANCELLED
    assert [m.to for m in mail.outbox] == [["vera@example.org"]]


def test_a_pair_nobody_was_told_of_ends_quietly(
    org, singing, messiah, run_matching, django_capture_on_commit_callbacks
):
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah, username="sam")
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], username="vera")
    run_matching(org, messiah)  # proposed, not published

    with django_capture_on_commit_callbacks(execute=True):
        audience.give_up_place(request.participant, messiah.pk, site_url=SITE)

    pair = BuddyPair.objects.get(request=request)
    assert pair.status == BuddyPair.Status.CANCELLED and pair.newcomer_left_at is None
    assert mail.outbox == [] and notifications.pending_count(org) == 0


def test_a_season_request_stays_but_its_pair_meeting_here_ends(
    org, singing, messiah, run_matching, publish, django_capture_on_commit_callbacks
):
    request = make_request(org, "Sam Newcomer", [singing], places=[messiah], username="sam")
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], username="vera")
    run_matching(org)
    publish(org)
    pair = BuddyPair.objects.get(request=request)
    assert pair.meeting_activity_id == messiah.pk
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        audience.give_up_place(request.participant, messiah.pk, site_url=SITE)

    assert BuddyRequest.objects.get(pk=request.pk).status == BuddyRequest.Status.ACTIVE
    assert BuddyPair.objects.get(pk=pair.pk).status == BuddyPair.Status.CANCELLED
    assert [m.to for m in mail.outbox] == [["vera@example.org"]]


def test_other_requests_and_pairs_are_untouched(
    org, singing, messiah, mahler, run_matching, publish, django_capture_on_commit_callbacks
):
    sam = make_request(org, "Sam Newcomer", [singing], activity=messiah, username="sam")
    ada = make_request(org, "Ada Newcomer", [singing], activity=messiah, username="ada")
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], per_activity=2)
    run_matching(org, messiah)
    publish(org)

    with django_capture_on_commit_callbacks(execute=True):
        audience.give_up_place(sam.participant, messiah.pk, site_url=SITE)

    assert BuddyRequest.objects.get(pk=ada.pk).status == BuddyRequest.Status.ACTIVE
    assert BuddyPair.objects.get(request=ada).status == BuddyPair.Status.PUBLISHED


def test_a_refused_message_to_the_buddy_is_kept_to_send_again(
    org, paired, messiah, settings, staff_client, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    settings.REFUSED_RECIPIENTS = ["vera@example.org"]

    with django_capture_on_commit_callbacks(execute=True):
        registration = audience.give_up_place(paired.request.participant, messiah.pk, site_url=SITE)

    assert registration.status == Registration.Status.CANCELLED  # the place is given back
    pair = BuddyPair.objects.get(pk=paired.pk)
    assert pair.buddy_told_left_at is None and "SMTPRecipientsRefused" in pair.notify_error
    assert notifications.pending_count(org) == 1
    page = staff_client.get(reverse("staff_buddies", kwargs={"org": org.slug})).content.decode()
    assert "1 notification not sent." in page and "Mailbox unavailable" in page

    settings.REFUSED_RECIPIENTS = []
    response = staff_client.post(
        reverse("staff_buddy_send_notifications", kwargs={"org": org.slug}), follow=True
    )
    assert "Sent 1 notification." in response.content.decode()
    pair.refresh_from_db()
    assert pair.buddy_told_left_at and pair.notify_error == ""
    assert [m.to for m in mail.outbox] == [["vera@example.org"]]
    assert notifications.pending_count(org) == 0


def test_giving_up_twice_tells_the_buddy_once(
    org, paired, messiah, django_capture_on_commit_callbacks
):
    sam = paired.request.participant
    with django_capture_on_commit_callbacks(execute=True):
        audience.give_up_place(sam, messiah.pk, site_url=SITE)
        audience.give_up_place(sam, messiah.pk, site_url=SITE)

    assert [m.to for m in mail.outbox] == [["vera@example.org"]]
