"""“For you”: recommendations with fit badges and reasons, for newcomers and old hands."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from overture.audience.models import Competence, Participant, Registration
from overture.engines.signposting import Fit
from overture.season.models import Activity, Format
from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def demo_practice(org, name: str, slug: str, strictness: float = 0.5):
    """A practice with the demo's slug, so that its friendly reason texts apply."""
    practice = factories.practice(org, name, strictness=strictness)
    practice.slug = slug
    practice.save()
    return practice


@pytest.fixture
def practices(org):
    return {
        "silence": demo_practice(org, "Listening in silence", "listening-in-silence", 0.9),
        "applause": demo_practice(org, "Applauding at the right moment", "applauding", 0.7),
        "singing": demo_practice(org, "Singing in a choir", "singing-in-a-choir"),
        "relaxed": demo_practice(
            org, "Moving and making noise", "relaxed-performance", strictness=0.1
        ),
    }


@pytest.fixture
def season(org, practices):
    p = practices
    return {
        "mahler": factories.activity(
            org,
            "Mahler 5",
            format=Format.SYMPHONY_CONCERT,
            days_ahead=1,
            requirements=[(p["silence"], 2, 0.9), (p["applause"], 1, 0.7)],
        ),
        "chorus": factories.activity(
            org,
            "Chorus workshop: Messiah",
            format=Format.COME_AND_SING,
            days_ahead=2,
            requirements=[(p["singing"], 1, 0.5)],
        ),
        "relaxed": factories.activity(
            org,
            "Relaxed Sunday concert",
            format=Format.RELAXED_PERFORMANCE,
            days_ahead=3,
            requirements=[(p["relaxed"], 0, 0.1), (p["silence"], 0, 0.05)],
        ),
        "family": factories.activity(
            org,
            "Family concert: the Firebird",
            format=Format.FAMILY_CONCERT,
            days_ahead=4,
            requirements=[(p["applause"], 0, 0.2), (p["relaxed"], 0, 0.3)],
        ),
    }


def for_you_url(org) -> str:
    return reverse("for_you", kwargs={"org": org.slug})


def suggestions(response) -> list[tuple[str, Fit]]:
    return [(s.activity.title, s.fit.fit) for s in response.context["suggestions"]]


def test_for_you_asks_to_log_in(client, org):
    response = client.get(for_you_url(org))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_newcomer_sees_ideal_first_visits_first_and_nothing_to_prepare_for(
    participant_client, org, season
):
    response = participant_client.get(for_you_url(org))

    assert response.status_code == 200
    listed = suggestions(response)
    assert [title for title, _ in listed] == [
        "Relaxed Sunday concert",
        "Family concert: the Firebird",
    ]
    assert {fit for _, fit in listed} == {Fit.GOOD_FIRST_STEP}
    page = response.content.decode()
    assert page.count("For you: Good first step") == 2
    # The organisation's "Newcomers welcome" would only repeat the fit, so it is left out.
    assert "Newcomers welcome" not in page
    assert "Prepare first" not in page
    # No self-assessment yet: judged as a newcomer, and invited to say more.
    assert "We don’t know your experience yet" in page
    assert "Move, make noise, come and go as you like" in page  # the demo's friendly reason


def test_an_experienced_choral_singer_finds_the_chorus_workshop_right_for_them(
    participant_client, org, participant, season, practices
):
    factories.competence(participant, practices["singing"], 3)
    Participant.objects.filter(pk=participant.pk).update(assessed_at=timezone.now())

    response = participant_client.get(for_you_url(org))

    listed = dict(suggestions(response))
    assert listed["Chorus workshop: Messiah"] == Fit.RIGHT_FOR_YOU
    chorus = next(s for s in response.context["suggestions"] if s.activity == season["chorus"])
    assert [(r.practice, r.text) for r in chorus.fit.reasons] == [
        (
            "Singing in a choir",
            "You’ve sung in a choir before: you’ll pick up your part in the day’s rehearsal",
        )
    ]
    page = response.content.decode()
    assert "Right for you" in page
    assert "pick up your part in the day’s rehearsal" in page
    assert "We don’t know your experience yet" not in page


def test_a_regular_listener_reads_the_friendly_reason_for_the_symphony(
    participant_client, org, participant, season, practices
):
    factories.competence(participant, practices["silence"], 2)
    factories.competence(participant, practices["applause"], 2, source=Competence.Source.OBSERVED)
    response = participant_client.get(for_you_url(org))
    mahler = next(s for s in response.context["suggestions"] if s.activity == season["mahler"])
    assert mahler.fit.fit is Fit.RIGHT_FOR_YOU
    texts = [r.text for r in mahler.fit.reasons]
    assert "You’ll listen in silence for about 40 minutes — you’ve done this before" in texts
    assert "You know when to clap: at the end of each whole work" in texts


