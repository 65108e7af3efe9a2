"""Learning journeys: dated steps to a level or an activity, or where the season falls short."""

from __future__ import annotations

from itertools import combinations, pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.engines.signposting import Activities, Fit, assess
from overture.engines.signposting.fit import BLOCKED, practice_flags
from overture.engines.signposting.journeys import (
    ActivityTarget,
    Cause,
    Journey,
    JourneyError,
    NoPath,
    PracticeTarget,
    plan_journey,
)
from overture.engines.signposting.social_learning import level_after_attendance
from overture.signposting.journeys import missing_words

DAY = 86_400
HOUR = 3_600
LISTENING, SINGING, PLAYING = 0, 1, 2
NAMES = ["Listening in silence", "Singing in a choir", "Playing along"]


def season(*activities: dict) -> tuple[Activities, np.ndarray]:
    """Activities from {practice: (required, strictness)}, on the given day (2 hours long)."""
    required = np.full((len(activities), len(NAMES)), -1)
    strictness = np.zeros(required.shape)
    for row, activity in enumerate(activities):
        for practice, (level, strict) in activity["practices"].items():
            required[row, practice], strictness[row, practice] = level, strict
    starts = np.array([a["day"] * DAY for a in activities])
    acts = Activities(
        required=required,
        strictness=strictness,
        scale=[a.get("scale", 0.5) for a in activities],
        starts_at=starts,
        places_left=[a.get("places", 10) for a in activities],
    )
    return acts, starts + 2 * HOUR


def come_and_sing(day: int, **extra) -> dict:
    return {"practices": {SINGING: (1, 0.3)}, "day": day, **extra}


def choir_workshop(day: int, **extra) -> dict:
    return {"practices": {SINGING: (2, 0.4)}, "day": day, **extra}


def messiah(day: int) -> dict:
    return {"practices": {SINGING: (2, 0.8), LISTENING: (0, 0.9)}, "day": day}


def plan(levels, activities, target, now=0, **options):
    acts, ends = season(*activities)
    return plan_journey(levels, acts, target, now=now, ends_at=ends, **options)


def route(result) -> list[tuple[int, list[tuple[int, int, int]]]]:
    steps = result.steps if isinstance(result, Journey) else result.partial
    return [(s.activity, [(g.practice, g.before, g.after) for g in s.gains]) for s in steps]


