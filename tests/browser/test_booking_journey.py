"""Booking places for a party: the ticket's QR code, the calendar entry and the email."""

from pathlib import Path

from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from overture.audience.models import Registration
from overture.audience.tickets import ticket_code
from tests.audience.booking import brahms


def test_booking_two_places_gives_a_ticket_a_calendar_entry_and_an_email(open_as, org, participant):
    concert = brahms(org, capacity=40, places_per_booking=4)
    page = open_as(participant.user)

    page.goto(f"/{org.slug}/activities/{concert.pk}/")
    places = page.get_by_label("Places")
    expect(places).to_have_value("1")
    expect(page.get_by_text("For you and the people you are coming with: up to 4.")).to_be_visible()
    places.fill("2")
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("status")).to_contain_text(
        "You’re registered for Brahms at dusk with 2 places. See you there!"
    )
    expect(page.get_by_text("38 places left")).to_be_visible()
    qr_name = "QR code of your ticket for Brahms at dusk"
    qr = page.get_by_role("img", name=qr_name)
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 100  # large enough to scan from a phone
    registration = Registration.objects.get(activity=concert)
    expect(page.get_by_text(ticket_code(registration))).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar").click()
    entry = Calendar.from_ical(Path(download.value.path()).read_bytes())
    (event,) = entry.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Brahms at dusk"
    assert str(event["UID"]) == f"registration-{registration.pk}@{org.slug}.overture"

    (email,) = mail.outbox
    assert email.to == ["sam@example.org"]
    assert "When: Saturday 13 March 2027, 19:30 to 21:45" in email.body
    ics = next(content for name, content, _ in email.attachments if name.endswith(".ics"))
    (emailed,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(emailed["UID"]) == str(event["UID"])
    assert emailed.decoded("DTSTART") == concert.starts_at

    page.get_by_role("link", name="Your ticket").click()
    expect(page.get_by_role("heading", name="Your ticket for Brahms at dusk")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of your ticket")).to_be_visible()
    expect(page.get_by_text("2 places", exact=True)).to_be_visible()

    page.get_by_role("link", name="My activities").first.click()
    expect(page.get_by_role("heading", name="My activities")).to_be_visible()
    expect(page.get_by_role("img", name=qr_name)).to_be_visible()
