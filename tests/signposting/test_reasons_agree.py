"""Reasons that never contradict each other: a relaxed room is never told to keep silent."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from overture.engines.signposting import Activities, Explainer
from overture.season.models import Format
from overture.season.rooms import RELAXING_PRACTICES
from overture.signposting.practice_reasons import REASON_TEMPLATES
from overture.signposting.texts import ReasonTexts, reason_texts
from tests import factories

# What only a careful room may say, and what only a relaxed room may say.
CAREFUL_CLAIMS = (
    "complete silence",
    "stays quiet",
    "listen in silence for",
    "the hall notices",
    "at the end of each whole work",
    "follow the people around you",
)
RELAXED_CLAIMS = ("nobody minds", "nobody will ask you to be quiet", "whenever you feel like")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def practice(org, name: str, slug: str):
    made = factories.practice(org, name)
    made.slug = slug
    made.save()
    return made


@pytest.fixture
def silence(org):
    return practice(org, "Listening in silence", "listening-in-silence")


@pytest.fixture
def moving(org):
    return practice(org, "Moving and making noise", "relaxed-performance")


def reasons_on_page(client, activity) -> dict[str, str]:
    url = reverse("activity", kwargs={"org": activity.organisation.slug, "pk": activity.pk})
    fit = client.get(url).context["fit"]
    return {reason.practice: reason.text for reason in fit.reasons}


def test_a_regular_listener_at_a_relaxed_concert_is_not_told_to_keep_silent(
    participant_client, org, participant, silence, moving
):
    factories.competence(participant, silence, 2)
    relaxed = factories.activity(
        org,
        "Relaxed concert: Swan Lake",
        format=Format.RELAXED_PERFORMANCE,
        requirements=[(moving, 0, 0.1), (silence, 0, 0.05)],
    )

    assert reasons_on_page(participant_client, relaxed) == {
        "Moving and making noise": "Move, make noise, come and go as you like — nobody will "
        "ask you to be quiet",
        "Listening in silence": "You’ve done this before — and here nobody minds a rustle or "
        "a whisper",
    }


def test_the_same_listener_at_a_symphony_hears_the_room_keeps_silence(
    participant_client, org, participant, silence
):
    factories.competence(participant, silence, 2)
    symphony = factories.activity(org, "Mahler 5", requirements=[(silence, 2, 0.9)])
    assert reasons_on_page(participant_client, symphony) == {
        "Listening in silence": "You’ll listen in silence for about 40 minutes — you’ve done "
        "this before"
    }


def test_a_strict_requirement_in_an_activity_marked_relaxed_is_worded_for_a_relaxed_room(
    participant_client, org, participant, silence
):
    factories.competence(participant, silence, 3)
    marked = factories.activity(
        org, "Sunday tea concert", relaxed=True, requirements=[(silence, 1, 0.9)]
    )
    assert reasons_on_page(participant_client, marked) == {
        "Listening in silence": "You’ve done this before — and here nobody minds a rustle or "
        "a whisper"
    }


def test_for_you_words_the_relaxed_concert_for_a_relaxed_room(
    participant_client, org, participant, silence, moving
):
    factories.competence(participant, silence, 2)
    factories.activity(
        org,
        "Relaxed concert: Swan Lake",
        format=Format.RELAXED_PERFORMANCE,
        requirements=[(moving, 0, 0.1), (silence, 0, 0.05)],
    )
    response = participant_client.get(reverse("for_you", kwargs={"org": org.slug}))
    (suggestion,) = response.context["suggestions"]
    texts = [reason.text for reason in suggestion.fit.reasons]
    assert "You’ve done this before — and here nobody minds a rustle or a whisper" in texts
    assert not any(claim in text for text in texts for claim in CAREFUL_CLAIMS)


def test_a_newcomer_at_an_open_rehearsal_is_told_the_room_stays_quiet_not_that_nobody_minds(
    participant_client, org, participant, silence
):
    rehearsal_practice = practice(org, "Watching a rehearsal", "watching-a-rehearsal")
    factories.competence(participant, silence, 0)
    factories.competence(participant, rehearsal_practice, 0)
    rehearsal = factories.activity(
        org,
        "Open rehearsal: The Planets",
        format=Format.OPEN_REHEARSAL,
        requirements=[(rehearsal_practice, 0, 0.6), (silence, 0, 0.6)],
    )
    assert reasons_on_page(participant_client, rehearsal) == {
        "Watching a rehearsal": "No experience needed: stay quiet while the orchestra plays "
        "and the conductor talks, and slip out between sections if you need to",
        "Listening in silence": "No concert experience needed, but the room stays quiet while "
        "the music plays: read how it’s done before you come",
    }


SITUATION_CASES = [
    # (level, required, strictness): every situation, in a relaxed and a careful room
    (-1, 2, 0.9),
    (-1, 0, 0.2),
    (-1, 0, 0.8),
    (0, 2, 0.9),
    (0, 2, 0.2),
    (0, 1, 0.3),
    (1, 2, 0.3),
    (0, 0, 0.8),
    (0, 0, 0.2),
    (2, 1, 0.9),
    (2, 1, 0.2),
]


@pytest.mark.parametrize("slug", sorted(REASON_TEMPLATES))
def test_no_demo_reason_claims_the_other_room(slug):
    texts = reason_texts(["Practice"], [slug], {})
    for level, required, strictness in SITUATION_CASES:
        acts = Activities(
            required=[[required], [required]],
            strictness=[[strictness], [strictness]],
            scale=[0.5, 0.5],
            starts_at=[1, 2],
            places_left=[5, 5],
        )
        explainer = Explainer(acts, relaxed=[True, False])
        relaxed = texts.text(explainer.explain([[level]], 0, 0).reasons[0])
        assert not any(claim in relaxed.lower() for claim in CAREFUL_CLAIMS), relaxed
        # An activity involving a relaxing practice is relaxed throughout: never careful.
        if strictness >= 0.5 and slug not in RELAXING_PRACTICES:
            careful = texts.text(explainer.explain([[level]], 0, 1).reasons[0])
            assert not any(claim in careful.lower() for claim in RELAXED_CLAIMS), careful


def test_a_room_text_falls_back_to_the_plain_text_never_to_the_other_room():
    texts = ReasonTexts(
        ["Listening"],
        templates={0: {"done_before@careful": "Silence, please", "prepare": "Plain"}},
    )
    assert texts.template(0, "done_before", "careful") == "Silence, please"
    assert texts.template(0, "done_before", "relaxed") == "{practice}: you've done this before"
    assert texts.template(0, "prepare", "careful") == "Plain"
