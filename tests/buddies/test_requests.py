"""Asking for a buddy: newcomers and novices, at an activity they have a place at, or the season."""

from __future__ import annotations

import pytest
from django.urls import reverse

from overture.buddies import services
from overture.buddies.models import BuddyPair, BuddyRequest
from overture.season.models import Activity
from tests import factories

from .conftest import make_buddy, make_request, person


def test_a_newcomer_asks_for_a_buddy_at_an_activity(org, singing, messiah):
    request = make_request(org, "Sam", [singing], activity=messiah, language="pl", minor=True)
    assert request.activity == messiah
    assert list(request.practices.all()) == [singing]
    assert (request.language, request.minor, request.status) == ("pl", True, "active")
    assert request.scope_words == "Messiah come-and-sing"


def test_a_season_request_needs_no_place(org, singing):
    request = make_request(org, "Sam", [singing], levels={singing: 1})
    assert request.activity is None
    assert request.scope_words == "the whole season"


def test_regulars_cannot_ask_for_help_with_what_they_know(org, singing, silence):
    participant = person(org, "Ann", {singing: 2, silence: 0})
    with pytest.raises(services.BuddyRefused) as refused:
        services.ask_for_buddy(
            participant, activity_id=None, practice_ids=[singing.pk, silence.pk], language="en"
        )
    assert refused.value.field == "practices"
    assert "Singing in a choir (regular)" in str(refused.value)
    assert "Listening in silence" not in str(refused.value)
    assert not BuddyRequest.objects.exists()


def test_an_activity_request_needs_a_place_there(org, singing, messiah):
    participant = person(org, "Sam")
    with pytest.raises(services.BuddyRefused) as refused:
        services.ask_for_buddy(
            participant, activity_id=messiah.pk, practice_ids=[singing.pk], language="en"
        )
    assert refused.value.field == "activity"


@pytest.mark.parametrize("kind", ["ended", "draft", "other_org"])
def test_only_upcoming_published_activities_of_the_organisation(org, other_org, singing, kind):
    participant = person(org, "Sam")
    if kind == "ended":
        activity = factories.activity(org, days_ahead=-3)
    elif kind == "draft":
        activity = factories.activity(org, status=Activity.Status.DRAFT)
    else:
        activity = factories.activity(other_org)
    with pytest.raises(services.BuddyRefused):
        services.ask_for_buddy(
            participant, activity_id=activity.pk, practice_ids=[singing.pk], language="en"
        )


def test_asking_twice_for_the_same_thing_is_refused(org, singing, messiah):
    request = make_request(org, "Sam", [singing], activity=messiah)
    again = {"practice_ids": [singing.pk], "language": "en"}
    with pytest.raises(services.BuddyRefused, match="already asked for a buddy at Messiah"):
        services.ask_for_buddy(request.participant, activity_id=messiah.pk, **again)
    season = services.ask_for_buddy(request.participant, activity_id=None, **again)
    with pytest.raises(services.BuddyRefused, match="for the whole season"):
        services.ask_for_buddy(request.participant, activity_id=None, **again)
    services.withdraw_request(request.participant, season.pk)
    assert services.ask_for_buddy(request.participant, activity_id=None, **again).pk != season.pk


def test_withdrawing_cancels_the_pair(org, singing, messiah):
    buddy = make_buddy(org, "Vera", {singing: 3}, activities=[messiah])
    request = make_request(org, "Sam", [singing], activity=messiah)
    pair = BuddyPair.objects.create(request=request, buddy=buddy, status="published")
    services.withdraw_request(request.participant, request.pk)
    request.refresh_from_db()
    pair.refresh_from_db()
    assert request.status == BuddyRequest.Status.WITHDRAWN
    assert pair.status == BuddyPair.Status.CANCELLED
    assert services.withdraw_request(request.participant, request.pk).pk == request.pk


def test_someone_else_cannot_withdraw_a_request(client, org, singing):
    request = make_request(org, "Sam", [singing])
    other = person(org, "Mallory", username="mallory")
    client.force_login(other.user)
    url = reverse("buddy_withdraw", kwargs={"org": org.slug, "pk": request.pk})
    assert client.post(url).status_code == 404
    request.refresh_from_db()
    assert request.status == BuddyRequest.Status.ACTIVE


# ---- The page ----


def ask_url(org) -> str:
    return reverse("buddy_ask", kwargs={"org": org.slug})


def test_the_form_offers_the_activities_with_a_place_and_the_season(
    client, org, singing, messiah, mahler
):
    participant = person(org, "Sam", places=[messiah])
    client.force_login(participant.user)
    page = client.get(ask_url(org)).content.decode()
    assert "The whole season" in page
    assert "Messiah come-and-sing" in page
    assert "Mahler 5" not in page
    assert "I am under 18" in page


def test_asking_through_the_page(client, org, singing, messiah):
    participant = person(org, "Sam", places=[messiah])
    client.force_login(participant.user)
    response = client.post(
        ask_url(org),
        {"activity": str(messiah.pk), "practices": [singing.pk], "language": "cy", "minor": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert "we’ll look for a buddy for Messiah come-and-sing" in page
    assert "Looking for a buddy" in page
    request = BuddyRequest.objects.get()
    assert (request.participant, request.activity, request.language, request.minor) == (
        participant,
        messiah,
        "cy",
        True,
    )


def test_the_page_shows_clear_errors(client, org, singing):
    participant = person(org, "Ann", {singing: 3})
    client.force_login(participant.user)
    page = client.post(ask_url(org), {"activity": "", "language": "en"}).content.decode()
    assert "Choose at least one practice you would like help with." in page
    page = client.post(
        ask_url(org), {"activity": "", "practices": [singing.pk], "language": "en"}
    ).content.decode()
    assert "Buddies help newcomers and beginners" in page
    assert not BuddyRequest.objects.exists()


def test_a_staff_member_without_a_participant_record_can_ask(client, org, singing, staff_user):
    client.force_login(staff_user)
    assert client.get(ask_url(org)).status_code == 200
    response = client.post(
        ask_url(org), {"activity": "", "practices": [singing.pk], "language": "en"}
    )
    assert response.status_code == 302
    assert BuddyRequest.objects.get().participant.user == staff_user


def test_the_buddies_page_needs_a_login(client, org):
    response = client.get(reverse("buddies", kwargs={"org": org.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
