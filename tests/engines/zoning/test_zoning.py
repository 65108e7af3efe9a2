"""Zoning: capacities and parties always kept, seats and chosen zones as promised, conflict
lowered — checked on exact small cases and random activities."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overture.engines.mix.conflict import group_conflict, zoned_conflict
from overture.engines.zoning import (
    ZoningError,
    ZoningProblem,
    greedy_zoning,
    zone,
)
from overture.mix.wording import unseated_words

NEWCOMER, EXPERT = 0, 3


def words(result) -> list[str]:
    """Why each unseated registrant has no zone, as pages say it."""
    return [unseated_words(r.code, r.params) for r in result.unseated_reason]


RELAXED, TRADITIONAL, NONE = 0, 1, -1


# --- Exact small cases --------------------------------------------------------------------


def test_two_newcomers_and_two_experts_sit_apart():
    problem = ZoningProblem(
        levels=[[NEWCOMER], [EXPERT], [EXPERT], [NEWCOMER]],
        strictness=[0.9],
        preference=[NONE] * 4,
        zone_capacity=[2, 2],
        zone_norms=[1.0, 1.0],
    )
    result = zone(problem)
    assert result.zone_of[0] == result.zone_of[3] != result.zone_of[1] == result.zone_of[2]
    assert result.conflict_after == 0.0 < result.conflict_before


def test_newcomers_go_to_the_relaxed_zone_and_experts_to_the_traditional_one():
    problem = ZoningProblem(
        levels=[[NEWCOMER], [EXPERT], [NEWCOMER], [EXPERT]],
        strictness=[1.0],
        preference=[RELAXED, TRADITIONAL, RELAXED, TRADITIONAL],
        zone_capacity=[2, 2],
        zone_norms=[1.0, 0.2],
    )
    assert zone(problem).zone_of.tolist() == [1, 0, 1, 0]


def test_a_relaxed_party_of_three_lands_together_in_the_relaxed_zone():
    problem = ZoningProblem(
        levels=[[EXPERT], [EXPERT], [NEWCOMER], [NEWCOMER], [NEWCOMER], [EXPERT]],
        strictness=[0.8],
        preference=[TRADITIONAL, TRADITIONAL, RELAXED, RELAXED, RELAXED, NONE],
        zone_capacity=[3, 3, 3],
        zone_norms=[1.0, 0.1, 1.0],
        party=[-1, -1, 7, 7, 7, -1],
    )
    result = zone(problem)
    assert result.zone_of[2:5].tolist() == [1, 1, 1]
    assert result.parties == 1
    assert result.seated == 6


def test_a_party_too_large_for_any_zone_is_left_out_whole_with_the_reason():
    problem = ZoningProblem(
        levels=[[1]] * 7,
        strictness=[0.5],
        preference=[NONE] * 7,
        zone_capacity=[4, 4],
        zone_norms=[1.0, 0.3],
        party=[-1, 3, 3, 3, 3, 3, -1],
    )
    result = zone(problem)
    assert result.unseated.tolist() == [1, 2, 3, 4, 5]
    assert words(result) == ["no room for the whole party of 5 together"] * 5
    assert result.seated == 2


def test_when_seats_run_out_the_latest_bookings_stay_out():
    # The last two are the most alike with the others, but booked last.
    problem = ZoningProblem(
        levels=[[EXPERT], [NEWCOMER], [EXPERT], [NEWCOMER], [NEWCOMER], [NEWCOMER]],
        strictness=[1.0],
        preference=[NONE] * 6,
        zone_capacity=[2, 2],
        zone_norms=[1.0, 1.0],
    )
    result = zone(problem)
    assert result.unseated.tolist() == [4, 5]
    assert words(result) == ["all 4 seats in the zones are taken"] * 2


def test_without_zones_nobody_is_seated_and_the_reason_says_so():
    problem = ZoningProblem(
        levels=[[1], [2]],
        strictness=[1.0],
        preference=[NONE, NONE],
        zone_capacity=[],
        zone_norms=[],
    )
    for result in (zone(problem), greedy_zoning(problem)):
        assert result.seated == 0
        assert words(result) == ["no zone has any seats"] * 2
        assert result.conflict_after == 0.0


def test_a_chosen_zone_is_honoured_even_against_conflict():
    # The expert asks for the newcomers' zone; there is room, so they get it.
    problem = ZoningProblem(
        levels=[[NEWCOMER], [NEWCOMER], [EXPERT], [EXPERT]],
        strictness=[1.0],
        preference=[NONE] * 4,
        zone_capacity=[3, 3],
        zone_norms=[1.0, 1.0],
        preferred_zone=[0, 0, 0, -1],
    )
    result = zone(problem)
    assert result.zone_of[:3].tolist() == [0, 0, 0]
    assert result.zone_of[3] == 1
    assert (result.preferences_stated, result.preferences_honoured) == (3, 3)


def test_norms_preferences_count_as_honoured_in_a_zone_of_those_norms():
    # One relaxed seat for two relaxed registrants. It goes to the relaxed newcomer (0.213);
    # the relaxed expert shares the traditional zone with the other expert, at their level
    # (the traditional expert in the relaxed seat: 0.587). Two of three honoured.
    problem = ZoningProblem(
        levels=[[0], [3], [3]],
        strictness=[1.0],
        preference=[RELAXED, TRADITIONAL, RELAXED],
        zone_capacity=[1, 2],
        zone_norms=[0.2, 1.0],
    )
    result = zone(problem)
    assert result.zone_of.tolist() == [0, 1, 1]
    assert (result.preferences_stated, result.preferences_honoured) == (3, 2)


def test_the_greedy_baseline_seats_in_booking_order_and_can_strand_a_party():
    problem = ZoningProblem(
        levels=[[0], [3], [0], [3], [1], [1], [1]],
        strictness=[1.0],
        preference=[RELAXED, TRADITIONAL, RELAXED, TRADITIONAL, RELAXED, RELAXED, RELAXED],
        zone_capacity=[4, 3],
        zone_norms=[0.2, 1.0],
        party=[-1, -1, -1, -1, 5, 5, 5],
    )
    greedy = greedy_zoning(problem)
    assert greedy.unseated.tolist() == [4, 5, 6]
    assert zone(problem).seated == 7


@pytest.mark.parametrize(
    "change, message",
    [
        ({"levels": [[4]]}, "levels"),
        ({"strictness": [1.5]}, "strictness"),
        ({"preference": [2]}, "preference"),
        ({"zone_capacity": [-1]}, "capacities"),
        ({"zone_norms": [1.2]}, "norms"),
        ({"zone_norms": [1.0, 1.0]}, "one value per zone"),
        ({"preferred_zone": [1]}, "preferred_zone"),
        ({"party": [-2]}, "party"),
        ({"party": [1, 2]}, "one value per registrant"),
        ({"levels": [[1, 2]]}, "levels"),
    ],
)
def test_bad_inputs_are_refused_with_the_rule_broken(change, message):
    inputs = {
        "levels": [[1]],
        "strictness": [1.0],
        "preference": [NONE],
        "zone_capacity": [1],
        "zone_norms": [1.0],
    }
    with pytest.raises(ZoningError, match=message):
        ZoningProblem(**{**inputs, **change})


# --- Random activities --------------------------------------------------------------------


@st.composite
def problems(draw, *, parties=True, chosen_zones=True, norms=None, seats=None):
    people = draw(st.integers(0, 14))
    practices = draw(st.integers(0, 3))
    zones = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    capacity = rng.integers(0, 7, size=zones) if seats is None else seats(rng, people, zones)
    party = np.full(people, -1)
    if parties and people:
        party = np.where(rng.random(people) < 0.5, rng.integers(0, 4, size=people), -1)
    preferred = np.full(people, -1)
    if chosen_zones and people:
        preferred = np.where(rng.random(people) < 0.4, rng.integers(0, zones, size=people), -1)
    return ZoningProblem(
        levels=rng.integers(-1, 4, size=(people, practices)),
        strictness=rng.choice([0.0, 0.3, 0.7, 1.0], size=practices),
        preference=rng.integers(-1, 2, size=people),
        zone_capacity=capacity,
        zone_norms=(
            rng.choice([0.0, 0.2, 0.5, 1.0], size=zones) if norms is None else [norms] * zones
        ),
        preferred_zone=preferred,
        party=party,
    )


def measured(problem):
    """Levels and strictness as the conflict measure reads them: it needs a practice, and
    one of strictness 0 adds nothing."""
    if problem.strictness.size:
        return problem.levels, problem.strictness
    return np.zeros((problem.people, 1), dtype=np.int64), np.zeros(1)


def solvers():
    return st.sampled_from([zone, greedy_zoning])


@settings(max_examples=80, deadline=None)
@given(problems(), solvers())
def test_never_over_capacity_and_never_a_party_split(problem, solver):
    result = solver(problem)
    seated = result.zone_of >= 0
    load = np.bincount(result.zone_of[seated], minlength=problem.zones)
    assert (load <= problem.zone_capacity).all()
    for party in np.unique(problem.party[problem.party >= 0]):
        assert np.unique(result.zone_of[problem.party == party]).size == 1


@settings(max_examples=80, deadline=None)
@given(problems(), solvers())
def test_the_result_adds_up(problem, solver):
    result = solver(problem)
    assert result.seated + result.unseated.size == problem.people
    assert result.unseated.tolist() == np.flatnonzero(result.zone_of < 0).tolist()
    assert len(result.unseated_reason) == result.unseated.size
    levels, strictness = measured(problem)
    expected = zoned_conflict(
        levels, strictness, problem.preference, result.zone_of, problem.zone_norms
    )
    assert result.conflict_after == pytest.approx(expected.overall)
    assert result.conflict_before == pytest.approx(
        group_conflict(levels, strictness, problem.preference).total
    )
    assert 0 <= result.preferences_honoured <= result.preferences_stated


@settings(max_examples=80, deadline=None)
@given(problems(), solvers())
def test_nobody_left_out_would_fit_in_the_seats_left(problem, solver):
    """What is guaranteed with parties: no unseated party (or registrant alone) fits whole
    into any zone's free seats. Packing parties exactly can be impossible even when the
    seats add up, so seats for all are promised only with a zone's worth of slack: with
    Σ capacity ≥ registrants + zones × (largest party − 1), everyone is seated."""
    result = solver(problem)
    load = np.bincount(result.zone_of[result.zone_of >= 0], minlength=problem.zones)
    free = problem.zone_capacity - load
    sizes = {}
    for i in result.unseated.tolist():
        key = problem.party[i] if problem.party[i] >= 0 else -1 - i
        sizes[key] = sizes.get(key, 0) + 1
    for size in sizes.values():
        assert (free < size).all()
    largest = max([1, *np.unique(problem.party[problem.party >= 0], return_counts=True)[1]])
    if problem.zone_capacity.sum() >= problem.people + problem.zones * (largest - 1):
        assert result.seated == problem.people


@settings(max_examples=80, deadline=None)
@given(problems(parties=False))
def test_alone_the_first_bookings_take_every_seat(problem):
    result = zone(problem)
    seats = int(problem.zone_capacity.sum())
    assert result.seated == min(problem.people, seats)
    assert result.unseated.tolist() == list(range(min(problem.people, seats), problem.people))


def enough_for_every_choice(rng, people, zones):
    return rng.integers(people, people + 3, size=zones)


@settings(max_examples=80, deadline=None)
@given(problems(seats=enough_for_every_choice))
def test_chosen_zones_are_honoured_when_capacity_allows(problem):
    # Room for everyone in every zone; a party's members may still disagree on a zone.
    result = zone(problem)
    chose = problem.preferred_zone >= 0
    agree = np.ones(problem.people, dtype=bool)
    for party in np.unique(problem.party[problem.party >= 0]):
        members = problem.party == party
        agree[members] = np.unique(problem.preferred_zone[members & chose]).size <= 1
    honoured = result.zone_of == problem.preferred_zone
    assert honoured[chose & agree].all()


def quality(problem, result):
    chose = problem.preferred_zone >= 0
    honoured = int((result.zone_of[chose] == problem.preferred_zone[chose]).sum())
    return result.seated, honoured, -round(result.conflict_after, 9)


@settings(max_examples=80, deadline=None)
@given(problems())
def test_never_worse_than_the_greedy_baseline(problem):
    """Seats as many, then honours as many asked-for zones, then no more conflict."""
    assert quality(problem, zone(problem)) >= quality(problem, greedy_zoning(problem))


def one_zone_for_everyone(rng, people, zones):
    capacity = rng.integers(0, 7, size=zones)
    capacity[rng.integers(zones)] = people + int(rng.integers(0, 3))
    return capacity


@settings(max_examples=100, deadline=None)
@given(problems(chosen_zones=False, norms=1.0, seats=one_zone_for_everyone))
def test_zoning_at_the_activity_norms_never_adds_conflict(problem):
    """Guaranteed when some zone could hold everyone: the zoning is never worse than seating
    them all there, which at the activity's norms is one room."""
    result = zone(problem)
    levels, strictness = measured(problem)
    one_room = group_conflict(levels, strictness, problem.preference).total
    assert result.seated == problem.people
    assert result.conflict_after <= one_room + 1e-9


