"""The demo's buddy programme follows the site's own rules, and matching works on it."""

from __future__ import annotations

from datetime import date

import pytest

from overture.audience.models import Registration
from overture.buddies import selectors
from overture.buddies.models import Buddy, BuddyRequest
from overture.demo import delete_demo, generate

TODAY = date(2025, 3, 1)
SIZE = 200


@pytest.fixture
def season(db):
    # Today, so that the requests are for activities still to come when matching runs.
    return generate(seed=7, participants=SIZE)


def snapshot() -> dict[str, list]:
    return {
        "buddies": sorted(
            Buddy.objects.values_list(
                "participant__user__username", "languages", "per_activity", "per_season", "vetted"
            ),
            key=str,
        ),
        "offers": sorted(
            Buddy.practices.through.objects.values_list(
                "buddy__participant__user__username", "practice__slug"
            )
        ),
        "requests": sorted(
            BuddyRequest.objects.values_list(
                "participant__user__username", "activity__title", "language", "minor"
            ),
            key=str,
        ),
    }


def test_volunteers_and_requests_at_the_demos_scale(season):
    buddies = Buddy.objects.filter(participant__organisation=season.organisation)
    requests = BuddyRequest.objects.filter(participant__organisation=season.organisation)
    assert buddies.count() == requests.count() == round(SIZE * 0.15)
    assert buddies.filter(vetted=True).exists() and buddies.filter(vetted=False).exists()
    assert requests.filter(activity__isnull=True).exists()
    assert requests.filter(activity__isnull=False).exists()
    assert requests.filter(minor=True).exists()
    languages = {code for row in buddies.values_list("languages", flat=True) for code in row}
    assert {"en", "pl", "cy"} <= languages
    assert requests.filter(language__in=["pl", "cy"]).exists()
    assert not buddies.filter(participant__buddy_requests__isnull=False).exists()


def test_volunteers_offer_only_what_they_know_as_regulars_or_experts(season):
    buddies = list(
        Buddy.objects.filter(participant__organisation=season.organisation).prefetch_related(
            "practices"
        )
    )
    assert buddies
    for buddy in buddies:
        offered = list(buddy.practices.all())
        assert offered
        levels = selectors.levels_by_practice(buddy.participant, offered)
        assert min(levels.values()) >= 2, buddy


def test_requests_ask_only_about_what_is_new_and_hold_a_place(season):
    requests = BuddyRequest.objects.filter(
        participant__organisation=season.organisation
    ).prefetch_related("practices")
    assert requests
    for request in requests:
        asked = list(request.practices.all())
        assert asked
        assert max(selectors.levels_by_practice(request.participant, asked).values()) <= 1
    places = set(
        Registration.objects.filter(status=Registration.Status.CONFIRMED).values_list(
            "participant_id", "activity_id"
        )
    )
    at_activities = {(r.participant_id, r.activity_id) for r in requests if r.activity_id}
    assert at_activities and at_activities <= places


def test_volunteers_offer_help_only_where_they_hold_a_place(season):
    places = set(
        Registration.objects.filter(status=Registration.Status.CONFIRMED).values_list(
            "participant_id", "activity_id"
        )
    )
    offered = Buddy.activities.through.objects.filter(
        buddy__participant__organisation=season.organisation
    ).values_list("buddy__participant_id", "activity_id")
    assert offered
    assert set(offered) <= places


def test_same_seed_same_buddies_and_the_demo_deletes_cleanly(db):
    generate(seed=3, participants=SIZE, today=TODAY)
    first = snapshot()
    assert first["buddies"] and first["requests"]
    assert delete_demo()
    assert not Buddy.objects.exists() and not BuddyRequest.objects.exists()
    generate(seed=3, participants=SIZE, today=TODAY)
    assert snapshot() == first


def test_matching_the_demo_season_pairs_most_requests(season, run_matching):
    run = run_matching(season.organisation)
    assert run.status == "done", run.error
    assert run.requests > 0
    # Concerts that draw a wide mix bring newcomers who ask for a buddy there, where few
    # volunteers go: in an audience this small, a good share of them find none.
    assert run.matched / run.requests > 0.4
    summary = selectors.programme_summary(season.organisation)
    assert summary.proposed == run.matched
