"""“How to get there”: the learning journey page for a participant."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overture.audience import services
from overture.audience.models import Competence, Registration
from overture.season.models import Activity, Format
from tests import factories

SELF, OBSERVED = Competence.Source.SELF, Competence.Source.OBSERVED


def journey_url(org, **params) -> str:
    url = reverse("journey", kwargs={"org": org.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def text(response) -> str:
    """The page's visible text, whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def step_titles(response) -> list[str]:
    return [step.activity.title for step in response.context["page"].steps]


@pytest.fixture
def listening(org):
    return factories.practice(org, name="Listening in silence", strictness=0.9)


@pytest.fixture
def singing(org):
    return factories.practice(org, name="Singing in a choir", strictness=0.3)


@pytest.fixture
def choir_season(org, singing, listening):
    """A come-and-sing, then a relaxed choir workshop, then a strict Messiah singalong."""
    come_and_sing = factories.activity(
        org,
        "Come and sing: carols",
        days_ahead=2,
        capacity=40,
        format=Format.COME_AND_SING,
        requirements=[(singing, 1, 0.3)],
    )
    workshop = factories.activity(
        org,
        "Choir workshop",
        days_ahead=5,
        format=Format.COME_AND_SING,
        requirements=[(singing, 2, 0.4)],
    )
    messiah = factories.activity(
        org,
        "Messiah singalong",
        days_ahead=10,
        format=Format.COME_AND_SING,
        requirements=[(singing, 2, 0.8), (listening, 0, 0.9)],
    )
    return come_and_sing, workshop, messiah


def test_anonymous_visitor_is_asked_to_log_in(client, org):
    response = client.get(journey_url(org))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_without_a_goal_the_page_offers_to_choose_one(participant_client, org, singing):
    response = participant_client.get(journey_url(org))
    assert response.status_code == 200
    page = text(response)
    assert "Choose a goal" in page and "Singing in a choir" in page
    assert response.context["page"] is None


def test_steps_to_an_activity_that_asks_to_prepare_first(
    participant_client, org, participant, singing, choir_season
):
    come_and_sing, workshop, messiah = choir_season
    factories.competence(participant, singing, 0)

    response = participant_client.get(journey_url(org, activity=messiah.pk))

    assert response.status_code == 200
    assert step_titles(response) == ["Come and sing: carols", "Choir workshop"]
    page = text(response)
    assert "Getting ready for Messiah singalong" in page
    assert "you need regular level in Singing in a choir" in page
    assert "Singing in a choir: from newcomer to beginner" in page
    assert "Singing in a choir: from beginner to regular" in page
    assert "40 places left" in page
    assert "Then you’re ready for Messiah singalong" in page
    html = response.content.decode()
    steps = html[html.index('<ol class="cards journey"') :]
    assert steps.index(come_and_sing.title) < steps.index(workshop.title)
    assert f'href="{come_and_sing.get_absolute_url()}"' in steps


def test_observed_levels_outrank_self_assessed_ones(
    participant_client, org, participant, singing, choir_season
):
    factories.competence(participant, singing, 0, SELF)
    factories.competence(participant, singing, 1, OBSERVED)
    response = participant_client.get(journey_url(org, activity=choir_season[2].pk))
    assert step_titles(response) == ["Choir workshop"]


def test_a_place_already_held_is_a_step_even_when_the_activity_is_full(
    participant_client, org, participant, singing, choir_season
):
    come_and_sing = choir_season[0]
    services.register(participant, come_and_sing.pk)
    Activity.objects.filter(pk=come_and_sing.pk).update(capacity=1)
    response = participant_client.get(journey_url(org, activity=choir_season[2].pk))
    assert step_titles(response) == ["Come and sing: carols", "Choir workshop"]
    assert "You’re registered" in text(response)


def test_a_level_in_a_practice(participant_client, org, singing, choir_season):
    response = participant_client.get(journey_url(org, practice=singing.pk, level=1))
    assert step_titles(response) == ["Come and sing: carols"]
    assert "Reaching beginner level in Singing in a choir" in text(response)


def test_someone_without_a_profile_yet_starts_as_a_newcomer(
    staff_client, org, singing, choir_season
):
    response = staff_client.get(journey_url(org, activity=choir_season[2].pk))
    assert step_titles(response) == ["Come and sing: carols", "Choir workshop"]


def test_already_there(participant_client, org, participant, singing, choir_season):
    factories.competence(participant, singing, 2)
    response = participant_client.get(journey_url(org, activity=choir_season[2].pk))
    assert response.status_code == 200
    assert "You can already take part in Messiah singalong" in text(response)
    response = participant_client.get(journey_url(org, practice=singing.pk, level=2))
    assert "You’re already at regular level or above in Singing in a choir" in text(response)
    response = participant_client.get(journey_url(org, practice=singing.pk, level=0))
    assert "You’re already at newcomer level or above" in text(response)


