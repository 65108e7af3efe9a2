"""Split suggestion: a relaxed and a traditional session, parties kept whole."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from overture.engines.mix.conflict import RELAXED, TRADITIONAL, group_conflict, zoned_conflict
from overture.engines.mix.splits import SplitError, comfort, suggest_split

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sessions_conflict(levels, strictness, preference, split) -> float:
    """The split's conflict as the conflict module computes it for two zones."""
    zone_of = np.zeros(len(preference), dtype=np.int64)
    zone_of[split.traditional] = 1
    return zoned_conflict(
        levels, strictness, preference, zone_of, [split.relaxed_norms, 1.0]
    ).overall


# --- exact cases ----------------------------------------------------------------------------


def test_newcomers_and_experts_go_to_separate_sessions():
    levels = [[0], [3], [0], [3], [0], [3]]
    split = suggest_split(levels, [1.0], [-1] * 6, min_session=2)
    assert split.relaxed.tolist() == [0, 2, 4]
    assert split.traditional.tolist() == [1, 3, 5]
    # Together: mean difference 1.5 on a practice kept at 1, dispersion 1, weighed 0.6.
    assert (split.conflict_before, split.conflict_after, split.reduction) == (0.6, 0.0, 0.6)


def test_a_party_stays_together_at_a_cost():
    # Newcomer 2 comes with expert friend 3: they sit in the relaxed session, where the
    # friend's level sets off dispersion at norms 0.3 (mean difference 18/16, × 0.3 / 1.5 =
    # 0.225, weighed 0.6).
    levels = [[0], [0], [0], [3], [3], [3]]
    party = [-1, -1, 7, 7, -1, -1]
    split = suggest_split(levels, [1.0], [-1] * 6, party=party, min_session=2)
    assert split.relaxed.tolist() == [0, 1, 2, 3]
    assert split.relaxed_conflict == pytest.approx(0.6 * 0.225)
    assert split.traditional_conflict == 0.0
    assert split.conflict_after == pytest.approx(4 * 0.135 / 6)
    assert split.reduction == pytest.approx(0.6 - 0.09)


def test_stated_preferences_decide_the_session():
    # Same level everywhere: only the stated preferences clash (half and half: clash 1) and
    # miss the norms kept, 0.6 (misfit (0.6 + 0.4) / 2): 0.2 × 1 + 0.2 × 0.5 = 0.3 together,
    # whatever the strictness, so the threshold is set below it.
    preference = [RELAXED, TRADITIONAL, RELAXED, TRADITIONAL]
    split = suggest_split([[2]] * 4, [0.6], preference, min_session=1, min_conflict=0.25)
    assert split.conflict_before == pytest.approx(0.3)
    assert split.relaxed.tolist() == [0, 2]
    assert split.traditional.tolist() == [1, 3]
    # Misfit is left: relaxed at norms 0.3 × 0.6, traditional at 0.6.
    assert split.relaxed_conflict == pytest.approx(0.2 * 0.18)
    assert split.traditional_conflict == pytest.approx(0.2 * 0.4)
    assert split.conflict_after == pytest.approx(0.058)
    assert split.reduction == pytest.approx(0.3 - 0.058)


def test_comfort_orders_by_preference_then_strict_levels():
    values = comfort([[3, 0], [0, 3], [2, 2], [1, 1]], [0.9, 0.1], [-1, -1, RELAXED, TRADITIONAL])
    assert values.tolist() == pytest.approx([0.9, 0.1, 0.0, 1.0])
    # Nobody minds anything: a plain mean level.
    assert comfort([[3, 0]], [0.0, 0.0], [-1]).tolist() == [0.5]


# --- when there is nothing to suggest -------------------------------------------------------


def test_no_split_when_the_risk_is_low():
    levels = [[2]] * 10 + [[3]] * 2
    assert group_conflict(levels, [0.5], [-1] * 12).total < 0.3
    assert suggest_split(levels, [0.5], [-1] * 12, min_session=3) is None


def test_no_split_for_too_few_registrants():
    levels = [[0], [3], [0], [3], [0]]
    assert suggest_split(levels, [1.0], [-1] * 5, min_session=3) is None
    assert suggest_split(levels, [1.0], [-1] * 5, min_session=2) is not None


def test_no_split_when_one_party_fills_the_room():
    levels = [[0], [3], [0], [3]]
    assert suggest_split(levels, [1.0], [-1] * 4, party=[1, 1, 1, 1], min_session=1) is None


def test_no_split_when_no_cut_lowers_the_conflict():
    # Everyone wants it quiet at an activity that keeps no strict norms: misfit 1 for each,
    # whichever session they are in.
    preference = [TRADITIONAL] * 6
    assert suggest_split([[1]] * 6, [0.0], preference, min_session=1, min_conflict=0.5) is None


