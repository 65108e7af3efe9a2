"""The staff volunteers list (search, status and practice filters, pages), a volunteer's page
with their pairs and history, and a stale “Change” link explained."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from overture.buddies import services
from overture.buddies.models import BuddyPair

from .conftest import make_buddy, make_request


@pytest.fixture
def crowd(org, staff_user, singing, silence):
    """Vera (vetted, singing), Reg (approved, both), Ann (awaiting, silence), Stan (stopped)."""
    vera = make_buddy(org, "Vera Lynn", {singing: 3}, vetted=True)
    reg = make_buddy(org, "Reg Varney", {singing: 2, silence: 3})
    ann = make_buddy(org, "Ann Waiting", {silence: 3}, approved=False)
    stan = make_buddy(org, "Stan Stopped", {singing: 3})
    services.stop_volunteering(stan.participant)
    return {"vera": vera, "reg": reg, "ann": ann, "stan": stan}


def _names(client, org, **params) -> list[str]:
    url = reverse("staff_buddy_volunteers", kwargs={"org": org.slug})
    response = client.get(url, params)
    assert response.status_code == 200
    return [b.participant.display_name for b in response.context["page"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Ann Waiting", "Reg Varney", "Vera Lynn"]),
        ({"q": "var"}, ["Reg Varney"]),
        ({"q": "  LYNN "}, ["Vera Lynn"]),
        ({"status": "awaiting"}, ["Ann Waiting"]),
        ({"status": "approved"}, ["Reg Varney"]),
        ({"status": "vetted"}, ["Vera Lynn"]),
        ({"status": "stopped"}, ["Stan Stopped"]),
        ({"practice": "<silence>"}, ["Ann Waiting", "Reg Varney"]),
        ({"practice": "<silence>", "status": "awaiting"}, ["Ann Waiting"]),
        ({"q": "nobody"}, []),
    ],
)
def test_staff_search_and_filter_volunteers(staff_client, org, crowd, silence, params, expected):
    params = {k: str(silence.pk) if v == "<silence>" else v for k, v in params.items()}
    assert sorted(_names(staff_client, org, **params)) == expected


def test_nonsense_filters_show_every_volunteer_still_helping(staff_client, org, crowd):
    names = _names(staff_client, org, status="everyone", practice="abc", q="x" * 500)
    assert sorted(names) == ["Ann Waiting", "Reg Varney", "Vera Lynn"]


def test_the_list_pages_and_keeps_the_filters(staff_client, org, singing):
    for i in range(51):
        make_buddy(org, f"Singer {i:02}", {singing: 3})
    url = reverse("staff_buddy_volunteers", kwargs={"org": org.slug})
    page = staff_client.get(url, {"q": "singer"}).content.decode()
    assert "51 volunteers found, newest first" in page and "Page 1 of 2" in page
    assert "?q=singer&amp;page=2" in page


def test_the_list_links_names_and_offers_approval(staff_client, org, crowd):
    page = staff_client.get(reverse("staff_buddy_volunteers", kwargs={"org": org.slug})).content
    page = page.decode()
    vera_url = reverse("staff_buddy_volunteer", kwargs={"org": org.slug, "pk": crowd["vera"].pk})
    assert f'<a href="{vera_url}">Vera Lynn</a>' in page
    assert 'Approve<span class="visually-hidden"> Ann Waiting</span>' in page
    approve = reverse("staff_buddy_approve", kwargs={"org": org.slug, "pk": crowd["ann"].pk})
    staff_client.post(approve)
    crowd["ann"].refresh_from_db()
    assert crowd["ann"].approved_at is not None


def test_the_volunteer_page_shows_history_and_pairs(
    staff_client, org, staff_user, singing, messiah, run_matching, publish
):
    vera = make_buddy(
        org, "Vera Lynn", {singing: 3}, activities=[messiah], approved=False, per_activity=2
    )
    services.approve(org, vera.pk, by=staff_user)
    services.set_vetted(
        org, vera.pk, True, by=staff_user, checked_on=date(2026, 2, 3), reference="met in person"
    )
    first = make_request(org, "Sam Newcomer", [singing], activity=messiah)
    run_matching(org, messiah)
    publish(org)
    services.answer_pair(first.participant, BuddyPair.objects.get(request=first).pk, accept=False)
    make_request(org, "Ola Nowak", [singing], activity=messiah)
    run_matching(org, messiah)
    url = reverse("staff_buddy_volunteer", kwargs={"org": org.slug, "pk": vera.pk})
    page = staff_client.get(url).content.decode()
    assert "<h1>Vera Lynn</h1>" in page and ">Vetted</span>" in page
    assert "by stella" in page  # approved by
    assert "Checked on 3 Feb 2026 (met in person), recorded by stella" in page
    assert "Pairs (2)" in page
    assert "Ola Nowak" in page and "Proposed (current)" in page
    assert "Sam Newcomer" in page and "Declined" in page
    assert 'data-confirm="Withdraw the vetting of Vera Lynn?' in page


def test_the_vet_form_asks_for_confirmation(staff_client, org, singing):
    ann = make_buddy(org, "Ann Waiting", {singing: 3}, approved=False)
    url = reverse("staff_buddy_volunteer", kwargs={"org": org.slug, "pk": ann.pk})
    page = staff_client.get(url).content.decode()
    assert "Awaiting approval: not offered for matching yet" in page
    assert 'data-confirm="Record that Ann Waiting was checked?' in page
    assert 'name="reference"' in page and 'type="date"' in page


def test_publish_asks_for_confirmation_with_the_count(
    staff_client, org, singing, messiah, run_matching
):
    for name in ("Sam Newcomer", "Ola Nowak"):
        make_request(org, name, [singing], activity=messiah)
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], per_activity=2)
    run_matching(org, messiah)
    page = staff_client.get(reverse("staff_buddies", kwargs={"org": org.slug})).content.decode()
    assert 'data-confirm="Publish 2 pairs and email both sides of each?' in page


@pytest.fixture
def proposed(org, singing, messiah, run_matching):
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah)
    make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah])
    run_matching(org, messiah)
    return BuddyPair.objects.get(request=request)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("published", "The pair of Sam Newcomer was published since"),
        ("declined", "The pair of Sam Newcomer was declined since"),
        ("replaced", "The pair of Sam Newcomer was replaced when matching ran again."),
        ("cancelled", "The pair of Sam Newcomer was cancelled since"),
    ],
)
def test_a_stale_change_link_explains_what_happened(staff_client, org, proposed, status, words):
    BuddyPair.objects.filter(pk=proposed.pk).update(status=status)
    url = reverse("staff_buddy_change", kwargs={"org": org.slug, "pk": proposed.pk})
    response = staff_client.get(url)
    page = response.content.decode()
    assert response.status_code == 404
    assert "This pair can no longer be changed" in page and words in page
    assert reverse("staff_buddies", kwargs={"org": org.slug}) + "#proposed" in page
    htmx = staff_client.get(url, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and words in htmx.content.decode()
    assert "<h1>" not in htmx.content.decode()


def test_a_change_link_to_a_pair_that_is_gone_explains_it(staff_client, org, proposed):
    proposed.request.participant.delete()
    url = reverse("staff_buddy_change", kwargs={"org": org.slug, "pk": proposed.pk})
    page = staff_client.get(url).content.decode()
    assert "This pair no longer exists" in page and "Buddy matching" in page


@pytest.mark.parametrize("size", [1, 6])
def test_the_volunteer_page_runs_a_bounded_number_of_queries(
    staff_client, org, singing, messiah, run_matching, django_assert_num_queries, size
):
    vera = make_buddy(
        org, "Vera Lynn", {singing: 3}, activities=[messiah], per_activity=4, per_season=9
    )
    for i in range(size):
        make_request(org, f"Newcomer {i}", [singing], activity=messiah if i < 4 else None)
    run_matching(org)
    url = reverse("staff_buddy_volunteer", kwargs={"org": org.slug, "pk": vera.pk})
    with django_assert_num_queries(8):
        page = staff_client.get(url).content.decode()
    assert BuddyPair.objects.filter(buddy=vera).count() == size
    assert f"Pairs ({size})" in page
