"""The waiting list on the activity page, on My activities and on the staff pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from overture.audience import services, waiting_list
from overture.audience.models import Registration, WaitingListEntry
from tests import factories

Status = WaitingListEntry.Status


def url(name: str, act) -> str:
    return reverse(name, kwargs={"org": act.organisation.slug, "pk": act.pk})


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def text(response) -> str:
    return " ".join(response.content.decode().split())


def full(org, capacity: int = 1, title: str = "Messiah singalong"):
    act = factories.activity(org, title, capacity=capacity)
    holders = [factories.participant(org, name=f"Holder {i}") for i in range(capacity)]
    for holder in holders:
        services.register(holder, act.pk)
    act.refresh_from_db()
    return act, holders


def person(client, org, name: str):
    """A participant, logged in on `client` through the login page."""
    someone = factories.participant(org, name=name, username=name.lower())
    assert factories.log_in(client, someone.user.username, factories.PASSWORD)
    return someone


def test_a_full_activity_offers_its_waiting_list(client, org):
    act, _ = full(org)
    person(client, org, "Ann")
    page = client.get(url("activity", act))
    body = text(page)
    assert "This activity is full: every place has been taken or is held for someone" in body
    assert '<label for="id_places">How many places?' in body
    assert page.context["waiting"].form.fields["places"].choices == [
        (n, str(n)) for n in range(1, 7)
    ]
    assert "Join the waiting list</button>" in body


def test_a_visitor_is_asked_to_log_in_to_join(client, org):
    act, _ = full(org)
    body = text(client.get(url("activity", act)))
    assert "to join the waiting list." in body
    assert "How many places?" not in body
    response = client.post(url("waiting_list_join", act), {"places": 1})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not WaitingListEntry.objects.exists()


def test_joining_says_the_place_in_line(client, org):
    act, _ = full(org)
    for name in ("Ann", "Bea"):
        waiting_list.join(factories.participant(org, name=name), act.pk, 1)
    cal = person(client, org, "Cal")

    response = client.post(url("waiting_list_join", act), {"places": 2}, follow=True)

    assert said(response) == [
        "You’re on the waiting list for Messiah singalong. We’ll email you as soon as places "
        "are free for you."
    ]
    assert "You are 3rd on the waiting list, for 2 places." in text(response)
    assert WaitingListEntry.objects.get(participant=cal).places == 2
    again = client.post(url("waiting_list_join", act), {"places": 2}, follow=True)
    assert said(again) == ["You’re already on the waiting list for Messiah singalong."]


@pytest.mark.parametrize("places", ["", "0", "7", "two", "1e3", "-1"])
def test_a_number_of_places_out_of_range_is_refused_plainly(client, org, places):
    act, _ = full(org)
    person(client, org, "Ann")
    response = client.post(url("waiting_list_join", act), {"places": places}, follow=True)
    assert said(response) in (
        ["Choose how many places you are waiting for: from 1 to 6."],
        ["This field is required."],
    )
    assert not WaitingListEntry.objects.exists()


def test_leaving_takes_you_off_the_list(client, org):
    act, _ = full(org)
    ann = person(client, org, "Ann")
    waiting_list.join(ann, act.pk, 1)
    response = client.post(url("waiting_list_leave", act), follow=True)
    assert said(response) == ["You’ve left the waiting list for Messiah singalong."]
    assert WaitingListEntry.objects.get().status == Status.LEFT
    again = client.post(url("waiting_list_leave", act), follow=True)
    assert said(again) == ["You’re not on the waiting list for Messiah singalong."]


@pytest.fixture
def offer(django_capture_on_commit_callbacks):
    """Put people on the list in this order, then free the holder's place (offered to them)."""

    def make(org, act, holder, *names: str, places: int = 1):
        people = [factories.participant(org, name=n, username=n.lower()) for n in names]
        for someone in people:
            waiting_list.join(someone, act.pk, places)
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_registration(holder, act.pk)
        return people

    return make


