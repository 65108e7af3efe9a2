"""Booking places on the activity page, and the ticket and calendar entry a registrant gets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from overture.audience import services
from overture.audience.models import Registration
from overture.audience.tickets import ticket_code
from overture.season.models import Activity
from tests import factories

from .booking import brahms, logged_in, url


@pytest.fixture
def concert(org):
    return brahms(org, places_per_booking=4)


@pytest.fixture
def sam_client(client, participant):
    logged_in(client, participant)
    return client


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_form_offers_up_to_the_places_one_booking_allows(concert, sam_client):
    page = sam_client.get(url("activity", concert)).content.decode()

    assert '<label for="id_places">Places' in page
    assert 'name="places" value="1" min="1" max="4"' in page
    assert "For you and the people you are coming with: up to 4." in page


def test_the_form_offers_no_more_than_the_places_left(org, sam_client):
    act = brahms(org, capacity=10, places_per_booking=6, places_taken=8)

    page = sam_client.get(url("activity", act)).content.decode()

    assert 'min="1" max="2"' in page and "up to 2." in page


def test_the_last_place_is_offered_alone(org, sam_client):
    act = brahms(org, capacity=10, places_taken=9)

    page = sam_client.get(url("activity", act)).content.decode()

    assert 'min="1" max="1"' in page and "One place is left for you." in page


def test_booking_two_places(concert, sam_client):
    response = sam_client.post(url("register", concert), {"places": "2"}, follow=True)

    assert said(response) == ["You’re registered for Brahms at dusk with 2 places. See you there!"]
    registration = Registration.objects.get()
    assert registration.places == 2
    concert.refresh_from_db()
    assert concert.places_taken == 2
    page = response.content.decode()
    assert "38 places left" in page
    assert "<strong>2 places</strong>" in page
    assert "Cancel my places" in page and "Give up all 2 of your places" in page


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ("0", "Choose at least 1 place."),
        ("5", "You can book at most 4 places here now."),
        ("two", "Enter the number of places as a whole number, such as 2."),
        ("", "Enter how many places you would like."),
        ("9" * 30, "You can book at most 4 places here now."),
    ],
)
def test_a_number_of_places_that_cannot_be_booked_is_explained(
    concert, sam_client, places, message
):
    response = sam_client.post(url("register", concert), {"places": places}, follow=True)

    assert said(response) == [message]
    assert not Registration.objects.exists()


def test_a_full_activity_says_so_however_many_are_asked(org, concert, sam_client):
    Activity.objects.filter(pk=concert.pk).update(places_taken=39)
    response = sam_client.post(url("register", concert), {"places": "2"}, follow=True)
    assert said(response) == ["You can book at most 1 place here now."]


def test_the_registrant_sees_the_ticket_and_the_calendar_link(concert, participant, sam_client):
    registration = services.register(participant, concert.pk, places=3)

    page = sam_client.get(url("activity", concert)).content.decode()

    assert '<svg role="img" aria-label="QR code of your ticket for Brahms at dusk"' in page
    assert f'Ticket code: <code class="ticket-code">{ticket_code(registration)}</code>' in page
    assert f'href="{url("registration_calendar", concert)}" download>Add to calendar' in page
    assert f'href="{url("ticket", concert)}">Your ticket' in page
    assert "<strong>3 places</strong>" in page


def test_changing_the_number_of_places(concert, participant, sam_client):
    services.register(participant, concert.pk, places=3)

    page = sam_client.get(url("activity", concert)).content.decode()
    assert 'name="places" value="3" min="1" max="4"' in page

    response = sam_client.post(url("change_places", concert), {"places": "1"}, follow=True)
    assert said(response) == ["You now have 1 place at Brahms at dusk."]
    concert.refresh_from_db()
    assert concert.places_taken == 1

    response = sam_client.post(url("change_places", concert), {"places": "1"}, follow=True)
    assert said(response) == ["You already have 1 place at Brahms at dusk."]

    response = sam_client.post(url("change_places", concert), {"places": "9"}, follow=True)
    assert said(response) == ["You can book at most 4 places here now."]


def test_changing_places_without_a_place_asks_to_register_first(concert, sam_client):
    response = sam_client.post(url("change_places", concert), {"places": "2"}, follow=True)
    assert said(response) == ["You don’t have a place at Brahms at dusk. Register first."]


def test_the_printable_ticket(concert, participant, sam_client):
    registration = services.register(participant, concert.pk, places=2)

    response = sam_client.get(url("ticket", concert))

    page = response.content.decode()
    assert "<h1>Your ticket for Brahms at dusk</h1>" in page
    assert "<dt>Name</dt><dd>Sam Newcomer</dd>" in page
    assert "Saturday 13 March 2027, 19:30 to 21:45</time>" in page
    assert "Riverside Hall<br>1 Quay Street, Riverton RV1 2AB" in page
    assert "<dt>Places</dt><dd>2 places</dd>" in page
    assert ticket_code(registration) in page
    assert '<svg role="img" aria-label="QR code of your ticket"' in page


def test_the_calendar_download(concert, participant, sam_client):
    registration = services.register(participant, concert.pk, places=2)

    response = sam_client.get(url("registration_calendar", concert))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="activity-{concert.pk}.ics"'
    body = response.content.decode()
    assert f"UID:registration-{registration.pk}@riverside.overture" in body
    assert "METHOD:PUBLISH" in body and "DTSTART:20270313T193000Z" in body


@pytest.mark.parametrize("name", ["ticket", "registration_calendar"])
def test_only_someone_with_a_place_gets_a_ticket_or_calendar_entry(
    org, other_org, concert, participant, client, name
):
    ada = factories.participant(org, name="Ada", username="ada")
    services.register(ada, concert.pk)
    theirs = brahms(other_org)
    services.register(factories.participant(other_org, name="Hilda"), theirs.pk)

    assert client.get(url(name, concert)).status_code == 302  # to the login page
    logged_in(client, participant)
    assert client.get(url(name, concert)).status_code == 404  # Ada's place is not Sam's
    services.register(participant, concert.pk)
    services.cancel_registration(participant, concert.pk)
    assert client.get(url(name, concert)).status_code == 404  # given back
    assert client.get(url(name, theirs)).status_code == 404
    other_url = reverse(name, kwargs={"org": org.slug, "pk": theirs.pk})
    assert client.get(other_url).status_code == 404  # another organisation's activity


def test_no_ticket_for_a_cancelled_activity(concert, participant, sam_client):
    services.register(participant, concert.pk)
    Activity.objects.filter(pk=concert.pk).update(status=Activity.Status.CANCELLED)

    assert sam_client.get(url("ticket", concert)).status_code == 404
    assert "ticket-qr" not in sam_client.get(url("activity", concert)).content.decode()


def test_my_activities_shows_each_ticket(org, concert, participant, sam_client):
    registration = services.register(participant, concert.pk, places=2)
    services.register(participant, brahms(org).pk)

    page = sam_client.get(reverse("my_activities", kwargs={"org": org.slug})).content.decode()

    assert page.count('class="ticket compact"') == 2
    assert ticket_code(registration) in page
    assert "<strong>2 places</strong>" in page and "<strong>1 place</strong>" in page


def test_booking_and_cancelling_over_and_over_is_paused(org, concert, participant, sam_client):
    # Each of these sends an email, so one account cannot flood a mailbox with them.
    for n in range(20):
        name = "register" if n % 2 == 0 else "cancel_registration"
        assert sam_client.post(url(name, concert), {"places": "1"}).status_code == 302

    response = sam_client.post(url("register", concert), {"places": "1"})

    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Please wait a moment" in response.content.decode()
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert sam_client.get(url("activity", concert)).status_code == 200  # reading never is
