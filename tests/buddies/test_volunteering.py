"""Becoming a buddy: only regulars and experts offer a practice; staff, not volunteers, vet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from overture.audience.models import Competence
from overture.buddies import services
from overture.buddies.models import Buddy, BuddyPair
from tests import factories

from .conftest import make_buddy, make_request, person


def test_a_regular_volunteers_with_what_they_offer(org, singing, messiah):
    participant = person(org, "Rhiannon Jones", {singing: 2}, places=[messiah])
    buddy = services.volunteer(
        participant,
        practice_ids=[singing.pk],
        languages=["en", "cy"],
        activity_ids=[messiah.pk],
        per_activity=2,
        per_season=5,
    )
    assert list(buddy.practices.all()) == [singing]
    assert list(buddy.activities.all()) == [messiah]
    assert buddy.languages == ["cy", "en"]
    assert (buddy.per_activity, buddy.per_season, buddy.active) == (2, 5, True)
    assert buddy.vetted is False


@pytest.mark.parametrize("level", [None, 0, 1])
def test_newcomers_and_novices_cannot_offer_a_practice(org, singing, level):
    participant = person(org, "Nell", {} if level is None else {singing: level})
    with pytest.raises(services.BuddyRefused) as refused:
        services.volunteer(participant, practice_ids=[singing.pk], languages=["en"])
    assert refused.value.field == "practices"
    assert "Singing in a choir" in str(refused.value)
    assert not Buddy.objects.exists()


def test_the_observed_level_decides_over_what_people_say(org, singing, silence):
    participant = person(org, "Ann", {singing: 3, silence: 1})
    factories.competence(participant, singing, 1, source=Competence.Source.OBSERVED)
    factories.competence(participant, silence, 2, source=Competence.Source.OBSERVED)
    with pytest.raises(services.BuddyRefused, match=r"Singing in a choir \(beginner\)"):
        services.volunteer(participant, practice_ids=[singing.pk], languages=["en"])
    buddy = services.volunteer(participant, practice_ids=[silence.pk], languages=["en"])
    assert list(buddy.practices.all()) == [silence]


def test_languages_and_capacities_must_make_sense(org, singing):
    participant = person(org, "Eve", {singing: 3})
    offer = {"practice_ids": [singing.pk], "languages": ["en"]}
    with pytest.raises(services.BuddyRefused) as refused:
        services.volunteer(participant, **{**offer, "languages": []})
    assert refused.value.field == "languages"
    with pytest.raises(services.BuddyRefused) as refused:
        services.volunteer(participant, **{**offer, "languages": ["xx"]})
    assert refused.value.field == "languages"
    with pytest.raises(services.BuddyRefused) as refused:
        services.volunteer(participant, **offer, per_activity=3, per_season=2)
    assert refused.value.field == "per_season"
    with pytest.raises(services.BuddyRefused) as refused:
        services.volunteer(participant, **offer, per_activity=9, per_season=9)
    assert refused.value.field == "per_activity"


def test_activities_offered_must_be_upcoming_places(org, singing, messiah, mahler):
    participant = person(org, "Eve", {singing: 3}, places=[messiah])
    with pytest.raises(services.BuddyRefused) as refused:
        services.volunteer(
            participant, practice_ids=[singing.pk], languages=["en"], activity_ids=[mahler.pk]
        )
    assert refused.value.field == "activities"


def test_volunteering_again_updates_and_keeps_the_vetting(org, singing, silence):
    buddy = make_buddy(org, "Vera", {singing: 3, silence: 2}, vetted=True)
    again = services.volunteer(
        buddy.participant, practice_ids=[silence.pk], languages=["pl"], per_season=4
    )
    assert again.pk == buddy.pk
    assert list(again.practices.all()) == [silence]
    assert again.languages == ["pl"] and again.per_season == 4
    assert again.vetted is True


def test_stopping_cancels_proposals_but_not_published_pairs(org, singing):
    buddy = make_buddy(org, "Vera", {singing: 3}, per_season=5)
    first = make_request(org, "Sam", [singing])
    second = make_request(org, "Kit", [singing])
    proposed = BuddyPair.objects.create(request=first, buddy=buddy)
    published = BuddyPair.objects.create(
        request=second, buddy=buddy, status=BuddyPair.Status.PUBLISHED
    )
    services.stop_volunteering(buddy.participant)
    buddy.refresh_from_db()
    proposed.refresh_from_db()
    published.refresh_from_db()
    assert buddy.active is False
    assert proposed.status == BuddyPair.Status.CANCELLED
    assert published.status == BuddyPair.Status.PUBLISHED


# ---- The page ----


def volunteer_url(org) -> str:
    return reverse("buddy_volunteer", kwargs={"org": org.slug})


def test_the_form_lists_each_practice_with_the_participants_level(client, org, singing, silence):
    participant = person(org, "Rhiannon", {singing: 2})
    client.force_login(participant.user)
    page = client.get(volunteer_url(org)).content.decode()
    assert "Singing in a choir (you: regular)" in page
    assert "Listening in silence (you: not known yet)" in page
    assert "Become a buddy" in page


def test_the_form_saves_and_cannot_set_vetting(client, org, singing, messiah):
    participant = person(org, "Rhiannon", {singing: 2}, places=[messiah])
    client.force_login(participant.user)
    response = client.post(
        volunteer_url(org),
        {
            "practices": [singing.pk],
            "languages": ["en", "cy"],
            "activities": [messiah.pk],
            "per_activity": "1",
            "per_season": "3",
            "vetted": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("buddies", kwargs={"org": org.slug})
    buddy = Buddy.objects.get(participant=participant)
    assert buddy.vetted is False
    assert list(buddy.activities.all()) == [messiah]


def test_the_form_shows_clear_errors(client, org, singing, silence):
    participant = person(org, "Nell", {singing: 1, silence: 3})
    client.force_login(participant.user)
    response = client.post(
        volunteer_url(org),
        {"practices": [singing.pk], "languages": [], "per_activity": "2", "per_season": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved yet" in page
    assert "Choose at least one language you speak." in page
    assert "at least as many newcomers as at one" in page
    response = client.post(
        volunteer_url(org),
        {"practices": [singing.pk], "languages": ["en"], "per_activity": "1", "per_season": "3"},
    )
    page = response.content.decode()
    assert "Buddies help with practices they know as a regular or an expert" in page
    assert "Singing in a choir (beginner)" in page
    assert not Buddy.objects.exists()


def test_someone_new_is_told_how_to_become_able_to_help(client, org, singing):
    participant = person(org, "Nell")
    client.force_login(participant.user)
    page = client.get(volunteer_url(org)).content.decode()
    assert "Tell us about your experience" in page