def test_no_path_names_the_missing_kind_of_activity(
    participant_client, org, participant, singing, choir_season
):
    factories.competence(participant, singing, 2)
    response = participant_client.get(journey_url(org, practice=singing.pk, level=3))
    page = text(response)
    assert "This season doesn’t offer a way there yet." in page
    assert "You would get stuck at regular level in Singing in a choir." in page
    assert (
        "What’s missing is an activity that welcomes people at regular level in Singing in a "
        "choir and is relaxed about getting it right." in page
    )


def test_no_path_when_the_helpful_activities_come_too_late(
    participant_client, org, singing, listening
):
    messiah = factories.activity(
        org, "Messiah singalong", days_ahead=3, requirements=[(singing, 1, 0.8)]
    )
    factories.activity(org, "Come and sing", days_ahead=6, requirements=[(singing, 0, 0.3)])
    response = participant_client.get(journey_url(org, activity=messiah.pk))
    page = text(response)
    assert (
        "The season has activities that welcome newcomers in Singing in a choir, but none at "
        "a time that fits before" in page
    )


def test_no_path_when_the_helpful_activities_ask_for_another_practice(
    participant_client, org, singing, listening
):
    factories.activity(
        org, "Choral symphony", days_ahead=3, requirements=[(singing, 1, 0.3), (listening, 2, 0.9)]
    )
    response = participant_client.get(journey_url(org, practice=singing.pk, level=1))
    assert (
        "The season has activities that welcome newcomers in Singing in a choir, but they ask "
        "you to prepare first in Listening in silence." in text(response)
    )


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"activity": "abc"}, 400, "That link doesn’t name an activity."),
        ({"activity": "999999"}, 404, "We couldn’t find that activity"),
        ({"practice": "abc", "level": "1"}, 400, "Choose a practice and a level"),
        ({"practice": "999999", "level": "1"}, 400, "Choose one of the practices in the list."),
        ({"level": "2"}, 400, "Choose a practice and a level"),
        ({"practice": "PRACTICE", "level": "7"}, 400, "Choose a level from the list."),
        ({"practice": "PRACTICE", "level": "two"}, 400, "Choose a level from the list."),
    ],
)
def test_bad_parameters_get_a_clear_message(
    participant_client, org, singing, params, status, message
):
    params = {k: (singing.pk if v == "PRACTICE" else v) for k, v in params.items()}
    response = participant_client.get(journey_url(org, **params))
    assert response.status_code == status
    assert message in text(response)


def test_activities_that_are_not_upcoming_or_not_ours_are_not_found(
    participant_client, org, other_org, singing
):
    past = factories.activity(org, "Last week", days_ahead=-7, requirements=[(singing, 2, 0.8)])
    draft = factories.activity(org, "Draft", status=Activity.Status.DRAFT)
    cancelled = factories.activity(org, "Off", status=Activity.Status.CANCELLED)
    theirs = factories.activity(other_org, "Hilltop evensong")
    for activity in (past, draft, cancelled, theirs):
        response = participant_client.get(journey_url(org, activity=activity.pk))
        assert response.status_code == 404
        assert "We couldn’t find that activity" in text(response)
    other_practice = factories.practice(other_org, name="Chanting")
    response = participant_client.get(journey_url(org, practice=other_practice.pk, level=1))
    assert response.status_code == 400


def test_a_fixed_number_of_queries_whatever_the_season(
    participant_client, org, participant, singing, listening
):
    factories.competence(participant, singing, 0)

    def queries_for(days: int) -> int:
        target = factories.activity(
            org, f"Messiah {days}", days_ahead=days + 10, requirements=[(singing, 2, 0.8)]
        )
        for day in range(1, days + 1):
            act = factories.activity(
                org,
                f"Singalong {days}-{day}",
                days_ahead=day,
                requirements=[(singing, 1 + day % 2, 0.3), (listening, 0, 0.9)],
            )
            if day % 5 == 0:
                Registration.objects.create(participant=participant, activity=act)
        cache.clear()  # the season matrix is built again on each visit
        with CaptureQueriesContext(connection) as queries:
            response = participant_client.get(journey_url(org, activity=target.pk))
        assert len(step_titles(response)) == 2
        return len(queries)

    assert queries_for(3) == queries_for(30) == 13


def test_a_practice_added_after_the_season_was_loaded(participant_client, org, choir_season):
    participant_client.get(journey_url(org, activity=choir_season[2].pk))  # season now cached
    playing = factories.practice(org, name="Playing along")
    response = participant_client.get(journey_url(org, practice=playing.pk, level=1))
    assert response.status_code == 200
    assert "What’s missing is an activity that welcomes newcomers in Playing along." in text(
        response
    )


def test_no_path_shows_how_far_the_season_goes(participant_client, org, singing, choir_season):
    response = participant_client.get(journey_url(org, practice=singing.pk, level=3))
    page = text(response)
    assert (
        "It can take you part of the way, but then you would be stuck at regular level in "
        "Singing in a choir." in page
    )
    assert "These activities take you part of the way:" in page
    assert step_titles(response) == ["Come and sing: carols", "Choir workshop"]
