"""The four indices of an activity: exact values and the way each moves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.engines.mix.indices import (
    Indices,
    IndicesError,
    activity_indices,
    conflict_risk,
    key_practice,
    key_practice_shares,
    newcomer_mask,
    participation_access,
    role_rigidity,
    signposting_clarity,
)
from overture.engines.signposting import Fit

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

requirements = st.integers(1, 5).flatmap(
    lambda practices: st.tuples(
        st.lists(st.integers(0, 3), min_size=practices, max_size=practices),
        st.lists(st.floats(0, 1), min_size=practices, max_size=practices),
    )
)


# --- role rigidity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("required", "strictness", "expected"),
    [
        ([], [], 0.0),
        ([0, 0], [1.0, 1.0], 0.0),  # no level asked: nothing to be shut out of
        ([3, 3], [0.0, 0.0], 0.0),  # nobody minds: nobody is shut out
        ([3], [1.0], 1.0),
        ([3, 0], [0.5, 1.0], 0.5),
        ([2, 1], [0.6, 0.3], 1 - (1 - 0.4) * (1 - 0.1)),
        ([-1, 3], [0.9, 0.5], 0.5),  # a practice not involved asks nothing
    ],
)
def test_role_rigidity_by_hand(required, strictness, expected):
    assert role_rigidity(required, strictness) == pytest.approx(expected)


@FAST
@given(requirements, st.data())
def test_more_strictness_means_more_rigidity(requirement, data):
    required, strictness = requirement
    practice = data.draw(st.integers(0, len(required) - 1))
    stricter = list(strictness)
    stricter[practice] = data.draw(st.floats(strictness[practice], 1))
    before = role_rigidity(required, strictness)
    after = role_rigidity(required, stricter)
    assert 0 <= before <= after + 1e-12 <= 1 + 1e-12


@FAST
@given(requirements, st.data())
def test_higher_required_levels_mean_more_rigidity(requirement, data):
    required, strictness = requirement
    practice = data.draw(st.integers(0, len(required) - 1))
    higher = list(required)
    higher[practice] = data.draw(st.integers(required[practice], 3))
    assert role_rigidity(higher, strictness) >= role_rigidity(required, strictness) - 1e-12


@FAST
@given(requirements, st.integers(0, 3), st.floats(0, 1))
def test_another_practice_never_lowers_rigidity(requirement, level, strictness):
    required, strict = requirement
    before = role_rigidity(required, strict)
    assert role_rigidity([*required, level], [*strict, strictness]) >= before - 1e-12


# --- the key practice and its newcomers ----------------------------------------------------


@pytest.mark.parametrize(
    ("required", "strictness", "expected"),
    [
        ([], [], -1),
        ([1], [0.0], 0),
        ([1, 3, 2], [0.5, 0.8, 0.4], 1),  # the strictest
        ([1, 3, 2], [0.8, 0.8, 0.4], 1),  # tie: the higher required level
        ([2, 2, 2], [0.3, 0.8, 0.8], 1),  # tie on both: the first
    ],
)
def test_key_practice(required, strictness, expected):
    assert key_practice(required, strictness) == expected


def test_newcomers_leave_out_levels_not_known_yet():
    levels = [[0, 3], [-1, 3], [1, 0], [3, -1]]
    assert newcomer_mask(levels, 0).tolist() == [True, False, False, False]
    assert newcomer_mask(levels, 1).tolist() == [False, False, True, False]
    assert newcomer_mask(levels, -1).tolist() == [False] * 4
    assert newcomer_mask(np.zeros((0, 2)), 0).tolist() == []


def test_key_practice_shares():
    shares = key_practice_shares([[0, 3], [-1, 3], [1, 0], [3, -1]], 0)
    assert shares == {
        "newcomers": 1,
        "level_unknown": 1,
        "newcomer_share": 0.25,
        "novice_share": 0.5,
        "expert_share": 0.25,
    }
    empty = {
        "newcomers": 0,
        "level_unknown": 0,
        "newcomer_share": 0.0,
        "novice_share": 0.0,
        "expert_share": 0.0,
    }
    assert key_practice_shares([[0]], -1) == empty
    assert key_practice_shares(np.zeros((0, 1)), 0) == empty


def test_a_key_practice_that_is_not_there_is_refused():
    with pytest.raises(IndicesError, match="key practice 2"):
        newcomer_mask([[0, 1]], 2)


# --- participation access -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places", "newcomers", "expected"),
    [(0, 0, 1.0), (5, 0, 1.0), (0, 4, 0.0), (3, 4, 0.75), (4, 4, 1.0), (12, 4, 1.0)],
)
def test_participation_access_by_hand(places, newcomers, expected):
    assert participation_access(places, newcomers) == expected


@FAST
@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100))
def test_more_buddies_mean_more_access(places, more, newcomers):
    before = participation_access(places, newcomers)
    after = participation_access(places + more, newcomers)
    assert 0 <= before <= after <= 1
    assert participation_access(places, newcomers + more) <= before


def test_negative_counts_are_refused():
    with pytest.raises(IndicesError):
        participation_access(-1, 3)


# --- signposting clarity --------------------------------------------------------------------


def test_clarity_counts_right_for_you_and_good_first_step():
    fits = [Fit.RIGHT_FOR_YOU, Fit.GOOD_FIRST_STEP, Fit.STRETCH, Fit.PREPARE_FIRST]
    assert signposting_clarity(fits) == 0.5
    assert signposting_clarity(np.array([3, 3, 2], dtype=np.int8)) == 1.0
    assert signposting_clarity([]) is None
    with pytest.raises(IndicesError):
        signposting_clarity([4])


@FAST
@given(st.lists(st.sampled_from(list(Fit)), max_size=30), st.sampled_from(list(Fit)))
def test_a_clear_fit_never_lowers_clarity(fits, fit):
    before = signposting_clarity(fits)
    after = signposting_clarity([*fits, fit])
    assert 0 <= after <= 1
    if before is not None and fit in (Fit.RIGHT_FOR_YOU, Fit.GOOD_FIRST_STEP):
        assert after >= before
    if before is not None and fit in (Fit.STRETCH, Fit.PREPARE_FIRST):
        assert after <= before


# --- heterogeneity conflict and all four together -------------------------------------------


def test_conflict_risk_is_the_group_conflict_at_full_norms():
    result = conflict_risk([[0, 1], [-1, 0], [3, 2], [2, 2]], [0.9, 0.2], [-1, 0, 1, 1])
    assert result.total == pytest.approx(0.519097, abs=1e-6)


@FAST
@given(requirements, st.data())
def test_more_dispersion_means_more_conflict_risk(requirement, data):
    _, strictness = requirement
    practices = len(strictness)
    size = data.draw(st.integers(2, 20))
    levels = np.array(
        data.draw(
            st.lists(
                st.lists(st.integers(0, 2), min_size=practices, max_size=practices),
                min_size=size,
                max_size=size,
            )
        )
    )
    preference = [-1] * size
    practice = data.draw(st.integers(0, practices - 1))
    wider = levels.copy()
    wider[np.argmax(levels[:, practice]), practice] = 3  # the most experienced, further up
    before = conflict_risk(levels, strictness, preference).total
    assert conflict_risk(wider, strictness, preference).total >= before - 1e-12


def test_activity_indices_worked_example():
    mix = activity_indices(
        required=[3, 1],
        strictness=[0.9, 0.2],
        levels=[[0, 1], [0, 0], [3, 2], [2, 2]],
        preference=[-1, 0, 1, 1],
        buddy_places=1,
        fits=[3, 2, 0, 3],
    )
    assert mix.rigidity == pytest.approx(1 - 0.1 * (1 - 0.2 / 3))
    assert mix.conflict == pytest.approx(0.519097, abs=1e-6)
    assert (mix.access, mix.clarity) == (0.5, 0.75)


def test_an_activity_nobody_has_registered_for():
    mix = activity_indices([2], [0.7], np.zeros((0, 1)), [], buddy_places=0, fits=[])
    assert mix == Indices(
        rigidity=pytest.approx(0.7 * 2 / 3), conflict=0.0, access=1.0, clarity=None
    )


def test_an_activity_without_practices():
    mix = activity_indices([], [], [[], []], [-1, -1], buddy_places=0, fits=[3, 3])
    assert mix == Indices(rigidity=0.0, conflict=0.0, access=1.0, clarity=1.0)


@pytest.mark.parametrize(
    ("required", "strictness", "levels", "preference", "message"),
    [
        ([1, 2], [0.5], [[0]], [-1], "one value per practice"),
        ([4], [0.5], [[0]], [-1], "required levels"),
        ([1], [1.5], [[0]], [-1], "strictness"),
        ([1], [0.5], [[0], [1]], [-1], "one row per registrant"),
        ([1], [0.5], [[5]], [-1], "levels"),
    ],
)
def test_bad_inputs_are_refused(required, strictness, levels, preference, message):
    with pytest.raises(IndicesError, match=message):
        activity_indices(required, strictness, levels, preference, 0, [])