def test_a_party_can_force_more_conflict_than_one_room():
    # Not a theorem without a zone for everyone: a party of a relaxed and a traditional
    # registrant must take the zone of two, and clash there in full.
    problem = ZoningProblem(
        levels=[[1], [1], [1]],
        strictness=[1.0],
        preference=[RELAXED, TRADITIONAL, NONE],
        zone_capacity=[2, 1],
        zone_norms=[1.0, 1.0],
        party=[4, 4, -1],
    )
    result = zone(problem)
    assert result.zone_of.tolist() == [0, 0, 1]
    assert result.conflict_after > result.conflict_before


def test_over_three_practices_every_seating_can_score_above_one_room():
    # Each of three is expert on a different practice, the fourth new to all: 0.45 together,
    # 0.6 in any two zones of two (each zone holds a newcomer and an expert somewhere).
    problem = ZoningProblem(
        levels=[[0, 0, 0], [0, 0, 3], [0, 3, 0], [3, 0, 0]],
        strictness=[1.0, 1.0, 1.0],
        preference=[NONE] * 4,
        zone_capacity=[2, 2],
        zone_norms=[1.0, 1.0],
    )
    result = zone(problem)
    assert result.seated == 4
    assert result.conflict_before == pytest.approx(0.45)
    assert result.conflict_after == pytest.approx(0.6)


@settings(max_examples=50, deadline=None)
@given(problems())
def test_the_same_inputs_give_the_same_zoning(problem):
    assert zone(problem).zone_of.tolist() == zone(problem).zone_of.tolist()