class TestJourneys:
    def test_a_newcomer_builds_singing_step_by_step_towards_the_messiah(self):
        result = plan(
            [0, 0, 0], [come_and_sing(2), choir_workshop(5), messiah(10)], ActivityTarget(2)
        )
        assert isinstance(result, Journey)
        assert result.needs == ((LISTENING, 0), (SINGING, 2))
        assert route(result) == [(0, [(SINGING, 0, 1)]), (1, [(SINGING, 1, 2)])]
        first, second = result.steps
        assert (first.starts_at, first.ends_at) == (2 * DAY, 2 * DAY + 2 * HOUR)
        assert second.starts_at == 5 * DAY and not second.registered
        assert not result.already_there

    def test_unknown_levels_count_as_newcomer(self):
        activities = [come_and_sing(2), choir_workshop(5), messiah(10)]
        assert route(plan([-1, -1, -1], activities, ActivityTarget(2))) == route(
            plan([0, 0, 0], activities, ActivityTarget(2))
        )

    def test_a_target_level_in_one_practice(self):
        result = plan([0, 1, 0], [come_and_sing(1), choir_workshop(3)], PracticeTarget(SINGING, 2))
        assert route(result) == [(1, [(SINGING, 1, 2)])]

    def test_fewest_steps_win_over_an_earlier_arrival(self):
        both = {"practices": {LISTENING: (0, 0.9), SINGING: (0, 0.9)}, "day": 6}
        listen = {"practices": {LISTENING: (0, 0.9)}, "day": 1}
        sing = {"practices": {SINGING: (0, 0.9)}, "day": 2}
        target = {"practices": {LISTENING: (1, 0.9), SINGING: (1, 0.9)}, "day": 9}
        result = plan([0, 0, 0], [listen, sing, both, target], ActivityTarget(3))
        assert route(result) == [(2, [(LISTENING, 0, 1), (SINGING, 0, 1)])]

    def test_the_earliest_arrival_among_journeys_of_equal_length(self):
        activities = [come_and_sing(6), come_and_sing(3), come_and_sing(4)]
        assert route(plan([0, 0, 0], activities, PracticeTarget(SINGING, 1))) == [
            (1, [(SINGING, 0, 1)])
        ]

    def test_full_activities_are_left_out_unless_the_participant_has_a_place(self):
        activities = [come_and_sing(3, places=0), come_and_sing(6)]
        target = PracticeTarget(SINGING, 1)
        assert route(plan([0, 0, 0], activities, target)) == [(1, [(SINGING, 0, 1)])]
        mine = plan([0, 0, 0], activities, target, registered=[0])
        assert route(mine) == [(0, [(SINGING, 0, 1)])] and mine.steps[0].registered

    def test_activities_that_have_started_are_left_out(self):
        result = plan(
            [0, 0, 0], [come_and_sing(1), come_and_sing(4)], PracticeTarget(SINGING, 1), now=DAY
        )
        assert route(result) == [(1, [(SINGING, 0, 1)])]

    def test_each_step_starts_once_the_previous_one_has_ended(self):
        overlapping = choir_workshop(2) | {"day": 2}
        acts, ends = season(come_and_sing(2), overlapping)
        ends = ends.copy()
        ends[0] = 2 * DAY + HOUR  # the come-and-sing ends an hour after both start
        result = plan_journey([0, 0, 0], acts, PracticeTarget(SINGING, 2), now=0, ends_at=ends)
        assert isinstance(result, NoPath) and result.cause is Cause.NOT_IN_TIME
        # Without end times, a step starts after the previous one started.
        assert isinstance(plan_journey([0, 0, 0], acts, PracticeTarget(SINGING, 2), now=0), NoPath)

    def test_steps_out_of_order_do_not_make_a_journey(self):
        result = plan([0, 0, 0], [choir_workshop(2), come_and_sing(5)], PracticeTarget(SINGING, 2))
        assert isinstance(result, NoPath)
        assert (result.practice, result.level, result.needed) == (SINGING, 1, 2)
        assert result.cause is Cause.NOT_IN_TIME and result.before is None
        assert route(result) == [(1, [(SINGING, 0, 1)])]  # as far as the season goes

    def test_an_activity_target_must_be_prepared_for_before_it_starts(self):
        result = plan(
            [0, 0, 0], [come_and_sing(2), messiah(4), choir_workshop(6)], ActivityTarget(1)
        )
        assert isinstance(result, NoPath)
        assert result.cause is Cause.NOT_IN_TIME and result.before == 4 * DAY
        assert route(result) == [(0, [(SINGING, 0, 1)])]

    def test_already_there(self):
        result = plan([0, 2, 0], [messiah(3)], ActivityTarget(0))
        assert isinstance(result, Journey) and result.already_there and result.steps == ()
        assert plan([0, 3, 0], [], PracticeTarget(SINGING, 2)).already_there
        assert plan([-1, -1, -1], [], PracticeTarget(SINGING, 0)).already_there

    def test_a_missing_kind_of_activity_is_named(self):
        result = plan([0, 2, 0], [come_and_sing(2), choir_workshop(3)], PracticeTarget(SINGING, 3))
        assert isinstance(result, NoPath) and result.cause is Cause.MISSING
        assert (result.practice, result.level, result.needed, result.partial) == (SINGING, 2, 3, ())
        assert missing_words(result, NAMES) == (
            "an activity that welcomes people at regular level in Singing in a choir "
            "and is relaxed about getting it right"
        )
        assert missing_words(result, NAMES, plural=True) == (
            "activities that welcome people at regular level in Singing in a choir "
            "and are relaxed about getting it right"
        )
        newcomer = plan([0, 0, 0], [], PracticeTarget(PLAYING, 1))
        assert (
            missing_words(newcomer, NAMES) == "an activity that welcomes newcomers in Playing along"
        )
        assert missing_words(newcomer, NAMES, plural=True) == (
            "activities that welcome newcomers in Playing along"
        )

    def test_a_strict_step_is_out_of_reach(self):
        strict_workshop = {"practices": {SINGING: (2, 0.7)}, "day": 4}
        result = plan([0, 1, 0], [strict_workshop], PracticeTarget(SINGING, 2))
        assert isinstance(result, NoPath) and result.cause is Cause.MISSING

    def test_steps_must_be_within_reach_in_the_other_practices_too(self):
        with_orchestra = {"practices": {SINGING: (2, 0.3), LISTENING: (2, 0.9)}, "day": 4}
        result = plan([0, 1, 0], [with_orchestra], PracticeTarget(SINGING, 2))
        assert isinstance(result, NoPath)
        assert result.cause is Cause.BLOCKED_ELSEWHERE and result.blocked_by == (LISTENING,)
        assert route(plan([2, 1, 0], [with_orchestra], PracticeTarget(SINGING, 2))) == [
            (0, [(SINGING, 1, 2)])
        ]

    def test_a_different_learning_rule_can_be_given(self):
        def two_levels(level, required, strictness):
            return np.minimum(np.maximum(level, 0) + 2, 3)

        result = plan([0, 0, 0], [come_and_sing(2)], PracticeTarget(SINGING, 2), learn=two_levels)
        assert route(result) == [(0, [(SINGING, 0, 2)])]

    @pytest.mark.parametrize(
        ("levels", "target", "options"),
        [
            ([0, 0], PracticeTarget(SINGING, 1), {}),
            ([0, 0, 0], PracticeTarget(5, 1), {}),
            ([0, 0, 0], PracticeTarget(SINGING, 4), {}),
            ([0, 0, 0], ActivityTarget(9), {}),
            ([0, 0, 0], "Messiah", {}),
            ([0, 0, 0], PracticeTarget(SINGING, 1), {"registered": [7]}),
            ([0, 0, 0], PracticeTarget(SINGING, 1), {"ends_at": [0]}),
        ],
    )
    def test_bad_inputs_are_refused(self, levels, target, options):
        acts, _ = season(come_and_sing(2))
        with pytest.raises(JourneyError):
            plan_journey(levels, acts, target, now=0, **options)


