"""The door pages: the check-in list, its search and ticks, the registrations page's arrivals
and access needs, and the registrants export."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from overture.audience import services
from overture.audience.check_in import check_in
from overture.audience.models import Participant, Registration
from overture.audience.tickets import ticket_code
from overture.organisations.models import Membership
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


def text_of(response) -> str:
    tagless = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(tagless)).strip()


@pytest.fixture
def door_staff(org):
    return factories.staff(org, role=Membership.Role.STAFF, username="theo")


@pytest.fixture
def door_client(client, door_staff):
    assert factories.log_in(client, door_staff.username, factories.PASSWORD)
    return client


@pytest.fixture
def concert(org):
    return factories.activity(org, "Brahms 4", capacity=20)


def book(activity, name, places=1, needs="", email=None, consent=False) -> Registration:
    person = factories.participant(activity.organisation, name=name)
    Participant.objects.filter(pk=person.pk).update(
        accessibility_needs=needs, consent_contact=consent
    )
    if email:
        type(person.user).objects.filter(pk=person.user_id).update(email=email)
    return services.register(person, activity.pk, places=places)


def check_in_url(activity, **query) -> str:
    url = reverse(
        "staff_activity_check_in", kwargs={"org": activity.organisation.slug, "pk": activity.pk}
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def tick_url(registration) -> str:
    return reverse(
        "staff_registration_check_in",
        kwargs={
            "org": registration.activity.organisation.slug,
            "pk": registration.activity_id,
            "registration": registration.pk,
        },
    )


def test_the_check_in_page_counts_people_and_places_and_lists_them_by_name(door_client, concert):
    sam = book(concert, "Sam Newcomer", places=2, needs="Step-free access, please.")
    book(concert, "Ann Regular", places=3)
    check_in(concert, sam.pk)

    text = text_of(door_client.get(check_in_url(concert)))

    assert "1 of 2 checked in (places: 2 of 5)" in text
    assert "2 confirmed bookings, by name" in text
    assert text.index("Ann Regular · 3 places") < text.index("Sam Newcomer · 2 places")
    assert "Access needs: Step-free access, please." in text
    assert "Ann Regular · 3 places Not checked in Check in Ann Regular" in text


def test_searching_by_name_finds_part_of_a_name_and_says_when_nobody_matches(door_client, concert):
    book(concert, "Sam Newcomer")
    book(concert, "Ann Regular")

    found = text_of(door_client.get(check_in_url(concert, q="newc")))
    nobody = text_of(door_client.get(check_in_url(concert, q="Zed")))

    assert "1 confirmed booking with “newc” in the name" in found
    assert "Sam Newcomer" in found and "Ann Regular" not in found
    assert "Nobody with “Zed” in their name has a confirmed booking." in nobody


def test_the_list_is_paginated_in_a_fixed_number_of_queries(door_client, org):
    concert = factories.activity(org, "Brahms 4", capacity=100)
    for n in range(30):
        book(concert, f"Person {n:02d}")

    with CaptureQueriesContext(connection) as queries:
        response = door_client.get(check_in_url(concert, page=2))

    text = text_of(response)
    assert "Page 2 of 2" in text and "Person 25" in text and "Person 24" not in text
    few = len(queries)
    for n in range(30, 40):
        book(concert, f"Person {n:02d}")
    with CaptureQueriesContext(connection) as queries:
        door_client.get(check_in_url(concert, page=2))
    assert len(queries) == few == 8


def test_ticking_someone_in_without_javascript_returns_to_the_same_search(door_client, concert):
    sam = book(concert, "Sam Newcomer", places=2)

    response = door_client.post(tick_url(sam), {"q": "sam", "page": "1"}, follow=True)

    assert response.redirect_chain[0][0] == check_in_url(concert, q="sam", page=1)
    text = text_of(response)
    assert "Sam Newcomer (2 places) is checked in." in text
    assert "1 of 1 checked in (places: 2 of 2)" in text
    assert "Undo the check-in of Sam Newcomer" in text


def test_ticking_in_with_htmx_answers_with_the_row_and_the_counts(door_client, concert, door_staff):
    sam = book(concert, "Sam Newcomer")
    book(concert, "Ann Regular")

    response = door_client.post(tick_url(sam), {"q": ""}, **HTMX)
    again = door_client.post(tick_url(sam), {"q": ""}, **HTMX)

    sam.refresh_from_db()
    at = timezone.localtime(sam.checked_in_at).strftime("%H:%M")
    html = response.content.decode()
    assert f'id="registration-{sam.pk}" class="door-row" hx-swap-oob="true"' in html
    assert 'id="door-counts" class="door-counts" hx-swap-oob="true"' in html
    assert text_of(response) == (
        f"Sam Newcomer is checked in. 1 of 2 checked in (places: 1 of 2) Sam Newcomer · 1 place "
        f"✓ Checked in {at} Undo the check-in of Sam Newcomer"
    )
    assert text_of(again).startswith(f"Sam Newcomer was already checked in at {at}.")
    assert sam.checked_in_by == door_staff


def test_undo_takes_a_check_in_back(door_client, concert):
    sam = book(concert, "Sam Newcomer")
    check_in(concert, sam.pk)

    response = door_client.post(tick_url(sam), {"action": "undo"}, **HTMX)

    assert text_of(response).startswith(
        "Sam Newcomer is no longer checked in. 0 of 1 checked in (places: 0 of 1)"
    )
    assert Registration.objects.get(pk=sam.pk).checked_in_at is None


def test_a_typed_ticket_code_checks_its_party_in(door_client, concert):
    sam = book(concert, "Sam Newcomer", places=3)

    response = door_client.post(check_in_url(concert), {"code": ticket_code(sam)}, follow=True)

    text = text_of(response)
    assert "Sam Newcomer (3 places) is checked in." in text
    assert "1 of 1 checked in (places: 3 of 3)" in text


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "This ticket code is not valid here"),
        ("3-41:not-a-signature", "This ticket code is not valid here"),
        ("x" * 5000, "This ticket code is not valid here"),
    ],
)
def test_a_wrong_ticket_code_gets_a_clear_message(door_client, concert, code, message):
    book(concert, "Sam Newcomer")

    response = door_client.post(check_in_url(concert), {"code": code}, **HTMX)

    assert response.status_code == 200
    assert text_of(response).startswith(message)
    assert 'class="message error"' in response.content.decode()


def test_a_cancelled_or_other_organisations_ticket_does_not_admit(door_client, concert, other_org):
    sam = book(concert, "Sam Newcomer")
    code = ticket_code(sam)
    services.cancel_registration(sam.participant, concert.pk)
    hugo = book(factories.activity(other_org, "Hilltop carols"), "Hugo")

    cancelled = door_client.post(check_in_url(concert), {"code": code}, **HTMX)
    elsewhere = door_client.post(check_in_url(concert), {"code": ticket_code(hugo)}, **HTMX)
    hugo_here = reverse(
        "staff_registration_check_in",
        kwargs={"org": "riverside", "pk": concert.pk, "registration": hugo.pk},
    )
    by_id = door_client.post(hugo_here, **HTMX)

    assert text_of(cancelled).startswith(
        "Sam Newcomer's booking was cancelled: it does not admit anyone."
    )
    assert text_of(elsewhere).startswith("This ticket code is not valid here")
    assert text_of(by_id).startswith("That registration is not for this activity.")
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_another_organisations_activity_is_not_found(client, other_org, concert):
    otto = factories.staff(other_org, username="otto")
    factories.log_in(client, otto.username, factories.PASSWORD)
    sam = book(concert, "Sam Newcomer")

    url = tick_url(sam).replace("/riverside/", "/hilltop/")

    assert client.post(url).status_code == 404
    assert client.get(check_in_url(concert).replace("/riverside/", "/hilltop/")).status_code == 404


def _end(activity) -> None:
    activity.starts_at -= timedelta(days=10)
    activity.ends_at -= timedelta(days=10)
    activity.save(update_fields=["starts_at", "ends_at"])


def registrations_page(client, activity):
    url = reverse(
        "staff_activity_registrations",
        kwargs={"org": activity.organisation.slug, "pk": activity.pk},
    )
    return text_of(client.get(url))


def test_after_the_activity_the_registrations_page_shows_no_shows_and_access_needs(
    door_client, concert
):
    sam = book(concert, "Sam Newcomer", places=2)
    book(concert, "Ann Regular", needs="Wheelchair space")
    book(concert, "Ben Expert", places=3)
    check_in(concert, sam.pk)
    sam.refresh_from_db()
    at = timezone.localtime(sam.checked_in_at).strftime("%H:%M")
    _end(concert)

    text = registrations_page(door_client, concert)

    assert "1 of 3 checked in (places: 2 of 6) · 2 no-shows" in text
    assert f"Sam Newcomer Confirmed 2 Checked in {at}" in text
    assert "Ann Regular Confirmed 1 No-show Wheelchair space" in text
    assert "Ben Expert Confirmed 3 No-show" in text


def test_while_it_runs_people_not_in_have_not_arrived(door_client, org):
    concert = factories.activity(org, "Brahms 4", capacity=20)
    sam, ann = book(concert, "Sam Newcomer"), book(concert, "Ann Regular")
    check_in(concert, sam.pk)
    concert.starts_at = timezone.now() - timedelta(minutes=10)
    concert.save(update_fields=["starts_at"])

    text = registrations_page(door_client, concert)

    assert "1 of 2 checked in (places: 1 of 2) · 1 not arrived" in text
    assert "Ann Regular Confirmed 1 Not arrived" in text
    assert ann.checked_in_at is None


def test_when_nobody_was_checked_in_nobody_is_called_a_no_show(door_client, concert):
    book(concert, "Sam Newcomer")
    _end(concert)

    text = registrations_page(door_client, concert)

    assert "0 of 1 checked in (places: 0 of 1)" in text
    assert "No-show" not in text and "no-show" not in text
    assert "Nobody was checked in at the door, so who came is not known" in text


def test_only_admins_are_offered_the_export_and_staff_the_check_in(client, org, concert):
    book(concert, "Sam Newcomer")
    staff = factories.staff(org, role=Membership.Role.STAFF, username="theo")
    admin = factories.staff(org, role=Membership.Role.ADMIN, username="ada")
    seen = {}
    for user in (staff, admin):
        client.force_login(user)
        seen[user.username] = registrations_page(client, concert)

    assert "Check people in" in seen["theo"] and "Download registrants" not in seen["theo"]
    assert "Check people in" in seen["ada"] and "Download registrants (CSV)" in seen["ada"]


def test_the_export_lists_registrants_with_email_only_where_they_agreed(client, org, concert):
    admin = factories.staff(org, role=Membership.Role.ADMIN, username="ada")
    client.force_login(admin)
    sam = book(concert, "Sam Newcomer", places=2, email="sam@example.org", consent=True)
    book(
        concert,
        "Ann Regular",
        needs="Wheelchair space\nand a seat by the aisle",
        email="ann@example.org",
    )
    eve = book(concert, "=HYPERLINK(1)", email="eve@example.org", consent=True)
    services.cancel_registration(eve.participant, concert.pk)
    check_in(concert, sam.pk)
    sam.refresh_from_db()
    at = timezone.localtime(sam.checked_in_at).strftime("%d/%m/%Y %H:%M")
    url = reverse("staff_activity_registrants_csv", kwargs={"org": org.slug, "pk": concert.pk})

    response = client.get(url)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="riverside-activity-{concert.pk}-registrants.csv"'
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Name", "Email", "Places", "Status", "Checked in", "Access needs"]
    # By name; how a leading "=" sorts depends on the database's collation.
    assert sorted(rows[1:]) == [
        ["'=HYPERLINK(1)", "eve@example.org", "1", "Cancelled", "", ""],
        ["Ann Regular", "", "1", "Confirmed", "", "Wheelchair space\nand a seat by the aisle"],
        ["Sam Newcomer", "sam@example.org", "2", "Confirmed", at, ""],
    ]
