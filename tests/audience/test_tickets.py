"""Ticket codes: signed, so only the organisation's own, unaltered codes are read back."""

from __future__ import annotations

import pytest

from overture.audience import services
from overture.audience.tickets import registration_from_ticket, ticket_code, ticket_svg
from tests import factories


@pytest.fixture
def booked(org):
    return services.register(factories.participant(org), factories.activity(org).pk, places=2)


def test_a_ticket_code_reads_back_as_its_registration(org, booked):
    code = ticket_code(booked)

    assert code == ticket_code(booked)  # the same ticket every time it is shown
    assert registration_from_ticket(org, code) == booked
    assert registration_from_ticket(org, f"  {code}\n") == booked  # as a scanner may send it


def test_a_ticket_for_a_cancelled_place_reads_back_with_its_status(org, booked):
    code = ticket_code(booked)
    services.cancel_registration(booked.participant, booked.activity_id)

    found = registration_from_ticket(org, code)

    assert found == booked and found.status == "cancelled"


def test_an_altered_code_is_refused(org, booked):
    code = ticket_code(booked)
    value, signature = code.split(":")
    other = services.register(factories.participant(org, name="Ada"), booked.activity_id)
    forged = f"{org.pk}-{other.pk}:{signature}"

    assert registration_from_ticket(org, forged) is None
    assert registration_from_ticket(org, code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert registration_from_ticket(org, value) is None


@pytest.mark.parametrize("code", ["", "   ", "nonsense", "1-1", ":", "x" * 5000, "1-1:abc\x00"])
def test_nonsense_is_refused(org, code):
    assert registration_from_ticket(org, code) is None


def test_another_organisations_ticket_is_refused(org, other_org, booked):
    theirs = services.register(
        factories.participant(other_org, name="Hilda"), factories.activity(other_org).pk
    )

    assert registration_from_ticket(org, ticket_code(theirs)) is None
    assert registration_from_ticket(other_org, ticket_code(booked)) is None
    assert registration_from_ticket(other_org, ticket_code(theirs)) == theirs


def test_the_qr_code_is_named_for_screen_readers():
    svg = ticket_svg("1-2:abc", "QR code of your ticket for Brahms & <friends>")

    assert svg.startswith(
        '<svg role="img" aria-label="QR code of your ticket for Brahms &amp; &lt;friends&gt;"'
    )
    assert "<title>QR code of your ticket for Brahms &amp; &lt;friends&gt;</title>" in svg
    assert "viewBox" in svg