# Properties on random small seasons, checked against an exhaustive search.

# Skewed towards newcomers and relaxed, stepped activities, so that journeys of several steps
# come up often.
REQUIRED = st.sampled_from([-1, -1, 0, 1, 1, 1, 2, 2, 2, 3])
STRICTNESS = st.sampled_from([0.1, 0.2, 0.3, 0.3, 0.6, 0.9])


def _grid(draw, values, rows: int, columns: int) -> np.ndarray:
    row = st.lists(values, min_size=columns, max_size=columns)
    return np.array(draw(st.lists(row, min_size=rows, max_size=rows)))


@st.composite
def instances(draw):
    practices = draw(st.integers(1, 3))
    count = draw(st.integers(2, 9))
    starts = np.array(draw(st.lists(st.integers(1, 40), min_size=count, max_size=count)))
    ends = starts + np.array(draw(st.lists(st.integers(1, 4), min_size=count, max_size=count)))
    places = draw(st.lists(st.sampled_from([0, 3, 3, 3]), min_size=count, max_size=count))
    acts = Activities(
        required=_grid(draw, REQUIRED, count, practices),
        strictness=_grid(draw, STRICTNESS, count, practices),
        scale=np.full(count, 0.5),
        starts_at=starts,
        places_left=places,
    )
    levels = draw(
        st.lists(st.sampled_from([-1, 0, 0, 1, 2]), min_size=practices, max_size=practices)
    )
    registered = draw(st.lists(st.integers(0, count - 1), max_size=2, unique=True))
    if draw(st.booleans()):
        target = ActivityTarget(draw(st.integers(0, count - 1)))
    else:
        level = draw(st.sampled_from([1, 2, 2, 3]))
        target = PracticeTarget(draw(st.integers(0, practices - 1)), level)
    now = draw(st.sampled_from([0, 0, 5]))
    return levels, acts, ends, target, registered, now


@st.composite
def ladders(draw):
    """One practice, relaxed activities at any level, a newcomer who wants to become expert."""
    count = draw(st.integers(3, 9))
    starts = np.array(draw(st.lists(st.integers(1, 40), min_size=count, max_size=count)))
    acts = Activities(
        required=_grid(draw, st.integers(0, 3), count, 1),
        strictness=_grid(draw, st.sampled_from([0.1, 0.3, 0.3, 0.8]), count, 1),
        scale=np.full(count, 0.5),
        starts_at=starts,
        places_left=np.full(count, 5),
    )
    target = PracticeTarget(0, draw(st.integers(2, 3)))
    return [draw(st.sampled_from([-1, 0]))], acts, starts + 2, target, [], 0