def test_prepare_first_shows_only_when_nothing_else_is_open(
    participant_client, org, participant, practices
):
    factories.activity(
        org,
        "Mahler 5",
        requirements=[(practices["silence"], 2, 0.9)],
        format=Format.SYMPHONY_CONCERT,
    )
    response = participant_client.get(for_you_url(org))
    assert suggestions(response) == [("Mahler 5", Fit.PREPARE_FIRST)]
    page = response.content.decode()
    assert "The hall listens in complete silence here" in page
    assert "How to get there" not in page  # nothing in the season leads there

    # A place they hold already at a concert that builds listening in silence is a step.
    club = factories.activity(
        org, "Listening club", days_ahead=2, requirements=[(practices["silence"], 1, 0.3)]
    )
    Registration.objects.create(participant=participant, activity=club)
    cache.clear()
    response = participant_client.get(for_you_url(org))
    assert suggestions(response) == [("Mahler 5", Fit.PREPARE_FIRST)]
    assert "How to get there" in response.content.decode()


def test_without_a_participant_record_everything_is_judged_as_for_a_newcomer(client, org, season):
    staff = factories.staff(org, username="stella")
    client.force_login(staff)
    response = client.get(for_you_url(org))
    assert response.status_code == 200
    assert [fit for _, fit in suggestions(response)] == [Fit.GOOD_FIRST_STEP] * 2
    assert response.context["invite_assessment"]
    assert not Participant.objects.filter(user=staff).exists()  # nothing written


def test_registered_full_started_and_draft_activities_are_left_out(
    participant_client, org, participant, season, practices
):
    Registration.objects.create(participant=participant, activity=season["relaxed"])
    sold_out = factories.activity(org, "Sold out", capacity=1, format=Format.FAMILY_CONCERT)
    Activity.objects.filter(pk=sold_out.pk).update(places_taken=1)
    factories.activity(org, "Under way", days_ahead=-0.01, requirements=[])
    factories.activity(org, "Draft", status=Activity.Status.DRAFT, requirements=[])
    titles = [title for title, _ in suggestions(participant_client.get(for_you_url(org)))]
    assert titles == ["Family concert: the Firebird"]


def test_an_empty_season_has_a_friendly_empty_state(participant_client, org):
    response = participant_client.get(for_you_url(org))
    assert response.context["suggestions"] == []
    assert "Nothing coming up fits just now" in response.content.decode()


def test_the_nav_links_to_for_you_for_logged_in_people_only(client, participant_client, org):
    link = f'href="{for_you_url(org)}"'
    assert (
        link in participant_client.get(reverse("season", kwargs={"org": org.slug})).content.decode()
    )
    client.logout()
    assert link not in client.get(reverse("season", kwargs={"org": org.slug})).content.decode()


def test_for_you_runs_a_fixed_number_of_queries(participant_client, org, participant, practices):
    for i in range(30):
        factories.activity(
            org,
            f"Concert {i}",
            days_ahead=1 + i,
            requirements=[(practices["silence"], i % 3, 0.5), (practices["applause"], 0, 0.2)],
        )
    factories.competence(participant, practices["silence"], 1)
    url = for_you_url(org)
    with CaptureQueriesContext(connection) as cold:
        participant_client.get(url)
    with CaptureQueriesContext(connection) as warm:
        response = participant_client.get(url)
    assert len(response.context["suggestions"]) == 10
    # Session, user, organisation, participant, levels, registrations, the ten activities and
    # their requirements, staff role, and whether an unfinished self-assessment was begun;
    # building the season matrix adds three when cold.
    assert len(warm) == 10
    assert len(cold) == len(warm) + 3


def test_suggestions_come_best_fit_first_then_soonest_and_can_be_sorted_by_date(
    participant_client, org, participant, practices
):
    p = practices
    factories.competence(participant, p["singing"], 3)
    Participant.objects.filter(pk=participant.pk).update(assessed_at=timezone.now())
    factories.activity(org, "Late choir day", days_ahead=9, requirements=[(p["singing"], 1, 0.5)])
    factories.activity(org, "Early choir day", days_ahead=5, requirements=[(p["singing"], 1, 0.5)])
    factories.activity(
        org,
        "Soon: a relaxed concert",
        format=Format.RELAXED_PERFORMANCE,
        days_ahead=1,
        requirements=[(p["relaxed"], 0, 0.1)],
    )

    by_fit = participant_client.get(for_you_url(org))
    listed = suggestions(by_fit)
    fits = [fit for _, fit in listed]
    assert len(set(fits)) > 1, listed
    assert fits == sorted(fits, reverse=True)
    titles = [title for title, _ in listed]
    assert titles.index("Early choir day") < titles.index("Late choir day")
    page = by_fit.content.decode()
    assert "Best fit first, and the soonest first among equal fits." in page
    assert f'href="{for_you_url(org)}?order=date"' in page

    by_date = participant_client.get(for_you_url(org), {"order": "date"})
    dated = [s.activity.starts_at for s in by_date.context["suggestions"]]
    assert dated == sorted(dated)
    assert "Soonest first." in by_date.content.decode()
    assert participant_client.get(for_you_url(org), {"order": "x\x00"}).status_code == 200
