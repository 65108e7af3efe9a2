"""When the season has no way: a journey with a buddy, and the nearest step towards the goal."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from overture.engines.signposting import Activities
from overture.engines.signposting.alternatives import NearestStep, nearest_step
from overture.engines.signposting.journeys import (
    ActivityTarget,
    Journey,
    NoPath,
    PracticeTarget,
    plan_journey,
)

from .test_journeys import DAY, LISTENING, PLAYING, SINGING, season


def strict_choir(day: int) -> dict:
    return {"practices": {SINGING: (2, 0.8)}, "day": day}


def test_a_buddy_takes_a_newcomer_through_activities_that_ask_to_prepare_first():
    acts, ends = season(strict_choir(1), strict_choir(3))
    alone = plan_journey([0, 0, 0], acts, PracticeTarget(SINGING, 2), now=0, ends_at=ends)
    assert isinstance(alone, NoPath)

    buddy = plan_journey(
        [0, 0, 0], acts, PracticeTarget(SINGING, 2), now=0, ends_at=ends, with_buddy=True
    )

    assert isinstance(buddy, Journey)
    assert [(s.activity, s.with_buddy) for s in buddy.steps] == [(0, True), (1, True)]
    assert [(g.before, g.after) for s in buddy.steps for g in s.gains] == [(0, 1), (1, 2)]


def test_a_buddy_step_within_reach_alone_is_not_marked_as_needing_one():
    acts, ends = season({"practices": {SINGING: (1, 0.3)}, "day": 1}, strict_choir(3))
    buddy = plan_journey(
        [0, 0, 0], acts, PracticeTarget(SINGING, 2), now=0, ends_at=ends, with_buddy=True
    )
    assert [(s.activity, s.with_buddy) for s in buddy.steps] == [(0, False), (1, True)]


def test_no_buddy_helps_beyond_what_the_activities_ask():
    # Social learning never raises a level above what the activity asks.
    acts, ends = season(strict_choir(1), strict_choir(3))
    buddy = plan_journey(
        [0, 2, 0], acts, PracticeTarget(SINGING, 3), now=0, ends_at=ends, with_buddy=True
    )
    assert isinstance(buddy, NoPath)
    assert nearest_step([0, 2, 0], acts, PracticeTarget(SINGING, 3), now=0) is None


def test_the_nearest_step_asks_the_lowest_level_then_is_within_reach_then_soonest():
    acts, _ = season(
        {"practices": {SINGING: (3, 0.9)}, "day": 1},
        {"practices": {SINGING: (2, 0.8)}, "day": 2},  # asks to prepare first
        {"practices": {SINGING: (2, 0.3)}, "day": 4},  # within reach for a novice
        {"practices": {SINGING: (2, 0.3)}, "day": 3, "places": 0},  # full
    )
    step = nearest_step([0, 1, 0], acts, PracticeTarget(SINGING, 3), now=0)
    assert step == NearestStep(2, SINGING, 2, within_reach=True, related=False)


def test_the_nearest_step_for_an_activity_ends_before_it_starts():
    acts, ends = season(
        {"practices": {SINGING: (2, 0.8)}, "day": 5},  # the goal
        {"practices": {SINGING: (1, 0.3)}, "day": 6},  # too late
    )
    target = ActivityTarget(0)
    assert nearest_step([0, 0, 0], acts, target, now=0, ends_at=ends) is None
    acts, ends = season(
        {"practices": {SINGING: (2, 0.8)}, "day": 5},
        {"practices": {SINGING: (1, 0.3)}, "day": 2},
    )
    step = nearest_step([0, 0, 0], acts, target, now=0, ends_at=ends)
    assert (step.activity, step.practice, step.related) == (1, SINGING, False)


def test_without_a_step_the_nearest_is_in_a_practice_the_season_pairs_with_the_goal():
    acts, _ = season(
        {"practices": {SINGING: (2, 0.8), LISTENING: (1, 0.8)}, "day": 1, "places": 0},
        {"practices": {PLAYING: (0, 0.2)}, "day": 2},  # never paired with singing
        {"practices": {LISTENING: (0, 0.2)}, "day": 3},
        {"practices": {LISTENING: (2, 0.9)}, "day": 4},  # not within reach
    )
    step = nearest_step([0, 0, 0], acts, PracticeTarget(SINGING, 2), now=0)
    assert step == NearestStep(2, LISTENING, 0, within_reach=True, related=True)


def test_nothing_is_offered_once_the_goal_is_met():
    acts, _ = season(strict_choir(1))
    assert nearest_step([0, 3, 0], acts, PracticeTarget(SINGING, 2), now=0) is None


LEVELS = st.lists(st.integers(-1, 3), min_size=3, max_size=3)
ROW = st.tuples(
    st.lists(st.integers(-1, 3), min_size=3, max_size=3),
    st.lists(st.sampled_from([0.1, 0.4, 0.6, 0.9]), min_size=3, max_size=3),
    st.integers(1, 9),
)


@settings(max_examples=150, deadline=None)
@given(levels=LEVELS, rows=st.lists(ROW, min_size=1, max_size=6), practice=st.integers(0, 2))
def test_a_journey_alone_or_with_a_buddy_always_begins_with_a_step_towards_the_goal(
    levels, rows, practice
):
    acts = Activities(
        required=[r[0] for r in rows],
        strictness=[r[1] for r in rows],
        scale=[0.5] * len(rows),
        starts_at=[r[2] * DAY for r in rows],
        places_left=[5] * len(rows),
    )
    target = PracticeTarget(practice, 3)
    step = nearest_step(levels, acts, target, now=0)
    for buddy in (False, True):
        result = plan_journey(levels, acts, target, now=0, with_buddy=buddy)
        steps = result.steps if isinstance(result, Journey) else result.partial
        if steps:
            assert step is not None and not step.related
    if step is not None and not step.related:  # and a buddy can take that step at least
        buddy = plan_journey(levels, acts, target, now=0, with_buddy=True)
        assert buddy.steps if isinstance(buddy, Journey) else buddy.partial
