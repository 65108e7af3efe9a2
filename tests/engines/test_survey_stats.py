"""Survey statistics: exact small cases worked by hand, and properties on random surveys."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from overture.engines.survey_stats import (
    Summary,
    SurveyStatsError,
    aggregate,
    combine,
    group_ids,
    response_rate,
    trend,
    value_gap,
)

T_975_4 = 2.7764451051977987  # Student's t, 97.5 % quantile, 4 degrees of freedom (tables)
T_975_1 = 12.706204736174707
T_975_2 = 4.302652729749464


class TestOneGroupByHand:
    def test_answers_one_to_five(self):
        s = aggregate([0] * 5, [[1], [2], [3], [4], [5]], group_count=1)
        sd = math.sqrt(10 / 4)  # squared deviations 4 + 1 + 0 + 1 + 4 over n − 1
        assert s.n[0, 0] == 5
        assert s.mean[0, 0] == 3
        assert s.sd[0, 0] == pytest.approx(1.5811388, abs=1e-7)
        assert s.sd[0, 0] == pytest.approx(sd)
        assert s.sem[0, 0] == pytest.approx(0.7071068, abs=1e-7)
        assert s.ci_low[0, 0] == pytest.approx(3 - T_975_4 * sd / math.sqrt(5))
        assert s.ci_high[0, 0] == pytest.approx(3 + T_975_4 * 0.7071068, abs=1e-6)
        assert s.counts[0, 0].tolist() == [1, 1, 1, 1, 1]

    def test_unanswered_statements_are_left_out_of_that_dimension_only(self):
        s = aggregate([0, 0, 0], [[5, 0], [3, 4], [0, 2]], group_count=1)
        assert s.n[0].tolist() == [2, 2]
        assert s.mean[0].tolist() == [4.0, 3.0]
        assert s.sd[0] == pytest.approx([math.sqrt(2), math.sqrt(2)])
        # Two answers: 4 ± t(0.975, 1) · √2 / √2.
        assert s.ci_low[0, 0] == pytest.approx(4 - T_975_1)
        assert s.ci_high[0, 0] == pytest.approx(4 + T_975_1)
        assert s.counts[0].tolist() == [[0, 0, 1, 0, 1], [0, 1, 0, 1, 0]]

    def test_overall_is_the_mean_of_each_respondents_own_mean(self):
        # Own means: 5, (3 + 4) / 2 = 3.5, 2; the person who answered nothing is not counted.
        s = aggregate([0, 0, 0, 0], [[5, 0], [3, 4], [0, 2], [0, 0]], group_count=1)
        assert s.overall.n.tolist() == [3]
        assert s.overall.mean[0] == pytest.approx(3.5)
        assert s.overall.sd[0] == pytest.approx(1.5)  # deviations 1.5, 0, −1.5 → √(4.5 / 2)
        assert s.overall.ci_high[0] == pytest.approx(3.5 + T_975_2 * 1.5 / math.sqrt(3))

    def test_one_answer_has_a_mean_but_no_interval(self):
        s = aggregate([0, 1], [[4], [0]], group_count=3)
        assert s.n[:, 0].tolist() == [1, 0, 0]
        assert s.mean[0, 0] == 4
        assert np.isnan(s.sd[0, 0]) and np.isnan(s.ci_low[0, 0]) and np.isnan(s.ci_high[0, 0])
        assert np.isnan(s.mean[1:, 0]).all()  # nobody answered: no mean
        assert np.isnan(s.overall.mean[1:]).all() and s.overall.n.tolist() == [1, 0, 0]

    def test_identical_answers_give_an_interval_of_no_width(self):
        s = aggregate([0] * 4, [[4]] * 4, group_count=1)
        assert (s.sd[0, 0], s.ci_low[0, 0], s.ci_high[0, 0]) == (0.0, 4.0, 4.0)
        assert (s.overall.sd[0], s.overall.ci_low[0], s.overall.ci_high[0]) == (0.0, 4.0, 4.0)

    def test_responses_outside_every_group_are_left_out(self):
        s = aggregate([-1, 0, 0], [[1], [4], [5]], group_count=1)
        assert s.n[0, 0] == 2 and s.mean[0, 0] == 4.5

    def test_a_wider_confidence_gives_a_wider_interval(self):
        narrow = aggregate([0] * 5, [[1], [2], [3], [4], [5]], 1, confidence=0.8)
        assert narrow.ci_high[0, 0] == pytest.approx(3 + stats.t.ppf(0.9, 4) * math.sqrt(0.5))

    def test_no_responses_yet(self):
        s = aggregate([], np.zeros((0, 3), dtype=np.int8), group_count=2)
        assert s.n.tolist() == [[0, 0, 0], [0, 0, 0]] and np.isnan(s.mean).all()
        assert s.overall.n.tolist() == [0, 0]

    def test_a_stored_summary_rebuilds_the_same_figures(self):
        s = aggregate([0, 0, 1, 1, 1], [[1, 2], [3, 0], [5, 5], [4, 4], [2, 3]], 2)
        again = Summary.from_sums(s.counts.tolist(), s.respondent_sums.tolist())
        np.testing.assert_array_equal(again.ci_high, s.ci_high)
        np.testing.assert_array_equal(again.overall.ci_low, s.overall.ci_low)
        with pytest.raises(SurveyStatsError):
            Summary.from_sums(s.counts, s.respondent_sums[:1])

    def test_another_scale(self):
        s = aggregate([0, 0], [[7], [1]], 1, points=7)
        assert s.mean[0, 0] == 4 and s.counts.shape == (1, 1, 7)
        assert s.overall.mean[0] == 4


class TestBadInput:
    @pytest.mark.parametrize(
        ("groups", "scores", "group_count"),
        [
            ([0], [[6]], 1),  # beyond the scale
            ([0], [[-1]], 1),
            ([1], [[3]], 1),  # no such group
            ([-2], [[3]], 1),
            ([0], [[3.5]], 1),  # not a whole number
            ([0, 0], [[3]], 1),  # one group per response
            ([0], [[3]], 0),
        ],
    )
    def test_is_refused_with_a_clear_error(self, groups, scores, group_count):
        with pytest.raises(SurveyStatsError):
            aggregate(groups, scores, group_count)

    def test_confidence_must_be_a_probability(self):
        with pytest.raises(SurveyStatsError):
            aggregate([0], [[3]], 1, confidence=95)

    def test_survey_stats_errors_are_value_errors(self):
        assert issubclass(SurveyStatsError, ValueError)


class TestGroups:
    def test_activity_and_segment_fold_into_one_id(self):
        ids = group_ids([0, 2, 2, -1, 1], [0, 1, -1, 2, 2], segment_count=3)
        assert ids.tolist() == [0, 7, -1, -1, 5]

    def test_segment_beyond_the_count_is_refused(self):
        with pytest.raises(SurveyStatsError):
            group_ids([0], [3], segment_count=3)

    def test_pooling_activities_gives_the_season_by_segment(self):
        activity = np.array([0, 0, 1, 1, 1, 2])
        segment = np.array([0, 1, 0, 0, 1, 1])
        scores = np.array([[1, 2], [3, 0], [5, 5], [4, 4], [2, 3], [1, 1]])
        by_activity = aggregate(group_ids(activity, segment, 2), scores, 6)
        season = combine(by_activity, np.arange(6) % 2, 2)
        direct = aggregate(segment, scores, 2)
        for name in ("n", "mean", "sd", "ci_low", "ci_high", "counts"):
            np.testing.assert_allclose(getattr(season, name), getattr(direct, name))
        np.testing.assert_allclose(season.overall.sd, direct.overall.sd)
        # Segment 0 of the season: answers 1, 5, 4 in the first dimension.
        assert season.mean[0, 0] == pytest.approx(10 / 3)

    def test_mapping_must_cover_every_group(self):
        s = aggregate([0, 1], [[3], [4]], 2)
        with pytest.raises(SurveyStatsError):
            combine(s, [0], 1)
        with pytest.raises(SurveyStatsError):
            combine(s, [0, 2], 2)


class TestValueGap:
    NOVICE_EXPERT = aggregate(
        [0, 0, 0, 1, 1, 1], [[2, 3], [3, 3], [4, 3], [4, 5], [5, 4], [4, 4]], group_count=2
    )

    def test_overall_gap_by_hand(self):
        gap = value_gap(self.NOVICE_EXPERT, novice=0, expert=1).overall
        # Own means: novices 2.5, 3, 3.5 (mean 3, var 1/4); experts 4.5, 4.5, 4 (4⅓, 1/12).
        v_novice, v_expert = (1 / 4) / 3, (1 / 12) / 3
        se = math.sqrt(v_novice + v_expert)
        df = (v_novice + v_expert) ** 2 / (v_novice**2 / 2 + v_expert**2 / 2)
        assert float(gap.difference) == pytest.approx(4 / 3)
        assert float(gap.se) == pytest.approx(1 / 3)
        assert float(gap.df) == pytest.approx(df) and df == pytest.approx(3.2)
        half = stats.t.ppf(0.975, 3.2) * se
        assert float(gap.ci_low) == pytest.approx(4 / 3 - half)
        assert float(gap.ci_high) == pytest.approx(4 / 3 + half)
        assert (int(gap.novice_n), int(gap.expert_n)) == (3, 3)

    def test_per_dimension_gap_matches_welchs_t_test(self):
        gap = value_gap(self.NOVICE_EXPERT, 0, 1).dimensions
        assert gap.difference.tolist() == pytest.approx([4 / 3, 4 / 3])
        welch = stats.ttest_ind([4, 5, 4], [2, 3, 4], equal_var=False)
        low, high = welch.confidence_interval(0.95)
        assert (gap.ci_low[0], gap.ci_high[0]) == pytest.approx((low, high))
        assert gap.df[0] == pytest.approx(welch.df)

    def test_one_gap_per_activity(self):
        # Two activities × segments (novice 0, expert 1): the gap closes in the second.
        activity = [0, 0, 0, 0, 1, 1, 1, 1]
        segment = [0, 0, 1, 1, 0, 0, 1, 1]
        scores = [[2], [3], [5], [4], [4], [5], [5], [4]]
        s = aggregate(group_ids(activity, segment, 2), scores, 4)
        gap = value_gap(s, novice=[0, 2], expert=[1, 3])
        assert gap.overall.difference.tolist() == pytest.approx([2.0, 0.0])
        assert gap.dimensions.difference.shape == (2, 1)

    def test_groups_too_small_for_an_interval(self):
        s = aggregate([0, 1, 1], [[2], [4], [5]], 2)
        gap = value_gap(s, 0, 1).overall
        assert float(gap.difference) == pytest.approx(2.5)
        assert np.isnan(gap.ci_low) and np.isnan(gap.ci_high) and np.isnan(gap.se)

    def test_no_spread_in_either_group_gives_the_difference_itself(self):
        s = aggregate([0, 0, 1, 1], [[3], [3], [5], [5]], 2)
        gap = value_gap(s, 0, 1).overall
        assert (float(gap.ci_low), float(gap.ci_high)) == (2.0, 2.0)

    def test_unknown_group_is_refused(self):
        with pytest.raises(SurveyStatsError):
            value_gap(self.NOVICE_EXPERT, 0, 2)


class TestTrend:
    def test_line_through_four_activities_by_hand(self):
        t = trend([0, 1, 2, 3], [3.0, 3.2, 3.1, 3.5])
        # x̄ 1.5, ȳ 3.2, Sxy 0.7, Sxx 5: slope 0.14, intercept 2.99; residual SS 0.042.
        assert float(t.slope) == pytest.approx(0.14)
        assert float(t.intercept) == pytest.approx(2.99)
        half = T_975_2 * math.sqrt(0.042 / 2 / 5)
        assert (float(t.ci_low), float(t.ci_high)) == pytest.approx((0.14 - half, 0.14 + half))
        assert int(t.n) == 4

    def test_activities_without_answers_are_skipped_per_column(self):
        values = np.array([[3.0, 1.0], [np.nan, 2.0], [4.0, 3.0], [5.0, np.nan]])
        t = trend([0, 1, 2, 3], values)
        assert t.slope.tolist() == pytest.approx([9 / 14, 1.0])  # Sxy 3 / Sxx 14/3
        assert t.n.tolist() == [3, 3]

    def test_two_points_have_a_slope_but_no_interval(self):
        t = trend([0, 2], [3.0, 4.0])
        assert float(t.slope) == 0.5 and np.isnan(t.ci_low) and np.isnan(t.p_value)

    def test_one_date_or_one_point_gives_no_line(self):
        assert np.isnan(trend([1, 1, 1], [3.0, 4.0, 5.0]).slope)
        assert np.isnan(trend([1], [3.0]).slope)

    def test_times_and_values_must_match(self):
        with pytest.raises(SurveyStatsError):
            trend([0, 1], [3.0, 4.0, 5.0])


class TestResponseRate:
    def test_forty_of_two_hundred_by_hand(self):
        r = response_rate(40, 200)
        z = 1.959963984540054
        centre = (0.2 + z**2 / 400) / (1 + z**2 / 200)
        half = z * math.sqrt(0.2 * 0.8 / 200 + z**2 / 160_000) / (1 + z**2 / 200)
        assert float(r.rate) == 0.2
        assert (float(r.ci_low), float(r.ci_high)) == pytest.approx((centre - half, centre + half))

    def test_nobody_and_everybody_keep_a_sensible_interval(self):
        r = response_rate([0, 10], [10, 10])
        assert r.ci_low.tolist() == pytest.approx([0.0, 1 - 0.2775328])
        assert r.ci_high.tolist() == pytest.approx([0.2775328, 1.0])

    def test_nobody_invited_has_no_rate(self):
        r = response_rate(0, 0)
        assert np.isnan(r.rate) and np.isnan(r.ci_low)

    def test_more_responses_than_invitations_is_refused(self):
        with pytest.raises(SurveyStatsError):
            response_rate(11, 10)


# Random surveys: a few groups, a few dimensions, answers 0 (not answered) to 5.
surveys = st.integers(1, 4).flatmap(
    lambda groups: st.integers(1, 3).flatmap(
        lambda dims: st.lists(
            st.tuples(
                st.integers(-1, groups - 1),
                st.lists(st.integers(0, 5), min_size=dims, max_size=dims),
            ),
            max_size=40,
        ).map(lambda rows: (groups, dims, rows))
    )
)


def arrays(survey):
    groups, dims, rows = survey
    g = np.array([r[0] for r in rows], dtype=np.int64)
    s = np.array([r[1] for r in rows], dtype=np.int8).reshape(len(rows), dims)
    return groups, g, s


def naive(values: list[float], confidence=0.95) -> tuple[float, ...]:
    """n, mean, sd, interval of a list the textbook way."""
    if not values:
        return 0, math.nan, math.nan, math.nan, math.nan
    mean = statistics.fmean(values)
    if len(values) < 2:
        return 1, mean, math.nan, math.nan, math.nan
    sd = statistics.stdev(values)
    if sd == 0:
        return len(values), mean, 0.0, mean, mean
    low, high = stats.t.interval(confidence, len(values) - 1, mean, sd / math.sqrt(len(values)))
    return len(values), mean, sd, low, high


def assert_estimates(estimates, index, expected):
    got = [getattr(estimates, f)[index] for f in ("n", "mean", "sd", "ci_low", "ci_high")]
    np.testing.assert_allclose(np.array(got, dtype=float), expected, rtol=1e-9, atol=1e-12)


@given(surveys)
def test_aggregate_equals_a_plain_per_group_computation(survey):
    group_count, g, s = arrays(survey)
    summary = aggregate(g, s, group_count)
    for group in range(group_count):
        mine = s[g == group]
        for d in range(s.shape[1]):
            answers = [int(v) for v in mine[:, d] if v > 0]
            assert_estimates(summary, (group, d), naive(answers))
        own = [float(row[row > 0].mean()) for row in mine if (row > 0).any()]
        assert_estimates(summary.overall, group, naive(own))


@given(surveys)
def test_the_interval_contains_the_mean(survey):
    group_count, g, s = arrays(survey)
    summary = aggregate(g, s, group_count)
    for e in (summary, summary.overall):
        known = ~np.isnan(e.ci_low)
        assert (e.ci_low[known] <= e.mean[known]).all()
        assert (e.mean[known] <= e.ci_high[known]).all()


@given(surveys, st.integers(2, 4))
def test_more_of_the_same_answers_narrow_the_interval(survey, copies):
    group_count, g, s = arrays(survey)
    once = aggregate(g, s, group_count)
    more = aggregate(np.tile(g, copies), np.tile(s, (copies, 1)), group_count)
    np.testing.assert_allclose(more.mean, once.mean)
    width_once, width_more = once.ci_high - once.ci_low, more.ci_high - more.ci_low
    spread = once.sd > 0
    assert (width_more[spread] < width_once[spread]).all()
    assert (width_more[once.sd == 0] == 0).all()


@given(surveys, st.data())
def test_pooling_groups_equals_aggregating_the_pooled_groups(survey, data):
    group_count, g, s = arrays(survey)
    mapping = np.array(
        data.draw(st.lists(st.integers(-1, 1), min_size=group_count, max_size=group_count))
    )
    pooled = combine(aggregate(g, s, group_count), mapping, 2)
    direct = aggregate(np.where(g >= 0, mapping[g], -1), s, 2)
    for name in ("n", "mean", "sd", "ci_low", "ci_high", "counts"):
        np.testing.assert_allclose(getattr(pooled, name), getattr(direct, name), rtol=1e-12)
    for name in ("n", "mean", "sd", "ci_low", "ci_high"):
        np.testing.assert_allclose(
            getattr(pooled.overall, name), getattr(direct.overall, name), rtol=1e-9, atol=1e-12
        )


answers = st.lists(st.integers(1, 5), min_size=2, max_size=30)


# scipy warns about its own precision when a sample is nearly constant; ours works on counts.
@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")
@given(answers, answers)
def test_value_gap_matches_scipy_welch_interval(novices, experts):
    s = aggregate([0] * len(novices) + [1] * len(experts), [[v] for v in novices + experts], 2)
    gap = value_gap(s, 0, 1).dimensions
    assert gap.difference[0] == pytest.approx(statistics.fmean(experts) - statistics.fmean(novices))
    if np.std(novices) == 0 and np.std(experts) == 0:
        assert gap.ci_low[0] == gap.ci_high[0] == gap.difference[0]
        return
    welch = stats.ttest_ind(experts, novices, equal_var=False)
    low, high = welch.confidence_interval(0.95)
    assert (gap.ci_low[0], gap.ci_high[0]) == pytest.approx((low, high), rel=1e-9, abs=1e-12)
    assert gap.ci_low[0] <= gap.difference[0] <= gap.ci_high[0]


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_response_rate_matches_scipy_wilson_interval(counts):
    responses, invited = counts
    r = response_rate(responses, invited)
    if invited == 0:
        assert np.isnan(r.rate)
        return
    low, high = stats.binomtest(responses, invited).proportion_ci(0.95, method="wilson")
    assert (float(r.ci_low), float(r.ci_high)) == pytest.approx((low, high), abs=1e-12)
    assert r.ci_low <= r.rate <= r.ci_high


@settings(max_examples=50)
@given(
    st.lists(
        st.tuples(st.integers(0, 300), st.floats(1, 5, allow_nan=False)), min_size=3, max_size=20
    )
)
def test_trend_slope_is_the_least_squares_slope(points):
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points])
    if np.all(x == x[0]):
        assert np.isnan(trend(x, y).slope)
        return
    t = trend(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    assert float(t.slope) == pytest.approx(slope, rel=1e-6, abs=1e-9)
    assert float(t.intercept) == pytest.approx(intercept, rel=1e-6, abs=1e-9)
    assert t.ci_low <= t.slope <= t.ci_high
