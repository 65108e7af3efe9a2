"""A pair notification counts as sent only once the mail backend took it; failures wait."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from overture.buddies import notifications
from overture.buddies.models import BuddyPair
from overture.season.models import Activity
from tests import factories

from .conftest import SITE, make_buddy, make_request

REFUSING = "tests.mail_backends.RefusingBackend"


@pytest.fixture
def proposed(org, singing, messiah, run_matching):
    """Sam asked for a buddy at the come-and-sing; Vera is proposed."""
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah, username="sam")
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], username="vera")
    run_matching(org, messiah)
    return BuddyPair.objects.get(request=request)


@pytest.fixture
def refusing_vera(settings):
    settings.EMAIL_BACKEND = REFUSING
    settings.REFUSED_RECIPIENTS = ["vera@example.org"]
    return settings


def staff_page(client, org) -> str:
    return client.get(reverse("staff_buddies", kwargs={"org": org.slug})).content.decode()


def test_a_refused_message_is_kept_to_send_again_and_staff_see_it(
    org, proposed, staff_client, refusing_vera, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("staff_buddy_publish", kwargs={"org": org.slug}))

    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    pair = BuddyPair.objects.get(pk=proposed.pk)
    assert pair.status == BuddyPair.Status.PUBLISHED
    assert pair.newcomer_notified_at is not None and pair.buddy_notified_at is None
    assert pair.notify_failed_at is not None
    assert "To the buddy: SMTPRecipientsRefused" in pair.notify_error
    page = staff_page(staff_client, org)
    assert "1 notification not sent." in page and "Mailbox unavailable" in page
    assert "Send 1 notification again" in page

    refusing_vera.REFUSED_RECIPIENTS = []
    response = staff_client.post(
        reverse("staff_buddy_send_notifications", kwargs={"org": org.slug}), follow=True
    )
    assert "Sent 1 notification." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["sam@example.org"], ["vera@example.org"]]
    pair.refresh_from_db()
    assert pair.buddy_notified_at is not None
    assert pair.notify_failed_at is None and pair.notify_error == ""
    assert "not sent." not in staff_page(staff_client, org)


def test_sending_again_while_the_backend_still_refuses_keeps_the_failure(
    org, proposed, staff_client, refusing_vera, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("staff_buddy_publish", kwargs={"org": org.slug}))
    response = staff_client.post(
        reverse("staff_buddy_send_notifications", kwargs={"org": org.slug}), follow=True
    )
    assert "1 notification could not be sent" in response.content.decode()
    assert len(mail.outbox) == 1  # the newcomer was not told twice
    assert notifications.pending_count(org) == 1


def test_the_command_sends_what_is_pending_and_fails_while_it_cannot(
    org, proposed, publish, refusing_vera
):
    publish(org)
    with pytest.raises(CommandError, match="1 notifications could not be sent"):
        call_command("send_buddy_notifications", site_url=SITE)

    refusing_vera.REFUSED_RECIPIENTS = []
    call_command("send_buddy_notifications", site_url=SITE, organisation=org.slug)
    assert sorted(m.to[0] for m in mail.outbox) == ["sam@example.org", "vera@example.org"]
    assert notifications.pending_count(org) == 0
    assert "http://testserver/riverside/buddies/newcomers/" in mail.outbox[-1].body


def test_notifications_of_pairs_no_longer_open_are_not_sent(org, proposed, publish, settings):
    settings.EMAIL_BACKEND = REFUSING
    settings.REFUSED_RECIPIENTS = ["sam@example.org", "vera@example.org"]
    publish(org)
    BuddyPair.objects.filter(pk=proposed.pk).update(status=BuddyPair.Status.CANCELLED)
    settings.REFUSED_RECIPIENTS = []
    call_command("send_buddy_notifications", site_url=SITE)
    assert mail.outbox == []
    assert notifications.pending_count(org) == 0


@pytest.mark.django_db(transaction=True)
def test_publishing_sends_after_it_committed_and_says_what_failed(
    org, proposed, staff_user, client, refusing_vera
):
    client.force_login(staff_user)
    response = client.post(reverse("staff_buddy_publish", kwargs={"org": org.slug}), follow=True)
    page = response.content.decode()
    assert "Published 1 pair. 1 notification could not be sent" in page
    assert "1 notification not sent." in page
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_a_line_break_in_an_activity_title_does_not_lose_the_notifications(
    org, proposed, publish, messiah
):
    # Saved before titles were kept to one line (the forms refuse line breaks now).
    Activity.objects.filter(pk=messiah.pk).update(title="Messiah\r\ncome-and-sing\nBcc: x@y.org")
    publish(org)
    assert len(mail.outbox) == 2
    subjects = {m.subject for m in mail.outbox}
    assert "Your buddy at Messiah come-and-sing Bcc: x@y.org — Riverside Philharmonic" in subjects
    assert all(m.bcc == [] for m in mail.outbox)
    pair = BuddyPair.objects.get(pk=proposed.pk)
    assert pair.newcomer_notified_at and pair.buddy_notified_at and not pair.notify_error


@pytest.mark.parametrize("visitor", ["participant", "other_staff"])
def test_only_the_organisations_staff_send_notifications_again(
    org, other_org, proposed, publish, client, refusing_vera, visitor
):
    publish(org)
    refusing_vera.REFUSED_RECIPIENTS = []
    users = {
        "participant": proposed.request.participant.user,
        "other_staff": factories.staff(other_org, username="otto"),
    }
    client.force_login(users[visitor])
    response = client.post(reverse("staff_buddy_send_notifications", kwargs={"org": org.slug}))
    assert response.status_code == 403
    assert len(mail.outbox) == 1
    assert notifications.pending_count(org) == 1
