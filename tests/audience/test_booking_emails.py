"""The emails that tell a person what happened to their booking, with a valid calendar entry."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db import transaction
from icalendar import Calendar

from overture.audience import booking_mail, services
from overture.audience.booking_mail import BookingEvent
from overture.audience.models import Registration
from overture.audience.tickets import ticket_code

from .booking import STARTS, attachment, brahms, logged_in, url

REFUSING = "tests.mail_backends.RefusingBackend"


@pytest.fixture
def concert(org):
    return brahms(org)


@pytest.fixture
def sam_client(client, participant):
    logged_in(client, participant)
    return client


def book(client, act, places, capture) -> Registration:
    with capture(execute=True):
        client.post(url("register", act), {"places": places})
    return Registration.objects.get(activity=act)


def event_of(message) -> tuple[Calendar, object]:
    content = attachment(message, ".ics")[1]
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_booking_sends_the_confirmation_with_ticket_and_calendar_entry(
    org, concert, participant, sam_client, django_capture_on_commit_callbacks
):
    registration = book(sam_client, concert, 2, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == ["sam@example.org"]
    assert message.subject == "Your 2 places at Brahms at dusk — Riverside Philharmonic"
    code = ticket_code(registration)
    lines = message.body.splitlines()
    assert "Your booking is confirmed: 2 places at Brahms at dusk." in lines
    assert "When: Saturday 13 March 2027, 19:30 to 21:45" in lines
    assert "Where: Riverside Hall, 1 Quay Street, Riverton RV1 2AB" in lines
    assert "Places: 2 places" in lines
    assert f"Ticket code: {code}" in lines
    assert f"http://testserver/riverside/activities/{concert.pk}/ticket/" in lines
    assert f"The activity: http://testserver/riverside/activities/{concert.pk}/" in lines
    assert "My activities: http://testserver/riverside/me/activities/" in lines
    _, png, mimetype = attachment(message, "ticket.png")
    assert mimetype == "image/png" and png.startswith(b"\x89PNG")


def test_the_calendar_entry_is_valid_icalendar_in_utc(
    org, concert, participant, sam_client, django_capture_on_commit_callbacks
):
    registration = book(sam_client, concert, 2, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    name, content, mimetype = attachment(message, ".ics")
    assert name == "brahms-at-dusk.ics" and mimetype == "text/calendar; method=PUBLISH"
    calendar, event = event_of(message)
    assert str(calendar["METHOD"]) == "PUBLISH" and str(calendar["VERSION"]) == "2.0"
    assert str(event["UID"]) == f"registration-{registration.pk}@riverside.overture"
    assert event.decoded("DTSTART") == STARTS
    assert event.decoded("DTEND") == datetime(2027, 3, 13, 21, 45, tzinfo=UTC)
    assert b"DTSTART:20270313T193000Z" in content
    assert str(event["SUMMARY"]) == "Brahms at dusk"
    assert str(event["LOCATION"]) == "Riverside Hall, 1 Quay Street, Riverton RV1 2AB"
    assert str(event["URL"]) == f"http://testserver/riverside/activities/{concert.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == 0
    description = str(event["DESCRIPTION"])
    assert description.startswith("2 places booked by Sam Newcomer.\n")
    assert f"Ticket code: {ticket_code(registration)}" in description


def test_summer_times_are_given_in_utc(
    org, participant, sam_client, django_capture_on_commit_callbacks
):
    act = brahms(org)
    summer = datetime(2027, 6, 12, 18, 30, tzinfo=UTC)  # 7.30pm in London
    ends = datetime(2027, 6, 12, 20, 0, tzinfo=UTC)  # 9pm in London
    type(act).objects.filter(pk=act.pk).update(starts_at=summer, ends_at=ends)

    book(sam_client, act, 1, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert "When: Saturday 12 June 2027, 19:30 to 21:00" in message.body.splitlines()
    assert b"DTSTART:20270612T183000Z" in attachment(message, ".ics")[1]


def test_changing_places_sends_the_same_entry_updated(
    org, concert, participant, sam_client, django_capture_on_commit_callbacks
):
    book(sam_client, concert, 2, django_capture_on_commit_callbacks)
    Registration.objects.update(created_at=datetime(2026, 12, 1, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        sam_client.post(url("change_places", concert), {"places": 3})

    booked, changed = mail.outbox
    assert changed.subject == "Your booking at Brahms at dusk has changed — Riverside Philharmonic"
    assert "Your booking has changed: you now have 3 places at Brahms at dusk." in changed.body
    _, first = event_of(booked)
    _, second = event_of(changed)
    assert str(second["UID"]) == str(first["UID"])
    assert second["SEQUENCE"] > first["SEQUENCE"]
    assert str(second["DESCRIPTION"]).startswith("3 places booked")


def test_cancelling_sends_a_cancellation_of_the_entry(
    org, concert, participant, sam_client, django_capture_on_commit_callbacks
):
    book(sam_client, concert, 2, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        sam_client.post(url("cancel_registration", concert))

    booked, cancelled = mail.outbox
    assert (
        cancelled.subject
        == "Your 2 places at Brahms at dusk are cancelled — Riverside Philharmonic"
    )
    assert "Ticket code" not in cancelled.body
    assert [name for name, _, _ in cancelled.attachments] == ["brahms-at-dusk.ics"]
    assert attachment(cancelled, ".ics")[2] == "text/calendar; method=CANCEL"
    calendar, event = event_of(cancelled)
    _, first = event_of(booked)
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(first["UID"])
    assert event["SEQUENCE"] > first["SEQUENCE"]


def test_a_refused_email_never_loses_the_booking(
    org, concert, participant, sam_client, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    settings.REFUSED_RECIPIENTS = ["sam@example.org"]

    with (
        caplog.at_level(logging.ERROR, logger="overture.audience.booking_mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = sam_client.post(url("register", concert), {"places": 2}, follow=True)

    assert not mail.outbox
    registration = Registration.objects.get(activity=concert)
    assert registration.status == "confirmed" and registration.places == 2
    assert "Could not send the booked email" in caplog.text
    page = response.content.decode()
    assert "You’re registered for Brahms at dusk with 2 places. See you there!" in page
    assert ticket_code(registration) in page and "Add to calendar" in page


def test_a_booking_that_rolls_back_sends_nothing(
    org, concert, participant, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        registration = services.register(participant, concert.pk, places=2)
        booking_mail.send_after_commit(
            registration, BookingEvent.BOOKED, site_url="http://testserver/"
        )
        raise RuntimeError("the request failed later on")

    assert not mail.outbox and not Registration.objects.exists()


def test_someone_without_an_email_address_is_not_written_to(org, concert, participant):
    type(participant.user).objects.filter(pk=participant.user_id).update(email="")
    registration = services.register(participant, concert.pk)

    assert booking_mail.send(registration.pk, BookingEvent.BOOKED, "http://testserver/") is False
    assert not mail.outbox


def test_a_title_with_line_breaks_still_sends(org, participant, django_capture_on_commit_callbacks):
    # Saved before titles were kept to one line (the forms refuse line breaks now).
    act = brahms(org)
    type(act).objects.filter(pk=act.pk).update(title="Brahms\r\nat dusk\nBcc: x@y.org")
    registration = services.register(participant, act.pk)

    assert booking_mail.send(registration.pk, BookingEvent.BOOKED, "http://testserver/")

    (message,) = mail.outbox
    assert message.subject == "Your place at Brahms at dusk Bcc: x@y.org — Riverside Philharmonic"
    assert message.bcc == [] and attachment(message, ".ics")[0] == "brahms-at-dusk-bcc-xyorg.ics"
