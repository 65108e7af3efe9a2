"""No dead ends: when the season has no way, “How to get there” offers what can be done."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from overture.season.models import Format, Level
from overture.signposting import selectors
from overture.signposting.models import EntryPointWish
from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def journey_url(org, **params) -> str:
    url = reverse("journey", kwargs={"org": org.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def tell_us_url(org) -> str:
    return reverse("journey_tell_us", kwargs={"org": org.slug})


def text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def singing(org):
    return factories.practice(org, name="Singing in a choir", strictness=0.3)


@pytest.fixture
def listening(org):
    return factories.practice(org, name="Listening in silence", strictness=0.9)


@pytest.fixture
def rehearsal(org):
    return factories.practice(org, name="Watching a rehearsal", strictness=0.6)


def strict_choir(org, singing, title: str, days_ahead: float):
    return factories.activity(
        org,
        title,
        days_ahead=days_ahead,
        format=Format.COME_AND_SING,
        requirements=[(singing, 2, 0.8)],
    )


# --- going with a buddy ---------------------------------------------------------------------


def test_a_buddy_is_offered_where_social_learning_lets_a_newcomer_through(
    participant_client, org, participant, singing
):
    factories.competence(participant, singing, 0)
    first = strict_choir(org, singing, "Chamber choir day", 2)
    strict_choir(org, singing, "Chamber choir evening", 5)

    response = participant_client.get(journey_url(org, practice=singing.pk, level=Level.REGULAR))

    page = response.context["page"]
    assert not page.found and page.steps == []
    assert [(s.activity.title, s.with_buddy) for s in page.buddy_steps] == [
        ("Chamber choir day", True),
        ("Chamber choir evening", True),
    ]
    assert page.nearest is None
    words = text(response)
    assert "Go with a buddy" in words
    assert "Singing in a choir: from newcomer to beginner" in words
    assert "Singing in a choir: from beginner to regular" in words
    ask = reverse("buddy_ask", kwargs={"org": org.slug}) + f"?activity={first.pk}"
    assert f'href="{ask}"' in response.content.decode()


def test_no_buddy_is_offered_where_the_activities_ask_no_more_than_the_participant_has(
    participant_client, org, participant, singing
):
    factories.competence(participant, singing, 2)
    strict_choir(org, singing, "Chamber choir day", 2)

    response = participant_client.get(journey_url(org, practice=singing.pk, level=Level.EXPERT))

    page = response.context["page"]
    assert (page.buddy_steps, page.nearest, page.steps) == ([], None, [])
    words = text(response)
    assert "Go with a buddy" not in words and "The nearest step" not in words
    assert "If the season had an activity for regulars in Singing in a choir" in words


def test_a_buddy_is_offered_where_it_takes_them_further_than_alone(
    participant_client, org, participant, singing
):
    factories.competence(participant, singing, 0)
    factories.activity(org, "Carols", days_ahead=1, requirements=[(singing, 1, 0.3)])
    strict_choir(org, singing, "Chamber choir day", 3)

    response = participant_client.get(journey_url(org, practice=singing.pk, level=Level.EXPERT))

    page = response.context["page"]
    assert [s.activity.title for s in page.steps] == ["Carols"]
    assert [(s.activity.title, s.with_buddy) for s in page.buddy_steps] == [
        ("Carols", False),
        ("Chamber choir day", True),
    ]
    assert not page.buddy_all_the_way and page.nearest is None
    assert "with a buddy you can get further than on your own" in text(response)


# --- the nearest step -----------------------------------------------------------------------


def test_the_nearest_step_when_even_a_buddy_cannot_take_them_all_the_way(
    participant_client, org, participant, singing
):
    factories.competence(participant, singing, 0)
    choir = strict_choir(org, singing, "Chamber choir day", 2)

    response = participant_client.get(journey_url(org, practice=singing.pk, level=Level.EXPERT))

    page = response.context["page"]
    assert page.buddy_steps == []
    assert page.nearest.activity == choir
    assert (page.nearest.practice, page.nearest.within_reach, page.nearest.related) == (
        "Singing in a choir",
        False,
        False,
    )
    assert (
        "It builds Singing in a choir (for regulars and experts), but asks you to "
        "prepare first: going with a buddy makes up for that"
    ) in text(response)


def test_the_nearest_step_in_a_related_practice(
    participant_client, org, participant, rehearsal, listening
):
    factories.competence(participant, rehearsal, 0)
    factories.competence(participant, listening, 0)
    factories.activity(
        org,
        "Open rehearsal: Mahler",
        days_ahead=2,
        capacity=1,
        places_taken=1,
        format=Format.OPEN_REHEARSAL,
        requirements=[(rehearsal, 1, 0.6), (listening, 1, 0.6)],
    )
    concert = factories.activity(
        org,
        "Family concert",
        days_ahead=3,
        format=Format.FAMILY_CONCERT,
        requirements=[(listening, 0, 0.3)],
    )

    response = participant_client.get(journey_url(org, practice=rehearsal.pk, level=Level.NOVICE))

    page = response.context["page"]
    assert page.nearest.activity == concert and page.nearest.related
    assert (
        "It involves Listening in silence (newcomers welcome), which goes with what you’re "
        "aiming for in the season’s activities, and you can take part as you are."
    ) in text(response)


# --- telling us you'd come ------------------------------------------------------------------


def test_tell_us_youd_come_is_recorded_once_and_can_be_taken_back(
    participant_client, org, participant, rehearsal
):
    page_url = journey_url(org, practice=rehearsal.pk, level=Level.NOVICE)
    first = participant_client.get(page_url)
    assert "Tell us you’d come" in text(first)
    assert first.context["page"].wish_words == "a newcomer activity in Watching a rehearsal"
    form = {"practice": rehearsal.pk, "level": Level.NEWCOMER, "next": page_url}

    for _ in range(2):
        response = participant_client.post(tell_us_url(org), form, follow=True)
    assert response.redirect_chain[-1][0] == page_url
    assert EntryPointWish.objects.filter(participant=participant).count() == 1
    words = text(response)
    assert (
        "Thank you — we’ve noted that you’d come to a newcomer activity in Watching a rehearsal"
    ) in words
    assert "You told us We’ve noted that you’d come to a newcomer activity" in words
    assert "Take it back" in words

    response = participant_client.post(tell_us_url(org), {**form, "take_back": "on"}, follow=True)
    assert not EntryPointWish.objects.exists()
    assert "Taken back: you’re no longer counted for a newcomer activity in Watching a" in text(
        response
    )
    assert "Tell us you’d come" in text(response)


def test_a_participant_record_is_made_for_someone_telling_us_for_the_first_time(
    client, org, rehearsal
):
    staff = factories.staff(org, username="stella2")
    client.force_login(staff)
    client.post(tell_us_url(org), {"practice": rehearsal.pk, "level": 0})
    wish = EntryPointWish.objects.get()
    assert wish.participant.user == staff and wish.participant.organisation == org


@pytest.mark.parametrize(
    "form",
    [
        {"practice": "999999", "level": "0"},
        {"practice": "", "level": "0"},
        {"level": "7"},
        {"practice": "not a number", "level": "x"},
    ],
)
def test_bad_wishes_are_refused_with_a_message(participant_client, org, rehearsal, form):
    form = {"practice": rehearsal.pk, **form}
    response = participant_client.post(tell_us_url(org), form, follow=True)
    assert response.status_code == 200
    assert "We couldn’t note that" in text(response)
    assert not EntryPointWish.objects.exists()


def test_a_practice_of_another_organisation_is_refused(participant_client, org, other_org):
    theirs = factories.practice(other_org, "Bell ringing")
    response = participant_client.post(
        tell_us_url(org), {"practice": theirs.pk, "level": 0}, follow=True
    )
    assert "We couldn’t note that" in text(response)
    assert not EntryPointWish.objects.exists()


def test_taking_back_touches_only_ones_own_wish(participant_client, org, participant, rehearsal):
    other = factories.participant(org, "Alex", username="alex")
    EntryPointWish.objects.create(participant=other, practice=rehearsal, level=0)
    EntryPointWish.objects.create(participant=participant, practice=rehearsal, level=0)
    participant_client.post(
        tell_us_url(org), {"practice": rehearsal.pk, "level": 0, "take_back": "on"}
    )
    assert not EntryPointWish.objects.filter(participant=participant).exists()
    assert EntryPointWish.objects.filter(participant=other).count() == 1


def test_telling_us_is_a_post_for_people_logged_in(client, participant_client, org, rehearsal):
    assert participant_client.get(tell_us_url(org)).status_code == 405
    client.logout()
    response = client.post(tell_us_url(org), {"practice": rehearsal.pk, "level": 0})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not EntryPointWish.objects.exists()


def test_telling_us_too_often_is_paused(participant_client, org, rehearsal, settings):
    form = {"practice": rehearsal.pk, "level": 0}
    statuses = [participant_client.post(tell_us_url(org), form).status_code for _ in range(31)]
    assert statuses[:30] == [302] * 30 and statuses[30] == 429


# --- what staff see -------------------------------------------------------------------------


def test_staff_see_how_many_people_said_theyd_come_beside_the_missing_entry_point(
    staff_client, org, rehearsal, singing
):
    factories.activity(org, "Open rehearsal", requirements=[(rehearsal, 1, 0.6)])
    factories.activity(org, "Come and sing", requirements=[(singing, 0, 0.3)])
    for name in ("Ann", "Ben"):
        person = factories.participant(org, name, username=name.lower())
        EntryPointWish.objects.create(participant=person, practice=rehearsal, level=0)
    EntryPointWish.objects.create(
        participant=factories.participant(org, "Cy", username="cy"), practice=singing, level=0
    )

    response = staff_client.get(reverse("staff_signposting", kwargs={"org": org.slug}))

    words = text(response)
    assert (
        "Watching a rehearsal: none for newcomers — 2 people said they’d come to a newcomer "
        "activity in Watching a rehearsal"
    ) in words
    # Singing has an entry point for newcomers now: the wish is shown apart.
    assert "People also said they’d come where the season now has an entry point: " in words
    assert "1 person said they’d come to a newcomer activity in Singing in a choir" in words


# --- the links ------------------------------------------------------------------------------


def journey_offers_something(client, org, activity) -> bool:
    page = client.get(journey_url(org, activity=activity.pk)).context["page"]
    return bool(page.found or page.steps or page.buddy_steps or page.nearest)


def test_the_link_is_offered_exactly_where_the_page_has_a_way_or_an_alternative(
    participant_client, org, participant, singing, listening, rehearsal
):
    factories.competence(participant, singing, 0)
    factories.competence(participant, listening, 1)
    asks = [
        # a way: the carols come first
        factories.activity(org, "Messiah", days_ahead=10, requirements=[(singing, 1, 0.8)]),
        # nothing before it builds watching a rehearsal, and nothing pairs with it
        factories.activity(org, "Rehearsal", days_ahead=1.5, requirements=[(rehearsal, 2, 0.9)]),
        # a buddy: the strict chamber choir day comes first
        factories.activity(org, "Choir gala", days_ahead=12, requirements=[(singing, 2, 0.8)]),
    ]
    factories.activity(org, "Carols", days_ahead=1, requirements=[(singing, 0, 0.3)])
    chamber = strict_choir(org, singing, "Chamber choir day", 3)  # the carols come first too

    ways = selectors.ways_there(org, participant, [a.pk for a in asks])

    assert ways == {asks[0].pk, asks[2].pk}
    for activity in asks:
        assert (activity.pk in ways) == journey_offers_something(participant_client, org, activity)
        page = participant_client.get(activity.get_absolute_url()).content.decode()
        assert ("How to get there" in page) == (activity.pk in ways)
    season = participant_client.get(reverse("season", kwargs={"org": org.slug}))
    links = re.findall(r"\?activity=(\d+)\">How to get there", season.content.decode())
    assert sorted(int(pk) for pk in links) == sorted([*ways, chamber.pk])