def test_the_offer_shows_on_the_page_and_taking_it_books_the_place(
    client, org, offer, django_capture_on_commit_callbacks
):
    act, holders = full(org)
    (ann,) = offer(org, act, holders[0], "Ann")
    assert factories.log_in(client, ann.user.username, factories.PASSWORD)
    entry = WaitingListEntry.objects.get(participant=ann)
    until = timezone.localtime(entry.offer_expires_at)

    body = text(client.get(url("activity", act)))
    assert (
        "Places have freed up and we’re holding 1 place for you until "
        f'<time datetime="{until.isoformat()}">'
        f"{until:%H:%M} on {until:%A} {until.day} {until:%B %Y}</time>."
    ) in body
    assert "Take the place</button>" in body

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("waiting_list_accept", act), follow=True)
    assert said(response) == [
        "You’re registered for Messiah singalong: 1 place booked. Your ticket and calendar "
        "entry are on their way by email. See you there!"
    ]
    assert "You’re registered" in text(response)
    registration = Registration.objects.get(participant=ann)
    assert registration.status == Registration.Status.CONFIRMED and registration.places == 1
    (confirmation,) = [
        m for m in mail.outbox if m.subject.startswith("Your place at Messiah singalong")
    ]
    assert confirmation.to == [ann.user.email]
    assert [name for name, _, _ in confirmation.attachments if name.endswith(".ics")]


def test_held_places_make_the_activity_full_for_everyone_else(client, org, offer):
    act, holders = full(org)
    offer(org, act, holders[0], "Ann")
    person(client, org, "Dan")
    page = client.get(url("activity", act))
    body = text(page)
    assert page.context["state"] == "full"
    assert '<span class="badge full">Full</span>' in body
    assert ">Register</button>" not in body


def test_declining_from_the_page_passes_the_place_on(
    client, org, django_capture_on_commit_callbacks, offer
):
    act, holders = full(org)
    ann, bea = offer(org, act, holders[0], "Ann", "Bea")
    assert factories.log_in(client, ann.user.username, factories.PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("waiting_list_decline", act), follow=True)
    assert said(response) == [
        "Thank you for letting us know: the places go to the next person waiting."
    ]
    assert WaitingListEntry.objects.get(participant=bea).status == Status.OFFERED


def test_nobody_can_take_a_place_offered_to_someone_else(client, org, offer):
    act, holders = full(org)
    offer(org, act, holders[0], "Ann")
    person(client, org, "Eve")
    response = client.post(url("waiting_list_accept", act), follow=True)
    assert said(response) == ["No place at Messiah singalong is being held for you."]
    assert not Registration.objects.filter(participant__display_name="Eve").exists()


def test_another_organisations_activity_is_not_found(client, org, other_org):
    act, _ = full(other_org)
    person(client, org, "Ann")
    response = client.post(
        reverse("waiting_list_join", kwargs={"org": org.slug, "pk": act.pk}), {"places": 1}
    )
    assert response.status_code == 404


