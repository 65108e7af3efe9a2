"""The heterogeneity conflict measure: hand-computed cases and the way it moves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.engines.mix.conflict import (
    NO_PREFERENCE,
    RELAXED,
    TRADITIONAL,
    ConflictError,
    group_conflict,
    practice_dispersion,
    zoned_conflict,
)

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- exact small cases, computed by hand --------------------------------------------------


def test_a_newcomer_and_an_expert_at_half_strictness():
    # Ordered pairs (self included): |0−3| twice over 4 pairs → mean difference 1.5.
    result = group_conflict([[0], [3]], [0.5], [-1, -1])
    assert result.dispersion == pytest.approx(0.5)
    assert (result.clash, result.misfit) == (0.0, 0.0)
    assert result.total == pytest.approx(0.6 * 0.5)


def test_three_levels_on_one_strict_practice():
    # Distinct pairs differ by 1, 3 and 2: 12 over 9 ordered pairs = 4/3, over 1.5 = 8/9.
    result = group_conflict([[0], [1], [3]], [1.0], [-1, -1, -1])
    assert result.dispersion == pytest.approx(8 / 9)


def test_practices_combine_by_the_geometric_mean_of_their_chances():
    # Practice 0: mean difference 1.5 at strictness 0.5 → chance 0.5. Practice 1: levels 0
    # and 1, mean difference 0.5, at strictness 0.9 → 0.3. Together 1 − √(0.5 × 0.7) = 0.4084:
    # between the mean chance (0.4) and the largest (0.5).
    result = group_conflict([[0, 0], [3, 1]], [0.5, 0.9], [-1, -1])
    assert result.dispersion == pytest.approx(1 - np.sqrt(0.5 * 0.7))
    assert 0.4 < result.dispersion < 0.5


def test_a_practice_nobody_minds_dilutes_the_dispersion():
    # The same two practices and a third kept at strictness 0: 1 − (0.5 × 0.7 × 1)^(1/3).
    two = group_conflict([[0, 0], [3, 1]], [0.5, 0.9], [-1, -1]).dispersion
    three = group_conflict([[0, 0, 0], [3, 1, 2]], [0.5, 0.9, 0.0], [-1, -1]).dispersion
    assert three == pytest.approx(1 - (0.5 * 0.7) ** (1 / 3))
    assert three < two


def test_one_practice_certain_to_disturb_makes_the_dispersion_certain():
    # Newcomer and expert on a practice kept at 1 (chance 1), alike on the other (chance 0).
    result = group_conflict([[0, 2], [3, 2]], [1.0, 1.0], [-1, -1])
    assert result.dispersion == pytest.approx(1.0)
    assert result.total == pytest.approx(0.6)


def test_clash_and_misfit_of_stated_preferences():
    # Two relaxed, one traditional, one without preference, all at the same level.
    # Clash 4 × 1/2 × 1/4. Misfit against kept norms 0.8: (0.8 + 0.8 + 0.2 + 0) / 4.
    preference = [RELAXED, RELAXED, TRADITIONAL, NO_PREFERENCE]
    result = group_conflict([[2]] * 4, [0.8], preference)
    assert result.dispersion == 0.0
    assert result.clash == pytest.approx(0.5)
    assert result.misfit == pytest.approx(0.45)
    assert result.total == pytest.approx(0.2 * 0.5 + 0.2 * 0.45)


def test_the_worked_example_of_the_indices_page():
    # docs/engines/audience_mix.md works this one through term by term.
    levels = [[0, 1], [-1, 0], [3, 2], [2, 2]]
    result = group_conflict(levels, [0.9, 0.2], [-1, 0, 1, 1])
    assert result.dispersion == pytest.approx(1 - np.sqrt((1 - 0.825) * (1 - 0.2 * 0.875 / 1.5)))
    assert result.clash == pytest.approx(0.5)
    assert result.misfit == pytest.approx(0.275)
    assert result.total == pytest.approx(0.519097, abs=1e-6)


def test_relaxed_norms_scale_dispersion_and_shift_misfit():
    result = group_conflict([[0], [3]], [1.0], [RELAXED, NO_PREFERENCE], norms=0.5)
    assert result.dispersion == pytest.approx(0.5)
    assert result.misfit == pytest.approx(0.5 / 2)  # |0 − 0.5| for one of two people


def test_unknown_level_counts_as_newcomer():
    assert group_conflict([[-1], [0]], [1.0], [-1, -1]).total == 0.0
    assert group_conflict([[-1], [3]], [1.0], [-1, -1]) == group_conflict(
        [[0], [3]], [1.0], [-1, -1]
    )


def test_zones_take_the_size_weighted_mean():
    levels = [[0], [3], [0], [0]]
    result = zoned_conflict(levels, [1.0], [-1] * 4, zone_of=[0, 0, 1, 1], zone_norms=[1, 1])
    assert result.size.tolist() == [2, 2]
    assert result.total.tolist() == pytest.approx([0.6, 0.0])  # dispersion 1, weighed 0.6
    assert result.overall == pytest.approx(0.3)


def test_unseated_people_and_empty_zones_count_for_nothing():
    levels = [[0], [0], [3], [1]]
    preference = [RELAXED, RELAXED, TRADITIONAL, TRADITIONAL]
    result = zoned_conflict(levels, [1.0], preference, zone_of=[0, 0, -1, -1], zone_norms=[1, 1])
    assert result.size.tolist() == [2, 0]
    assert result.total.tolist() == pytest.approx([0.2, 0.0])  # relaxed at full norms: misfit 1
    assert result.overall == pytest.approx(0.2)
    nobody = zoned_conflict(levels, [1.0], preference, zone_of=[-1] * 4, zone_norms=[1])
    assert nobody.overall == 0.0


@pytest.mark.parametrize(
    ("levels", "strictness", "preference", "message"),
    [
        ([[4]], [1.0], [-1], "levels"),
        ([[0]], [1.5], [-1], "strictness"),
        ([[0]], [1.0], [2], "preference"),
        ([[0], [1]], [1.0], [-1], "one row per person"),
        ([[0, 1]], [], [-1, 0], "one column per practice"),
    ],
)
def test_bad_inputs_are_refused(levels, strictness, preference, message):
    with pytest.raises(ConflictError, match=message):
        group_conflict(levels, strictness, preference)


def test_zones_are_checked():
    with pytest.raises(ConflictError, match="below 1"):
        zoned_conflict([[0]], [1.0], [-1], zone_of=[1], zone_norms=[1.0])
    with pytest.raises(ConflictError, match="norms"):
        zoned_conflict([[0]], [1.0], [-1], zone_of=[0], zone_norms=[1.2])


# --- properties -----------------------------------------------------------------------------


@st.composite
def groups(draw, min_size=1, max_size=30, preferences=(NO_PREFERENCE, RELAXED, TRADITIONAL)):
    practices = draw(st.integers(1, 4))
    size = draw(st.integers(min_size, max_size))
    levels = draw(
        st.lists(
            st.lists(st.integers(-1, 3), min_size=practices, max_size=practices),
            min_size=size,
            max_size=size,
        )
    )
    strictness = draw(st.lists(st.floats(0, 1), min_size=practices, max_size=practices))
    preference = draw(st.lists(st.sampled_from(preferences), min_size=size, max_size=size))
    return np.array(levels), np.array(strictness), np.array(preference)


@FAST
@given(groups(), st.floats(0, 1), st.data())
def test_every_term_lies_between_0_and_1(group, norms, data):
    levels, strictness, preference = group
    result = group_conflict(levels, strictness, preference, norms)
    for value in (result.dispersion, result.clash, result.misfit, result.total):
        assert -1e-12 <= value <= 1 + 1e-12
    zones = data.draw(st.integers(1, 3))
    zone_of = np.array(
        data.draw(
            st.lists(st.integers(-1, zones - 1), min_size=len(preference), max_size=len(preference))
        )
    )
    zoned = zoned_conflict(levels, strictness, preference, zone_of, np.full(zones, norms))
    assert np.all((zoned.total >= -1e-12) & (zoned.total <= 1 + 1e-12))
    assert -1e-12 <= zoned.overall <= 1 + 1e-12


@FAST
@given(st.lists(st.floats(0, 1), min_size=1, max_size=6))
def test_dispersion_lies_between_the_mean_and_the_largest_chance(chances):
    """Many practices never pile up to more than the worst of them, nor average it away."""
    dispersion = float(practice_dispersion(np.array(chances)))
    assert np.mean(chances) - 1e-12 <= dispersion <= max(chances) + 1e-12


@FAST
@given(groups(min_size=2), st.data())
def test_more_dispersion_means_more_risk(group, data):
    """Moving someone at the top of a practice further up (or at the bottom further down)
    widens every difference they take part in: the conflict never falls."""
    levels, strictness, preference = group
    practice = data.draw(st.integers(0, levels.shape[1] - 1))
    column = np.maximum(levels[:, practice], 0)
    upward = data.draw(st.booleans())
    person = int(np.argmax(column) if upward else np.argmin(column))
    wider = levels.copy()
    wider[person, practice] = 3 if upward else 0
    before = group_conflict(levels, strictness, preference)
    after = group_conflict(wider, strictness, preference)
    assert after.dispersion >= before.dispersion - 1e-12
    assert after.total >= before.total - 1e-12


@FAST
@given(groups(preferences=(NO_PREFERENCE, RELAXED)), st.data())
def test_more_strictness_means_more_risk(group, data):
    """Without traditional preferences, a stricter practice never lowers the conflict.

    (Someone who wants it quiet and traditional is better served by stricter norms, so with
    traditional preferences the misfit can fall as strictness rises — by design.)
    """
    levels, strictness, preference = group
    practice = data.draw(st.integers(0, strictness.size - 1))
    stricter = strictness.copy()
    stricter[practice] = data.draw(st.floats(strictness[practice], 1))
    before = group_conflict(levels, strictness, preference)
    after = group_conflict(levels, stricter, preference)
    assert after.dispersion >= before.dispersion - 1e-12
    assert after.total >= before.total - 1e-12


@FAST
@given(groups(preferences=(NO_PREFERENCE, RELAXED)), st.floats(0, 1), st.floats(0, 1))
def test_stricter_norms_mean_more_risk_without_traditional_preferences(group, low, high):
    levels, strictness, preference = group
    low, high = min(low, high), max(low, high)
    before = group_conflict(levels, strictness, preference, norms=low)
    after = group_conflict(levels, strictness, preference, norms=high)
    assert after.total >= before.total - 1e-12


@FAST
@given(groups(max_size=20), st.data())
def test_people_not_seated_are_ignored(group, data):
    levels, strictness, preference = group
    size = len(preference)
    zone_of = np.array(data.draw(st.lists(st.integers(0, 1), min_size=size, max_size=size)))
    extra = data.draw(st.integers(1, 10))
    extra_levels = data.draw(
        st.lists(
            st.integers(-1, 3), min_size=extra * levels.shape[1], max_size=extra * levels.shape[1]
        )
    )
    extra_preference = data.draw(st.lists(st.integers(-1, 1), min_size=extra, max_size=extra))
    seated = zoned_conflict(levels, strictness, preference, zone_of, [1.0, 0.4])
    everyone = zoned_conflict(
        np.vstack([levels, np.reshape(extra_levels, (extra, levels.shape[1]))]),
        strictness,
        np.concatenate([preference, extra_preference]),
        np.concatenate([zone_of, np.full(extra, -1)]),
        [1.0, 0.4],
    )
    assert everyone.size.tolist() == seated.size.tolist()
    assert everyone.total.tolist() == pytest.approx(seated.total.tolist())
    assert everyone.overall == pytest.approx(seated.overall)


@FAST
@given(groups(min_size=2), st.data())
def test_zones_at_one_norm_keep_the_misfit(group, data):
    """Misfit is a sum over people: regrouping them under the same norms keeps its mean."""
    levels, strictness, preference = group
    size = len(preference)
    zone_of = np.array(data.draw(st.lists(st.integers(0, 2), min_size=size, max_size=size)))
    zoned = zoned_conflict(levels, strictness, preference, zone_of, [1.0] * 3)
    whole = group_conflict(levels, strictness, preference)
    assert (zoned.size * zoned.misfit).sum() / size == pytest.approx(whole.misfit)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_random_halves_keep_the_conflict_roughly(practices, seed):
    """A random split neither helps nor hurts much: only the self-pairs of the mean
    difference and sampling make halves of 100 slightly calmer than the whole (< 0.01)."""
    rng = np.random.default_rng(seed)
    size = 200
    levels = rng.integers(-1, 4, size=(size, practices))
    strictness = rng.random(practices) * 0.6
    preference = rng.integers(-1, 2, size=size)
    whole = group_conflict(levels, strictness, preference).total
    halves = [
        zoned_conflict(
            levels, strictness, preference, rng.permutation(np.arange(size) % 2), [1.0, 1.0]
        ).overall
        for _ in range(30)
    ]
    assert abs(np.mean(halves) - whole) < 0.01


@FAST
@given(groups(min_size=2, preferences=(NO_PREFERENCE,)), st.data())
def test_sorted_halves_lower_the_conflict_on_one_practice(group, data):
    """Splitting a practice's levels at a threshold never raises its dispersion: the size-
    weighted mean difference of two groups is the whole one minus their energy distance."""
    levels, strictness, preference = group
    column = levels[:, :1]
    cut = data.draw(st.integers(1, len(preference) - 1))
    zone_of = np.zeros(len(preference), dtype=np.int64)
    zone_of[np.argsort(column[:, 0], kind="stable")[cut:]] = 1
    whole = group_conflict(column, strictness[:1], preference).total
    zoned = zoned_conflict(column, strictness[:1], preference, zone_of, [1.0, 1.0])
    assert zoned.overall <= whole + 1e-12


def test_sorting_like_with_like_beats_a_random_split():
    rng = np.random.default_rng(7)
    levels = rng.integers(0, 4, size=(400, 1))
    preference = np.full(400, NO_PREFERENCE)
    whole = group_conflict(levels, [0.8], preference).total
    by_level = (levels[:, 0] >= 2).astype(np.int64)
    sorted_split = zoned_conflict(levels, [0.8], preference, by_level, [1.0, 1.0]).overall
    random_split = zoned_conflict(
        levels, [0.8], preference, rng.permutation(by_level), [1.0, 1.0]
    ).overall
    assert sorted_split < random_split - 0.2
    assert random_split == pytest.approx(whole, abs=0.02)


def test_the_documented_limits_of_separation():
    """Over several practices, or with clashing preferences, zones at the same norms can
    score above the room they came from (docs/engines/audience_mix.md, Limits)."""
    # Each practice: one expert among four, chance 18/16 / 1.5 = 0.75, so D = 0.75 together;
    # each zone of two holds a newcomer and an expert on some practice: chance 1, D = 1.
    levels = [[0, 0], [3, 0], [0, 0], [0, 3]]
    whole = group_conflict(levels, [1.0, 1.0], [-1] * 4).total
    zoned = zoned_conflict(levels, [1.0, 1.0], [-1] * 4, [0, 0, 1, 1], [1.0, 1.0]).overall
    assert (whole, zoned) == (pytest.approx(0.6 * 0.75), pytest.approx(0.6))
    # Together: clash 4 × 1/4 × 1/4, misfit (0.5 + 0.5) / 4. The pair apart: clash 1,
    # misfit 0.5 in a zone of half the room.
    preference = [RELAXED, TRADITIONAL, NO_PREFERENCE, NO_PREFERENCE]
    whole = group_conflict([[2]] * 4, [0.5], preference).total
    zoned = zoned_conflict([[2]] * 4, [0.5], preference, [0, 0, 1, 1], [1.0, 1.0]).overall
    assert (whole, zoned) == (pytest.approx(0.1), pytest.approx(0.15))


def test_with_three_practices_every_seating_in_two_zones_can_score_above_the_room():
    """Three people each expert on a different practice and one newcomer to all: any zone
    of two holds a newcomer and an expert on some practice (docs/engines/zoning.md)."""
    levels = [[0, 0, 0], [0, 0, 3], [0, 3, 0], [3, 0, 0]]
    whole = group_conflict(levels, [1.0] * 3, [-1] * 4).total
    assert whole == pytest.approx(0.6 * 0.75)
    for partner in (1, 2, 3):
        zone_of = [0 if person in (0, partner) else 1 for person in range(4)]
        zoned = zoned_conflict(levels, [1.0] * 3, [-1] * 4, zone_of, [1.0, 1.0]).overall
        assert zoned == pytest.approx(0.6)


def test_an_activity_without_practices_has_only_preference_conflict():
    result = group_conflict(np.zeros((2, 0), dtype=int), [], [RELAXED, TRADITIONAL])
    assert result.dispersion == 0.0
    assert result.clash == pytest.approx(1.0)