def _needs(acts: Activities, start: np.ndarray, target) -> tuple[list[int], int | None]:
    """Practices the target still asks of the participant, and the deadline (read apart)."""
    if isinstance(target, PracticeTarget):
        return ([target.practice] if start[target.practice] < target.level else []), None
    required, strictness = acts.required[target.activity], acts.strictness[target.activity]
    blocked = [
        p
        for p in np.flatnonzero(required >= 0)
        if practice_flags(start[p], required[p], strictness[p]) & BLOCKED
    ]
    return blocked, int(acts.starts_at[target.activity])


def _met(acts, levels, target) -> bool:
    if isinstance(target, PracticeTarget):
        return levels[target.practice] >= target.level
    return assess([levels], acts, [0], [target.activity]).fit[0] != Fit.PREPARE_FIRST


def _within_reach(acts, levels, activity) -> bool:
    return assess([levels], acts, [0], [activity]).fit[0] != Fit.PREPARE_FIRST


def brute_force(levels, acts, ends, target, registered, now):
    """(steps, arrival) of the best journey over every time-ordered set of activities."""
    start = np.maximum(np.array(levels), 0)
    tracked, deadline = _needs(acts, start, target)
    if not tracked:
        return 0, None
    exclude = target.activity if isinstance(target, ActivityTarget) else -1
    pool = [
        a
        for a in range(len(acts))
        if acts.starts_at[a] > now
        and (acts.places_left[a] > 0 or a in registered)
        and a != exclude
        and (deadline is None or ends[a] <= deadline)
    ]
    best = None
    for size in range(1, len(pool) + 1):
        for chosen in combinations(sorted(pool, key=lambda a: (acts.starts_at[a], ends[a])), size):
            if any(acts.starts_at[b] < ends[a] for a, b in pairwise(chosen)):
                continue
            model = start.copy()
            feasible = True
            for a in chosen:
                if not _within_reach(acts, model, a):
                    feasible = False
                    break
                for p in tracked:
                    if acts.required[a, p] >= 0:
                        model[p] = max(
                            model[p],
                            level_after_attendance(
                                model[p], acts.required[a, p], acts.strictness[a, p]
                            ),
                        )
            if feasible and _met(acts, model, target):
                arrival = int(ends[chosen[-1]])
                if best is None or arrival < best[1]:
                    best = (size, arrival)
        if best is not None:
            return best
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(instances(), ladders()))
def test_journeys_are_valid_and_as_short_as_an_exhaustive_search_finds(instance):
    levels, acts, ends, target, registered, now = instance
    result = plan_journey(levels, acts, target, now=now, registered=registered, ends_at=ends)
    again = plan_journey(levels, acts, target, now=now, registered=registered, ends_at=ends)
    assert result == again  # deterministic
    best = brute_force(levels, acts, ends, target, registered, now)
    if best is None:
        assert isinstance(result, NoPath)
        assert result.level < result.needed
        return
    assert isinstance(result, Journey)
    steps = result.steps
    assert len(steps) == best[0]
    if steps:
        assert steps[-1].ends_at == best[1]  # the earliest arrival among the shortest
    # Replayed with every practice learning (not only the target's), in the real order.
    reality = np.maximum(np.array(levels), 0)
    previous_end = now
    for step in steps:
        assert step.starts_at > now and step.starts_at >= previous_end
        assert step.starts_at < step.ends_at
        assert acts.places_left[step.activity] > 0 or step.activity in registered
        assert step.registered == (step.activity in registered)
        assert _within_reach(acts, reality, step.activity)
        for gain in step.gains:
            assert gain.after == gain.before + 1 == reality[gain.practice] + 1
        involved = acts.required[step.activity] >= 0
        reality = np.where(
            involved,
            level_after_attendance(
                reality, np.maximum(acts.required[step.activity], 0), acts.strictness[step.activity]
            ),
            reality,
        )
        previous_end = step.ends_at
    assert _met(acts, reality, target)
    if isinstance(target, ActivityTarget) and steps:
        assert steps[-1].ends_at <= acts.starts_at[target.activity]
    for earlier, later in pairwise(steps):
        assert later.starts_at > earlier.starts_at