def test_an_offer_past_its_hold_moves_on_when_the_page_is_read(
    client, org, django_capture_on_commit_callbacks, offer
):
    act, holders = full(org)
    ann, bea = offer(org, act, holders[0], "Ann", "Bea")
    WaitingListEntry.objects.filter(participant=ann).update(
        offer_expires_at=timezone.now() - timedelta(minutes=5)
    )
    assert factories.log_in(client, bea.user.username, factories.PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        body = text(client.get(url("activity", act)))
    assert "Take the place</button>" in body
    assert WaitingListEntry.objects.get(participant=ann).status == Status.EXPIRED


def test_my_activities_lists_my_waiting_lists(client, org, offer):
    act, holders = full(org)
    later, _ = full(org, title="Carols by candlelight")
    _, bea = offer(org, act, holders[0], "Ann", "Bea")
    waiting_list.join(factories.participant(org, name="Cal"), later.pk, 1)
    waiting_list.join(bea, later.pk, 3)
    assert factories.log_in(client, bea.user.username, factories.PASSWORD)

    body = text(client.get(reverse("my_activities", kwargs={"org": org.slug})))

    assert '<h2 id="waiting-heading">Waiting lists</h2>' in body
    assert "You are 2nd in line, for 1 place." in body  # Ann holds the offer ahead
    assert "You are 2nd in line, for 3 places." in body
    assert "You haven’t registered for anything yet." in body


def test_staff_see_the_waiting_list_with_offers_and_failed_emails(
    client, org, staff_user, settings, offer
):
    act, holders = full(org)
    settings.EMAIL_BACKEND = "tests.mail_backends.RefusingBackend"
    settings.REFUSED_RECIPIENTS = ["ann@example.org"]
    offer(org, act, holders[0], "Ann", "Bea", places=1)
    entry = WaitingListEntry.objects.get(participant__display_name="Ann")
    assert entry.offer_email_failed
    assert factories.log_in(client, staff_user.username, factories.PASSWORD)

    body = text(client.get(url("staff_activity_registrations", act)))

    joined = timezone.localtime(entry.joined_at)
    until = timezone.localtime(entry.offer_expires_at)
    assert (
        f"<td>Ann</td> <td>1</td> <td>{joined.day} {joined:%b %Y, %H:%M}</td> "
        '<td><span class="badge open">Offered a place</span> '
        '<span class="badge cancelled">Email not sent</span></td> '
        f"<td>{until.day} {until:%b %Y, %H:%M}</td>"
    ) in body
    assert (
        "<td>Bea</td> <td>1</td>" in body and '<span class="badge waiting">Waiting</span>' in body
    )

    listing = text(client.get(reverse("staff_activities", kwargs={"org": org.slug})))
    assert "· 2 waiting" in listing


@pytest.mark.parametrize("length", [1, 30])
def test_the_staff_waiting_list_needs_the_same_queries_for_any_length(
    client, org, staff_user, django_assert_num_queries, length
):
    act, _ = full(org)
    for i in range(length):
        waiting_list.join(factories.participant(org, name=f"W{i}"), act.pk, 1)
    assert factories.log_in(client, staff_user.username, factories.PASSWORD)
    with django_assert_num_queries(11):
        response = client.get(url("staff_activity_registrations", act))
    assert len(response.context["waiting_list"]) == length


def test_a_party_waiting_for_more_than_is_free_sees_both_register_and_its_place(client, org):
    act = factories.activity(org, "Messiah singalong", capacity=5, places_taken=4)
    ann = person(client, org, "Ann")
    waiting_list.join(ann, act.pk, 3)

    page = client.get(url("activity", act))
    body = text(page)

    assert page.context["state"] == "open"
    assert '<span class="badge open">1 place left</span>' in body
    assert ">Register</button>" in body
    assert "You are 1st on the waiting list, for 3 places." in body


def test_going_round_in_circles_on_the_list_is_paused(client, org):
    act, _ = full(org)
    person(client, org, "Ann")
    for _ in range(10):
        client.post(url("waiting_list_join", act), {"places": 1})
        client.post(url("waiting_list_leave", act))

    response = client.post(url("waiting_list_join", act), {"places": 1})

    assert response.status_code == 429
    assert "changed your place on waiting lists" in text(response)
    assert WaitingListEntry.objects.filter(status=Status.LEFT).count() == 10


def test_cards_count_places_held_for_the_waiting_list_as_taken(client, org, offer):
    act, holders = full(org)
    offer(org, act, holders[0], "Ann")
    person(client, org, "Dan")
    season = client.get(reverse("season", kwargs={"org": org.slug}))
    (card,) = [a for a in season.context["activities"] if a.pk == act.pk]
    assert card.places_left == 1 and card.places_held == 1 and card.places_free == 0
    body = text(season)
    assert "place left" not in body
    assert '<span class="badge full">Full</span>' in body
