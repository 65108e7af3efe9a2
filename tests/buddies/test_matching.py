"""Matching runs propose pairs by the rules; staff lock and change them, then publish."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from overture.audience.models import Competence
from overture.audience.services import register
from overture.buddies import matching, services
from overture.buddies.models import BuddyPair, BuddyRequest, MatchingRun
from tests import factories

from .conftest import make_buddy, make_request


def live_pair(request: BuddyRequest) -> BuddyPair | None:
    return BuddyPair.objects.filter(request=request, status__in=BuddyPair.LIVE).first()


def test_a_run_proposes_a_buddy_who_fits_with_reasons(org, singing, messiah, run_matching):
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah)
    vera = make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah])
    run = run_matching(org, messiah)
    assert (run.status, run.requests, run.matched, run.progress) == ("done", 1, 1, 100)
    pair = live_pair(request)
    assert pair.buddy == vera
    assert pair.status == BuddyPair.Status.PROPOSED and not pair.locked
    assert pair.meeting_activity == messiah
    assert pair.meeting_point == "Foyer, by the cloakroom, 30 minutes before"
    assert "Three levels above you in Singing in a choir" in pair.reasons
    assert "Speaks English" in pair.reasons
    assert pair.level_gap == 3
    assert run.mean_level_gap == 3


def test_a_buddy_who_asks_for_a_buddy_is_matched_at_their_own_level(
    org, singing, silence, messiah, run_matching
):
    vera = make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah])
    bea = make_buddy(org, "Bea Listener", {silence: 3}).participant  # a buddy for listening
    factories.competence(bea, singing, 1)  # and a beginner at singing
    register(bea, messiah.pk)
    request = services.ask_for_buddy(
        bea, activity_id=messiah.pk, practice_ids=[singing.pk], language="en"
    )
    run_matching(org, messiah)
    pair = live_pair(request)
    assert pair.buddy == vera
    assert "Two levels above you in Singing in a choir" in pair.reasons
    assert pair.level_gap == 2


def test_nothing_is_sent_before_publishing(org, singing, messiah, run_matching):
    make_request(org, "Sam", [singing], activity=messiah)
    make_buddy(org, "Vera", {singing: 3}, activities=[messiah])
    run_matching(org, messiah)
    assert mail.outbox == []
    assert not BuddyPair.objects.filter(newcomer_notified_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"language": "pl"}, "No buddy speaks Polish"),
        ({"minor": True}, "No buddy is vetted to accompany under-18s"),
        ({"levels": 3}, None),
        ({"elsewhere": True}, "No buddy goes to this activity"),
    ],
)
def test_hard_rules_leave_a_request_unmatched_with_a_reason(
    org, singing, messiah, mahler, run_matching, change, reason
):
    if "levels" in change:
        # A novice needs a buddy at least a level above; this one was since seen as a novice.
        request = make_request(org, "Sam", [singing], activity=messiah, levels={singing: 1})
        reg = make_buddy(org, "Reg", {singing: 2}, activities=[messiah])
        factories.competence(reg.participant, singing, 1, source=Competence.Source.OBSERVED)
        reason = "No buddy is far enough ahead in Singing in a choir"
    else:
        request = make_request(
            org,
            "Sam",
            [singing],
            activity=messiah,
            language=change.get("language", "en"),
            minor=change.get("minor", False),
        )
        make_buddy(
            org, "Vera", {singing: 3}, activities=[mahler if "elsewhere" in change else messiah]
        )
    run = run_matching(org, messiah)
    assert run.matched == 0
    request.refresh_from_db()
    assert live_pair(request) is None
    assert reason in request.unmatched_reason


def test_minors_go_to_vetted_buddies_and_languages_are_shared(org, singing, messiah, run_matching):
    young = make_request(org, "Kit", [singing], activity=messiah, minor=True)
    polish = make_request(org, "Ola", [singing], activity=messiah, language="pl")
    vetted = make_buddy(org, "Vera", {singing: 3}, activities=[messiah], vetted=True)
    speaks_polish = make_buddy(
        org, "Piotr", {singing: 2}, languages=["en", "pl"], activities=[messiah]
    )
    run_matching(org, messiah)
    assert live_pair(young).buddy == vetted
    assert live_pair(polish).buddy == speaks_polish
    assert "Vetted to accompany under-18s" in live_pair(young).reasons
    assert "Speaks Polish" in live_pair(polish).reasons


def test_a_season_run_matches_every_activity_then_the_season(
    org, singing, silence, messiah, mahler, run_matching
):
    at_messiah = make_request(org, "Sam", [singing], activity=messiah)
    at_mahler = make_request(org, "Kit", [silence], activity=mahler)
    season = make_request(org, "Ola", [singing], places=[mahler])
    both = make_buddy(
        org, "Vera", {singing: 3, silence: 3}, activities=[messiah, mahler], per_season=3
    )
    run = run_matching(org)
    assert (run.status, run.requests, run.matched) == ("done", 3, 3)
    assert {live_pair(r).buddy for r in (at_messiah, at_mahler, season)} == {both}
    assert live_pair(season).meeting_activity == mahler  # the one both attend
    assert "Goes to one of your activities" in live_pair(season).reasons


def test_the_season_limit_holds_across_activities(org, singing, messiah, mahler, run_matching):
    first = make_request(org, "Sam", [singing], activity=messiah)
    second = make_request(org, "Kit", [singing], activity=mahler)
    make_buddy(org, "Vera", {singing: 3}, activities=[messiah, mahler], per_season=1)
    run = run_matching(org)
    assert run.matched == 1
    assert live_pair(first) is not None and live_pair(second) is None
    second.refresh_from_db()
    assert "full" in second.unmatched_reason


def test_running_again_replaces_proposals_but_keeps_locked_pairs(
    org, singing, messiah, run_matching
):
    locked_request = make_request(org, "Sam", [singing], activity=messiah)
    other_request = make_request(org, "Kit", [singing], activity=messiah)
    make_buddy(org, "Vera", {singing: 3}, activities=[messiah])
    make_buddy(org, "Reg", {singing: 2}, activities=[messiah])
    run_matching(org, messiah)
    locked = live_pair(locked_request)
    services.set_locked(org, locked.pk, True)
    other = live_pair(other_request)
    run_matching(org, messiah)
    assert live_pair(locked_request).pk == locked.pk
    again = live_pair(other_request)
    assert again.pk != other.pk and again.buddy_id == other.buddy_id
    other.refresh_from_db()
    assert other.status == BuddyPair.Status.REPLACED


def test_staff_change_a_pair_to_another_eligible_buddy(org, singing, messiah, run_matching):
    request = make_request(org, "Sam", [singing], activity=messiah, minor=True)
    vera = make_buddy(org, "Vera", {singing: 3}, activities=[messiah], vetted=True)
    reg = make_buddy(org, "Reg", {singing: 2}, activities=[messiah], vetted=True)
    make_buddy(org, "Unvetted Una", {singing: 3}, activities=[messiah])
    make_buddy(org, "Elsewhere Eli", {singing: 3}, vetted=True)
    run_matching(org, messiah)
    pair = live_pair(request)
    assert pair.buddy == reg  # one level above is closest
    names = [c.name for c in matching.eligible_buddies(org, pair)]
    assert names == ["Reg", "Vera"]
    changed = matching.change_buddy(org, pair.pk, vera.pk)
    assert changed.pk == pair.pk and changed.buddy == vera and changed.locked
    assert changed.reasons[0] == "Chosen by staff"
    assert changed.level_gap == 3
    una = vera.participant.organisation.participants.get(display_name="Unvetted Una").buddy
    with pytest.raises(services.BuddyRefused):
        matching.change_buddy(org, pair.pk, una.pk)
    run_matching(org, messiah)
    assert live_pair(request).buddy == vera  # a staff choice stays


def test_a_full_buddy_is_not_offered_as_a_change(org, singing, messiah, run_matching):
    first = make_request(org, "Sam", [singing], activity=messiah)
    second = make_request(org, "Kit", [singing], activity=messiah)
    make_buddy(org, "Vera", {singing: 3}, activities=[messiah])
    make_buddy(org, "Reg", {singing: 3}, activities=[messiah])
    run_matching(org, messiah)
    pair = live_pair(first)
    other = live_pair(second)
    services.set_locked(org, other.pk, True)
    names = [c.name for c in matching.eligible_buddies(org, pair)]
    assert names == [pair.buddy.participant.display_name]
    with pytest.raises(services.BuddyRefused):
        matching.change_buddy(org, pair.pk, other.buddy_id)


def test_published_pairs_cannot_be_locked_or_changed(org, singing, messiah, run_matching, publish):
    request = make_request(org, "Sam", [singing], activity=messiah)
    vera = make_buddy(org, "Vera", {singing: 3}, activities=[messiah])
    run_matching(org, messiah)
    publish(org)
    pair = live_pair(request)
    with pytest.raises(services.BuddyRefused):
        services.set_locked(org, pair.pk, True)
    with pytest.raises(services.BuddyRefused):
        matching.change_buddy(org, pair.pk, vera.pk)


def test_only_one_run_at_a_time(org, singing):
    MatchingRun.objects.create(organisation=org, status=MatchingRun.Status.RUNNING)
    with pytest.raises(services.BuddyRefused, match="already running"):
        matching.start_matching(org)


def test_a_run_that_stopped_reporting_does_not_block_the_next(org, singing):
    stuck = MatchingRun.objects.create(organisation=org, status=MatchingRun.Status.RUNNING)
    MatchingRun.objects.filter(pk=stuck.pk).update(
        updated_at=stuck.updated_at - matching.STALE_AFTER * 2
    )
    matching.start_matching(org)
    stuck.refresh_from_db()
    assert stuck.status == MatchingRun.Status.FAILED


def test_a_run_without_requests_finishes_with_nothing(org, run_matching):
    run = run_matching(org)
    assert (run.status, run.requests, run.matched, run.progress) == ("done", 0, 0, 100)


def test_large_runs_work_in_a_thread_and_report_progress(
    transactional_db, org, singing, messiah, mahler
):
    requests = [make_request(org, f"Newcomer {i}", [singing], activity=messiah) for i in range(3)]
    requests.append(make_request(org, "Season Sam", [singing], places=[mahler]))
    make_buddy(
        org, "Vera", {singing: 3}, activities=[messiah, mahler], per_activity=4, per_season=8
    )
    run = matching.start_matching(org, background=True)  # committed: the thread starts now
    for _ in range(200):
        run.refresh_from_db()
        if not run.in_progress:
            break
        time.sleep(0.05)
    assert (run.status, run.progress, run.requests, run.matched) == ("done", 100, 4, 4)
    assert all(live_pair(r) for r in requests)


def test_eligible_buddies_of_a_season_request(org, singing, messiah, mahler, run_matching):
    request = make_request(org, "Sam", [singing], places=[messiah])
    for name, level, attends in [("Ann", 2, [messiah]), ("Bea", 3, [mahler]), ("Cy", 3, [])]:
        make_buddy(org, name, {singing: level}, activities=attends)
    make_buddy(org, "Dee", {singing: 3}, languages=["cy"])
    run_matching(org)
    pair = live_pair(request)
    assert pair.buddy.participant.display_name == "Ann"  # one level up, and at the same concert
    assert pair.meeting_activity == messiah
    candidates = matching.eligible_buddies(org, pair)
    assert sorted(c.name for c in candidates) == ["Ann", "Bea", "Cy"]
    assert candidates[0].name == "Ann"
    changed = matching.change_buddy(
        org, pair.pk, next(c.buddy_id for c in candidates if c.name == "Cy")
    )
    assert changed.meeting_activity is None  # they share no activity
    assert "Goes to none of your activities" in changed.reasons