def test_nobody_registered():
    assert suggest_split(np.zeros((0, 2)), [0.5, 0.5], [], min_session=1) is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_session": 0}, "min_session"),
        ({"min_session": 2.5}, "min_session"),
        ({"min_session": 2, "min_conflict": 1.5}, "min_conflict"),
        ({"min_session": 2, "relaxed_norms": -0.1}, "relaxed_norms"),
        ({"min_session": 2, "party": [1, 2]}, "party"),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(SplitError, match=message):
        suggest_split([[0], [3], [0]], [1.0], [-1, -1, -1], **options)


# --- properties -----------------------------------------------------------------------------


@st.composite
def audiences(draw, max_size=40):
    practices = draw(st.integers(1, 3))
    size = draw(st.integers(2, max_size))
    levels = np.array(
        draw(st.lists(st.integers(-1, 3), min_size=size * practices, max_size=size * practices))
    ).reshape(size, practices)
    strictness = np.array(draw(st.lists(st.floats(0, 1), min_size=practices, max_size=practices)))
    preference = np.array(draw(st.lists(st.integers(-1, 1), min_size=size, max_size=size)))
    party = np.array(draw(st.lists(st.integers(-1, size // 3), min_size=size, max_size=size)))
    min_session = draw(st.integers(1, max(1, size // 2)))
    return levels, strictness, preference, party, min_session


@FAST
@given(audiences(), st.floats(0, 1))
def test_a_suggested_split_keeps_its_promises(audience, relaxed_norms):
    levels, strictness, preference, party, min_session = audience
    split = suggest_split(
        levels,
        strictness,
        preference,
        party=party,
        min_session=min_session,
        min_conflict=0.0,
        relaxed_norms=relaxed_norms,
    )
    assume(split is not None)  # the promises are about a split that is suggested
    everyone = np.concatenate([split.relaxed, split.traditional])
    assert sorted(everyone.tolist()) == list(range(len(preference)))
    assert min(split.relaxed.size, split.traditional.size) >= min_session
    for session in (split.relaxed, split.traditional):
        outside = np.setdiff1d(np.arange(len(preference)), session)
        shared = np.intersect1d(party[session], party[outside])
        assert not np.any(shared >= 0), "a party was split across sessions"
    assert split.conflict_before == pytest.approx(
        group_conflict(levels, strictness, preference).total
    )
    assert split.conflict_after == pytest.approx(
        sessions_conflict(levels, strictness, preference, split)
    )
    assert split.reduction == split.conflict_before - split.conflict_after
    assert split.reduction > 0


@FAST
@given(audiences(max_size=25))
def test_the_best_cut_along_the_comfort_order(audience):
    """Without parties, the split is the best threshold on comfort, by brute force."""
    levels, strictness, preference, _, min_session = audience
    split = suggest_split(levels, strictness, preference, min_session=min_session, min_conflict=0)
    order = np.lexsort((np.arange(len(preference)), comfort(levels, strictness, preference)))
    best = np.inf
    for cut in range(min_session, len(preference) - min_session + 1):
        zone_of = np.ones(len(preference), dtype=np.int64)
        zone_of[order[:cut]] = 0
        overall = zoned_conflict(levels, strictness, preference, zone_of, [0.3, 1.0]).overall
        best = min(best, overall)
    before = group_conflict(levels, strictness, preference).total
    if split is None:
        assert best >= before - 1e-9
    else:
        assert split.conflict_after == pytest.approx(best)
        first = comfort(levels, strictness, preference)
        assert first[split.relaxed].max() <= first[split.traditional].min()


@FAST
@given(audiences(), st.floats(0, 1))
def test_nothing_below_the_risk_threshold(audience, min_conflict):
    levels, strictness, preference, party, min_session = audience
    before = group_conflict(levels, strictness, preference).total
    split = suggest_split(
        levels,
        strictness,
        preference,
        party=party,
        min_session=min_session,
        min_conflict=min_conflict,
    )
    if before < min_conflict:
        assert split is None


def test_twenty_thousand_registrants_in_under_half_a_second():
    rng = np.random.default_rng(2024)
    size, practices = 20_000, 5
    levels = rng.integers(-1, 4, size=(size, practices))
    strictness = rng.random(practices)
    preference = rng.integers(-1, 2, size=size)
    party = np.where(rng.random(size) < 0.4, rng.integers(0, 5_000, size=size), -1)
    started = time.process_time()  # CPU time: other work on the machine does not count
    split = suggest_split(levels, strictness, preference, party=party, min_session=100)
    elapsed = time.process_time() - started
    assert split is not None and split.reduction > 0
    assert elapsed < 0.5
