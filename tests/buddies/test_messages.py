"""Messages between the two sides of a published pair: only they read and write, an ended pair
is closed, the other side is emailed (a failure is kept for staff), and sending is limited."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from overture.buddies import conversation, services
from overture.buddies.models import BuddyMessage, BuddyPair
from tests import factories

from .conftest import SITE, make_buddy, make_request

REFUSING = "tests.mail_backends.RefusingBackend"


@pytest.fixture
def pair(org, singing, messiah, run_matching, publish):
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah, username="sam")
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], username="vera")
    run_matching(org, messiah)
    publish(org)
    mail.outbox.clear()
    return BuddyPair.objects.select_related("request__participant", "buddy__participant").get(
        request=request
    )


def _post(client, org, pair, text):
    url = reverse("buddy_message", kwargs={"org": org.slug, "pk": pair.pk})
    return client.post(url, {"text": text, "next": reverse("buddies", kwargs={"org": org.slug})})


def test_the_newcomer_writes_and_the_buddy_is_emailed_without_either_address(
    client, org, pair, django_capture_on_commit_callbacks
):
    assert factories.log_in(client, "sam", factories.PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, org, pair, "Hello Vera! I'll wear a red scarf.")
    assert response.status_code == 302
    assert response["Location"] == f"/{org.slug}/buddies/#pair-{pair.pk}"
    (message,) = BuddyMessage.objects.all()
    assert message.sender == pair.request.participant and message.notified_at is not None
    (email,) = mail.outbox
    assert email.to == ["vera@example.org"]
    assert email.subject == "A message from Sam, your newcomer — " + org.name
    assert "Hello Vera! I'll wear a red scarf." in email.body
    assert "sam@example.org" not in email.body and "Reply-To" not in email.extra_headers
    assert f"/{org.slug}/buddies/newcomers/" in email.body


def test_both_sides_see_the_conversation_on_their_pages(client, org, pair):
    newcomer, buddy = pair.request.participant, pair.buddy.participant
    conversation.send_message(newcomer, pair.pk, "Hello Vera!", site_url=SITE)
    conversation.send_message(buddy, pair.pk, "See you by the cloakroom, Sam.", site_url=SITE)
    assert factories.log_in(client, "vera", factories.PASSWORD)
    page = client.get(reverse("my_newcomers", kwargs={"org": org.slug})).content.decode()
    assert "Messages with Sam" in page
    assert page.index("Hello Vera!") < page.index("See you by the cloakroom, Sam.")
    assert "<strong>You</strong>" in page and "<strong>Sam</strong>" in page
    client.logout()
    assert factories.log_in(client, "sam", factories.PASSWORD)
    page = client.get(reverse("buddies", kwargs={"org": org.slug})).content.decode()
    assert "Messages with Vera" in page and "See you by the cloakroom, Sam." in page


def test_only_the_two_people_of_the_pair_may_write(client, org, pair):
    stranger = factories.participant(org, name="Nosy Parker", username="nosy")
    with pytest.raises(services.BuddyRefused, match="not found"):
        conversation.send_message(stranger, pair.pk, "Hi", site_url=SITE)
    assert factories.log_in(client, "nosy", factories.PASSWORD)
    response = _post(client, org, pair, "Hi there")
    assert response.status_code == 302
    assert not BuddyMessage.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Your message was not sent: This pairing was not found." in page


def test_a_stranger_never_reads_the_pairs_messages(client, org, pair):
    conversation.send_message(pair.request.participant, pair.pk, "Secret plan", site_url=SITE)
    factories.participant(org, name="Nosy Parker", username="nosy")
    assert factories.log_in(client, "nosy", factories.PASSWORD)
    for name in ("buddies", "my_newcomers"):
        assert (
            "Secret plan"
            not in client.get(reverse(name, kwargs={"org": org.slug})).content.decode()
        )


def test_an_ended_pair_is_closed_and_its_messages_no_longer_shown(client, org, pair, answer):
    newcomer = pair.request.participant
    conversation.send_message(newcomer, pair.pk, "Before it ended", site_url=SITE)
    answer(pair.buddy.participant, pair.pk, False)
    with pytest.raises(services.BuddyRefused, match="ended"):
        conversation.send_message(newcomer, pair.pk, "After it ended", site_url=SITE)
    assert list(BuddyMessage.objects.values_list("text", flat=True)) == ["Before it ended"]
    assert factories.log_in(client, "vera", factories.PASSWORD)
    page = client.get(reverse("my_newcomers", kwargs={"org": org.slug})).content.decode()
    assert "Before it ended" not in page


def test_an_empty_or_too_long_message_is_refused_with_a_reason(client, org, pair):
    assert factories.log_in(client, "sam", factories.PASSWORD)
    page = client.get(_post(client, org, pair, "   ")["Location"]).content.decode()
    assert "Your message was not sent: Write a message first." in page
    page = client.get(_post(client, org, pair, "x" * 1001)["Location"]).content.decode()
    assert "Ensure this value has at most 1000 characters (it has 1001)." in page
    assert not BuddyMessage.objects.exists()


def test_sending_the_same_message_twice_keeps_one(org, pair):
    newcomer = pair.request.participant
    first = conversation.send_message(newcomer, pair.pk, "Hello!", site_url=SITE)
    again = conversation.send_message(newcomer, pair.pk, " Hello! ", site_url=SITE)
    assert again.pk == first.pk and BuddyMessage.objects.count() == 1


def test_a_failed_email_is_kept_for_staff_and_sent_again(
    settings, staff_client, org, pair, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    settings.REFUSED_RECIPIENTS = ["sam@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        conversation.send_message(pair.buddy.participant, pair.pk, "Hello Sam", site_url=SITE)
    message = BuddyMessage.objects.get()
    assert message.notified_at is None and message.notify_failed_at is not None
    page = staff_client.get(reverse("staff_buddies", kwargs={"org": org.slug})).content.decode()
    assert "1 notification not sent." in page and "Last message that failed" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff_client.post(reverse("staff_buddy_send_notifications", kwargs={"org": org.slug}))
    message.refresh_from_db()
    assert message.notified_at is not None and message.notify_error == ""
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_messages_are_rate_limited_per_account(client, org, pair):
    assert factories.log_in(client, "sam", factories.PASSWORD)
    codes = [_post(client, org, pair, f"Message {i}").status_code for i in range(21)]
    assert codes == [302] * 20 + [429]
    assert BuddyMessage.objects.count() == 20


@pytest.mark.parametrize("size", [1, 8])
def test_pages_with_conversations_run_a_bounded_number_of_queries(
    client, org, singing, messiah, run_matching, publish, django_assert_num_queries, size
):
    vera = make_buddy(
        org, "Vera Lynn", {singing: 3}, activities=[messiah], per_activity=4, per_season=9
    )
    for i in range(size):
        make_request(org, f"Newcomer {i}", [singing], activity=messiah if i < 4 else None)
    run_matching(org)
    publish(org)
    pairs = BuddyPair.objects.filter(buddy=vera, status=BuddyPair.Status.PUBLISHED)
    assert pairs.count() == size
    for pair in pairs:
        conversation.send_message(pair.request.participant, pair.pk, "Hello", site_url=SITE)
        conversation.send_message(vera.participant, pair.pk, "Hello to you", site_url=SITE)
    client.force_login(vera.participant.user)
    with django_assert_num_queries(10):
        page = client.get(reverse("my_newcomers", kwargs={"org": org.slug})).content.decode()
    assert page.count("Hello to you") == pairs.count()
