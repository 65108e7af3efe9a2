"""Staff buddy pages: for the organisation's staff only, bounded queries, working controls."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from overture.buddies.models import Buddy, BuddyPair, MatchingRun
from overture.organisations.models import Membership
from tests import factories

from .conftest import make_buddy, make_request

VISITORS = ["anonymous", "participant", "other_staff", "staff", "org_admin"]


@pytest.fixture
def world(org, other_org, singing, messiah, run_matching, staff_user):
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah)
    buddy = make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah])
    run = run_matching(org, messiah)
    return {
        "org": org,
        "pair": BuddyPair.objects.get(request=request),
        "buddy": buddy,
        "run": run,
        "users": {
            "participant": factories.participant(org, username="pat").user,
            "other_staff": factories.staff(other_org, username="otto"),
            "staff": staff_user,
            "org_admin": factories.staff(org, role=Membership.Role.ADMIN, username="ada"),
        },
    }


GET_PAGES = [
    ("staff_buddies", None),
    ("staff_buddy_run_status", "run"),
    ("staff_buddy_change", "pair"),
    ("staff_buddy_volunteers", None),
]
POST_PAGES = [
    ("staff_buddy_run", None, {"activity": "", "meeting_point": "Foyer"}),
    ("staff_buddy_publish", None, {}),
    ("staff_buddy_lock", "pair", {"locked": "1"}),
    ("staff_buddy_change", "pair", {"buddy": "<buddy>"}),
    (
        "staff_buddy_vetting",
        "buddy",
        {"vetted": "1", "checked_on": "2026-01-05", "reference": "DBS"},
    ),
]


def url(world, name: str, obj: str | None) -> str:
    kwargs = {"org": world["org"].slug}
    if obj:
        kwargs["pk"] = world[obj].pk
    return reverse(name, kwargs=kwargs)


def state() -> tuple:
    return (
        sorted(BuddyPair.objects.values_list("pk", "status", "locked", "buddy_id")),
        sorted(Buddy.objects.values_list("pk", "vetted")),
        MatchingRun.objects.count(),
        len(mail.outbox),
    )


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("name", "obj"), GET_PAGES)
def test_staff_pages_are_for_the_organisations_staff(client, world, name, obj, visitor):
    if visitor != "anonymous":
        client.force_login(world["users"][visitor])
    response = client.get(url(world, name, obj))
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif visitor in {"participant", "other_staff"}:
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("name", "obj", "data"), POST_PAGES)
def test_only_the_organisations_staff_change_anything(
    client, world, name, obj, data, visitor, django_capture_on_commit_callbacks
):
    data = {k: str(world["buddy"].pk) if v == "<buddy>" else v for k, v in data.items()}
    before = state()
    if visitor != "anonymous":
        client.force_login(world["users"][visitor])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, name, obj), data)
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif visitor in {"participant", "other_staff"}:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert state() != before
        return
    assert state() == before


def test_another_organisations_pairs_runs_and_volunteers_are_not_found(
    client, world, other_org, singing
):
    other_practice = factories.practice(other_org, name="Singing")
    other_activity = factories.activity(other_org, requirements=[(other_practice, 1, 0.3)])
    foreign_request = make_request(other_org, "Olga", [other_practice], activity=other_activity)
    foreign_buddy = make_buddy(other_org, "Otto", {other_practice: 3}, activities=[other_activity])
    foreign_pair = BuddyPair.objects.create(request=foreign_request, buddy=foreign_buddy)
    foreign_run = MatchingRun.objects.create(organisation=other_org)
    client.force_login(world["users"]["staff"])
    org = world["org"].slug
    for name, pk in [
        ("staff_buddy_change", foreign_pair.pk),
        ("staff_buddy_run_status", foreign_run.pk),
    ]:
        assert client.get(reverse(name, kwargs={"org": org, "pk": pk})).status_code == 404
    lock = reverse("staff_buddy_lock", kwargs={"org": org, "pk": foreign_pair.pk})
    refused = client.post(lock, {"locked": "1"}, follow=True).content.decode()
    assert "This pair was not found." in refused
    vet = reverse("staff_buddy_vetting", kwargs={"org": org, "pk": foreign_buddy.pk})
    assert client.post(vet, {"vetted": "1"}).status_code == 404
    foreign_pair.refresh_from_db()
    foreign_buddy.refresh_from_db()
    assert not foreign_pair.locked and not foreign_buddy.vetted


def test_the_matching_page_shows_figures_reasons_pairs_and_the_plot(staff_client, world):
    make_request(world["org"], "Ola Nowak", [world["pair"].request.practices.get()], language="pl")
    page = staff_client.get(url(world, "staff_buddies", None)).content.decode()
    assert "Buddy matching" in page
    assert "50%" in page  # matched share: one of two requests, the other still open
    assert "3.0" in page  # mean level gap
    assert "Sam Newcomer" in page and "Vera Lynn" in page
    assert "Three levels above you in Singing in a choir" in page
    assert "Not matched yet" in page  # Ola asked after the run
    assert '<svg role="img"' in page and "Requests by outcome" in page
    assert "Publish 1 pair" in page
    assert 'aria-current="page">Buddies</a>' in page


def test_publishing_from_the_page(staff_client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url(world, "staff_buddy_publish", None), follow=True)
    assert "Published 1 pair" in response.content.decode()
    assert len(mail.outbox) == 2
    assert "http://testserver/riverside/buddies/" in mail.outbox[0].body + mail.outbox[1].body


def test_running_from_the_page_reports_what_it_matched(
    staff_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url(world, "staff_buddy_run", None),
            {"activity": str(world["pair"].request.activity_id), "meeting_point": "Stage door"},
        )
    assert response.status_code == 302
    page = staff_client.get(url(world, "staff_buddies", None)).content.decode()
    assert "Matching for Messiah come-and-sing" in page
    assert "Matched 1 of 1 request (100%)" in page
    assert "Meeting point: Stage door" in page
    assert BuddyPair.objects.get(status="proposed").meeting_point == "Stage door"


def test_a_run_for_an_unknown_scope_is_refused(staff_client, world):
    response = staff_client.post(
        url(world, "staff_buddy_run", None),
        {"activity": "999999", "meeting_point": "Foyer"},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert MatchingRun.objects.count() == 1


def test_a_running_run_is_polled_and_the_page_reloads_when_it_is_done(staff_client, world):
    running = MatchingRun.objects.create(
        organisation=world["org"], status=MatchingRun.Status.RUNNING, progress=40, step="Matching"
    )
    page = staff_client.get(url(world, "staff_buddies", None)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="run-progress" max="100" value="40">' in page
    status_url = reverse(
        "staff_buddy_run_status", kwargs={"org": world["org"].slug, "pk": running.pk}
    )
    response = staff_client.get(status_url + "?polling=1", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in response
    MatchingRun.objects.filter(pk=running.pk).update(status=MatchingRun.Status.DONE)
    response = staff_client.get(status_url + "?polling=1", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert 'hx-trigger="every 1s"' not in response.content.decode()


def test_the_change_form_lists_eligible_buddies(staff_client, world, singing, messiah):
    make_buddy(world["org"], "Reg Ular", {singing: 2}, activities=[messiah])
    make_buddy(world["org"], "Polly Glot", {singing: 3}, languages=["pl"], activities=[messiah])
    change_url = url(world, "staff_buddy_change", "pair")
    partial = staff_client.get(change_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<select" in partial and "Reg Ular" in partial and "Vera Lynn" in partial
    assert "Polly Glot" not in partial and "<html" not in partial
    reg = Buddy.objects.get(participant__display_name="Reg Ular")
    response = staff_client.post(change_url, {"buddy": str(reg.pk)}, follow=True)
    assert "Reg Ular is now the proposed buddy of Sam Newcomer" in response.content.decode()
    polly = Buddy.objects.get(participant__display_name="Polly Glot")
    response = staff_client.post(change_url, {"buddy": str(polly.pk)})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_staff_vet_a_volunteer(staff_client, world):
    vet_url = url(world, "staff_buddy_vetting", "buddy")
    details = {"vetted": "1", "checked_on": "05/01/2026", "reference": "DBS 001234567890"}
    response = staff_client.post(vet_url, details, follow=True)
    page = response.content.decode()
    assert "Vera Lynn is vetted" in page
    assert "Checked on 5 Jan 2026 (DBS 001234567890), recorded by stella" in page
    world["buddy"].refresh_from_db()
    assert world["buddy"].vetted and world["buddy"].vetted_at
    assert world["buddy"].vetted_on == date(2026, 1, 5)
    assert world["buddy"].vetting_reference == "DBS 001234567890"


def test_the_back_address_stays_on_the_site(staff_client, world):
    response = staff_client.post(
        url(world, "staff_buddy_lock", "pair"), {"locked": "1", "back": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil")


# ---- Query counts ----


def _many(org, singing, messiah, count: int) -> None:
    for i in range(count):
        make_request(
            org, f"Newcomer {i}", [singing], activity=messiah, language="pl" if i % 3 else "en"
        )
        make_buddy(org, f"Buddy {i}", {singing: 2 + i % 2}, activities=[messiah], per_activity=2)


@pytest.mark.parametrize("size", [2, 12])
def test_the_matching_page_runs_a_bounded_number_of_queries(
    staff_client,
    world,
    singing,
    messiah,
    run_matching,
    publish,
    django_assert_num_queries,
    size,
):
    _many(world["org"], singing, messiah, size)
    run_matching(world["org"], messiah)
    publish(world["org"])
    run_matching(world["org"], messiah)
    with django_assert_num_queries(21):
        assert staff_client.get(url(world, "staff_buddies", None)).status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_my_newcomers_runs_a_bounded_number_of_queries(
    client, org, singing, messiah, run_matching, publish, django_assert_num_queries, size
):
    buddy = make_buddy(
        org, "Vera", {singing: 3}, activities=[messiah], per_activity=4, per_season=9
    )
    for i in range(size):
        make_request(org, f"Newcomer {i}", [singing], activity=messiah if i < 4 else None)
    run_matching(org)
    publish(org)
    client.force_login(buddy.participant.user)
    with django_assert_num_queries(10):
        page = client.get(reverse("my_newcomers", kwargs={"org": org.slug}))
    assert page.status_code == 200
    with django_assert_num_queries(10):
        assert client.get(reverse("buddies", kwargs={"org": org.slug})).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_the_volunteers_page_runs_a_bounded_number_of_queries(
    staff_client, world, singing, messiah, django_assert_num_queries, size
):
    _many(world["org"], singing, messiah, size)
    with django_assert_num_queries(9):
        assert staff_client.get(url(world, "staff_buddy_volunteers", None)).status_code == 200
