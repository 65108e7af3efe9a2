"""Every public engine function refuses bad inputs with its engine's own error, naming the
argument, and turns empty inputs into well-formed empty results."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overture.engines import checks
from overture.engines.assignment import AssignmentError, AssignmentProblem, solve
from overture.engines.buddies import Buddies, BuddyError, Requests, match
from overture.engines.buddies.candidates import CostWeights
from overture.engines.errors import EngineInputError
from overture.engines.mix.advice import AdviceError, advise, render
from overture.engines.mix.conflict import ConflictError, group_conflict, zoned_conflict
from overture.engines.mix.indices import (
    IndicesError,
    activity_indices,
    key_practice_shares,
    newcomer_mask,
    participation_access,
    signposting_clarity,
)
from overture.engines.mix.splits import SplitError, suggest_split
from overture.engines.signposting import (
    Activities,
    Explainer,
    Registrations,
    SignpostingError,
    assess,
    recommend,
)
from overture.engines.signposting.journeys import (
    ActivityTarget,
    JourneyError,
    PracticeTarget,
    plan_journey,
)
from overture.engines.signposting.labels import audience_labels, hardest_practice
from overture.engines.signposting.social_learning import (
    SocialLearningError,
    combined_level,
    combined_levels,
    level_after_attendance,
    observed_levels_after_attendance,
)
from overture.engines.survey_stats import (
    SurveyStatsError,
    aggregate,
    combine,
    group_ids,
    response_rate,
    trend,
    value_gap,
)
from overture.engines.text_coding import (
    Coder,
    TextCodingError,
    agreement,
    default_code_book,
    match_seeds,
)
from overture.engines.zoning import ZoningError, ZoningProblem, greedy_zoning, zone
from overture.signposting.texts import ReasonTexts

QUICK = settings(max_examples=40, deadline=None)

NOT_FINITE = st.sampled_from([math.nan, math.inf, -math.inf])
FRACTIONS = st.floats(-5, 5).filter(lambda x: abs(x - round(x)) > 0.01)
ENGINE_ERRORS = [
    AdviceError,
    AssignmentError,
    BuddyError,
    ConflictError,
    IndicesError,
    JourneyError,
    SignpostingError,
    SocialLearningError,
    SplitError,
    SurveyStatsError,
    TextCodingError,
    ZoningError,
]


def refused(error, name: str):
    """pytest.raises for `error` with `name` in its message."""
    return pytest.raises(error, match=name.replace("[", r"\[").replace("]", r"\]"))


@pytest.mark.parametrize("error", ENGINE_ERRORS)
def test_every_engine_error_is_an_engine_input_error_and_a_value_error(error):
    assert issubclass(error, EngineInputError)
    assert issubclass(error, ValueError)


# --- the shared checks ----------------------------------------------------------------------


@QUICK
@given(st.integers(1, 8), st.data(), NOT_FINITE)
def test_a_value_that_is_not_finite_is_named_with_its_position(size, data, bad):
    values = np.linspace(0, 1, size)
    at = data.draw(st.integers(0, size - 1))
    values[at] = bad
    with refused(EngineInputError, f"capacities[{at}]"):
        checks.finite_array("capacities", values)
    with refused(EngineInputError, f"capacities[{at}]"):
        checks.whole_numbers("capacities", values)


@QUICK
@given(st.integers(1, 8), st.data(), FRACTIONS)
def test_a_fraction_where_whole_numbers_are_meant_is_refused_not_truncated(size, data, bad):
    values = np.arange(size, dtype=np.float64)
    at = data.draw(st.integers(0, size - 1))
    values[at] = bad
    with pytest.raises(EngineInputError, match=rf"levels\[{at}\] is .*whole numbers"):
        checks.whole_numbers("levels", values)


@QUICK
@given(st.integers(0, 20), st.integers(-50, 50))
def test_an_index_is_accepted_exactly_within_range(size, index):
    if 0 <= index < size:
        assert checks.index_in_range("activity", index, size) == index
    else:
        with refused(EngineInputError, "activity is"):
            checks.index_in_range("activity", index, size)


def test_the_message_reads_as_the_argument_and_the_rule():
    with pytest.raises(EngineInputError) as caught:
        checks.finite_array("capacities", [1.0, 2.0, 3.0, math.nan])
    assert str(caught.value) == "capacities[3] is NaN; capacities must be finite numbers"
    with pytest.raises(EngineInputError) as caught:
        checks.whole_numbers("levels", [[0, 1], [2, 1.5]])
    assert str(caught.value) == "levels[1, 1] is 1.5; levels must be whole numbers"
    with pytest.raises(EngineInputError) as caught:
        checks.index_in_range("key", -1, 3)
    assert str(caught.value) == "key is -1; key must be a position from 0 to 2"


@QUICK
@given(st.text(min_size=1, max_size=5))
def test_a_string_is_not_a_set_of_strings(text):
    with refused(EngineInputError, "languages"):
        checks.set_of_str("languages", text)
    assert checks.set_of_str("languages", [text]) == {text}


def test_other_shapes_of_bad_input_are_refused():
    with refused(EngineInputError, "names"):
        checks.finite_array("names", ["a", "b"])
    with refused(EngineInputError, "ragged"):
        checks.finite_array("ragged", [[1, 2], [3]])
    with refused(EngineInputError, "seats"):
        checks.bounded_total("seats", np.full(4, 2**60, dtype=np.int64))
    with refused(EngineInputError, "count"):
        checks.whole_number("count", True)
    with pytest.raises(EngineInputError, match="times has 2 entries and values has 3"):
        checks.same_length(EngineInputError, times=[1, 2], values=[1, 2, 3])


# --- conflict, indices, splits --------------------------------------------------------------


@QUICK
@given(NOT_FINITE)
def test_conflict_refuses_strictness_and_norms_that_are_not_finite(bad):
    with refused(ConflictError, "strictness[1]"):
        group_conflict([[0, 1]], [0.5, bad], [-1])
    with refused(ConflictError, "norms"):
        group_conflict([[0]], [0.5], [-1], norms=bad)
    with refused(ConflictError, "zone_norms[0]"):
        zoned_conflict([[0]], [0.5], [-1], [0], [bad])


@QUICK
@given(FRACTIONS)
def test_conflict_refuses_fractional_levels_preferences_and_zones(bad):
    with refused(ConflictError, "levels[1, 0]"):
        group_conflict([[0], [bad]], [1.0], [-1, -1])
    with refused(ConflictError, "preference[0]"):
        group_conflict([[0]], [1.0], [bad])
    with refused(ConflictError, "zone_of[0]"):
        zoned_conflict([[0]], [1.0], [-1], [bad], [1.0, 1.0])


@QUICK
@given(st.integers(-20, -2) | st.integers(2, 20))
def test_conflict_refuses_zones_out_of_range_negative_ones_too(zone_of):
    with refused(ConflictError, "zone_of[0]"):
        zoned_conflict([[0]], [1.0], [-1], [zone_of], [1.0, 0.5])


def test_conflict_refuses_lengths_that_disagree():
    with refused(ConflictError, "zone_of"):
        zoned_conflict([[0], [1]], [1.0], [-1, -1], [0], [1.0])


@QUICK
@given(st.integers(-10, -2) | st.integers(1, 10))
def test_indices_refuse_a_key_practice_out_of_range(key):
    with refused(IndicesError, "key"):
        newcomer_mask([[0], [1]], key)
    with refused(IndicesError, "key"):
        key_practice_shares([[0], [1]], key)


@QUICK
@given(FRACTIONS | NOT_FINITE)
def test_indices_refuse_counts_and_fits_that_are_not_whole(bad):
    with refused(IndicesError, "buddy_places"):
        participation_access(bad, 3)
    with refused(IndicesError, "newcomers"):
        participation_access(2, bad)
    with refused(IndicesError, "fits[1]"):
        signposting_clarity([3, bad])
    with refused(IndicesError, "required[0]"):
        activity_indices([bad], [0.5], [[0]], [-1], 0, [])


@QUICK
@given(NOT_FINITE)
def test_indices_refuse_strictness_that_is_not_finite(bad):
    with refused(IndicesError, "strictness[0]"):
        activity_indices([1], [bad], [[0]], [-1], 0, [])


@QUICK
@given(FRACTIONS | NOT_FINITE)
def test_splits_refuse_odd_options_by_name(bad):
    levels, strictness, preference = [[0], [3], [0], [3]], [1.0], [-1] * 4
    with refused(SplitError, "min_session"):
        suggest_split(levels, strictness, preference, min_session=bad)
    with refused(SplitError, "party[2]"):
        suggest_split(levels, strictness, preference, min_session=1, party=[0, 0, bad, -1])
    if not math.isfinite(bad):
        with refused(SplitError, "min_conflict"):
            suggest_split(levels, strictness, preference, min_session=1, min_conflict=bad)
        with refused(SplitError, "relaxed_norms"):
            suggest_split(levels, strictness, preference, min_session=1, relaxed_norms=bad)


def test_audience_mix_of_nobody_is_well_formed():
    assert group_conflict(np.zeros((0, 2)), [0.5, 0.5], []).total == 0.0
    zoned = zoned_conflict(np.zeros((0, 1)), [1.0], [], [], [])
    assert zoned.size.shape == (0,) and zoned.overall == 0.0
    mix = activity_indices([], [], np.zeros((0, 0)), [], 0, [])
    assert (mix.rigidity, mix.conflict, mix.access, mix.clarity) == (0.0, 0.0, 1.0, None)
    assert newcomer_mask(np.zeros((0, 2)), 1).shape == (0,)
    assert suggest_split(np.zeros((0, 1)), [1.0], [], min_session=1) is None


# --- survey statistics ----------------------------------------------------------------------


def test_the_trend_of_no_activities_is_empty_not_an_error():
    line = trend([], [])
    assert line.n == 0 and math.isnan(line.slope)
    columns = trend([], np.zeros((0, 2)))
    assert columns.n.tolist() == [0, 0] and np.isnan(columns.slope).all()


def test_survey_statistics_of_nothing_are_well_formed():
    summary = aggregate(np.zeros(0, np.int64), np.zeros((0, 3), np.int64), 2)
    assert summary.counts.shape == (2, 3, 5) and summary.n.sum() == 0
    assert np.isnan(summary.mean).all()
    assert response_rate([], []).rate.shape == (0,)
    assert group_ids([], [], 3).shape == (0,)
    gap = value_gap(summary, [], [])
    assert gap.overall.difference.shape == (0,) and gap.dimensions.difference.shape == (0, 3)
    assert combine(summary, [-1, -1], 1).n.sum() == 0


@QUICK
@given(st.integers(1, 6), st.data(), NOT_FINITE)
def test_trend_refuses_times_that_are_not_finite(size, data, bad):
    times = np.arange(size, dtype=np.float64)
    at = data.draw(st.integers(0, size - 1))
    times[at] = bad
    with refused(SurveyStatsError, f"times[{at}]"):
        trend(times, np.ones(size))


@QUICK
@given(st.sampled_from([math.inf, -math.inf]))
def test_trend_skips_missing_values_but_refuses_infinite_ones(bad):
    assert trend([0, 1, 2], [1.0, math.nan, 2.0]).n == 2
    with refused(SurveyStatsError, "values[1]"):
        trend([0, 1, 2], [1.0, bad, 2.0])


@QUICK
@given(FRACTIONS)
def test_survey_statistics_refuse_fractions_where_counts_are_meant(bad):
    with refused(SurveyStatsError, "scores[0, 1]"):
        aggregate([0], [[3, bad]], 1)
    with refused(SurveyStatsError, "groups[0]"):
        aggregate([bad], [[3]], 2)
    with refused(SurveyStatsError, "group_count"):
        aggregate([0], [[3]], 2 + bad)
    with refused(SurveyStatsError, "responses"):
        response_rate(bad + 10, 20)
    with refused(SurveyStatsError, "segment"):
        group_ids([0], [bad], 3)


@QUICK
@given(st.integers(-10, -2) | st.integers(2, 10))
def test_survey_statistics_refuse_group_ids_out_of_range(bad):
    summary = aggregate([0, 1], [[3], [4]], 2)
    with refused(SurveyStatsError, "novice"):
        value_gap(summary, bad, 1)
    with refused(SurveyStatsError, "mapping[0]"):
        combine(summary, [bad, 0], 1)
    with refused(SurveyStatsError, "confidence"):
        aggregate([0], [[3]], 1, confidence=math.nan)


def test_response_rate_names_the_entry_above_the_invitations():
    with refused(SurveyStatsError, "responses[1] is more than invited[1]"):
        response_rate([1, 3], [2, 2])


# --- assignment and zoning ------------------------------------------------------------------


def _problem(**change):
    inputs = {
        "request_count": 2,
        "supplier_count": 2,
        "capacity": [1, 1],
        "arc_request": [0, 1],
        "arc_supplier": [0, 1],
        "arc_cost": [1, 1],
    }
    return AssignmentProblem(**{**inputs, **change})


@QUICK
@given(FRACTIONS | NOT_FINITE)
def test_assignment_refuses_fractional_and_non_finite_numbers_by_name(bad):
    for name in ("capacity", "arc_request", "arc_supplier", "arc_cost"):
        with refused(AssignmentError, f"{name}[1]"):
            _problem(**{name: [0, bad]})
    with refused(AssignmentError, "demand[0]"):
        _problem(demand=[bad, 1])
    with refused(AssignmentError, "request_count"):
        _problem(request_count=bad)


@QUICK
@given(st.integers(-10, -1) | st.integers(2, 10))
def test_assignment_refuses_indices_out_of_range_negative_ones_too(bad):
    with refused(AssignmentError, "arc_supplier[0]"):
        _problem(arc_supplier=[bad, 0])
    with refused(AssignmentError, "fixed"):
        solve(_problem(), fixed=[(0, bad)])


def test_assignment_refuses_capacities_whose_total_would_overflow():
    with refused(AssignmentError, "capacity"):
        _problem(capacity=[2**61, 2**61])


def test_the_assignment_of_nothing_is_empty():
    empty = solve(AssignmentProblem(0, 0, [], [], [], []))
    assert empty.matched == 0 and empty.total_cost == 0 and empty.supplier_of.shape == (0,)


def _zoning(**change):
    inputs = {
        "levels": [[0], [3]],
        "strictness": [1.0],
        "preference": [-1, -1],
        "zone_capacity": [2, 2],
        "zone_norms": [1.0, 0.3],
    }
    return ZoningProblem(**{**inputs, **change})


@QUICK
@given(NOT_FINITE)
def test_zoning_refuses_norms_and_strictness_that_are_not_finite(bad):
    with refused(ZoningError, "zone_norms[1]"):
        _zoning(zone_norms=[1.0, bad])
    with refused(ZoningError, "strictness[0]"):
        _zoning(strictness=[bad])


@QUICK
@given(FRACTIONS)
def test_zoning_refuses_fractions_by_name(bad):
    with refused(ZoningError, "zone_capacity[0]"):
        _zoning(zone_capacity=[bad, 2])
    with refused(ZoningError, "party[1]"):
        _zoning(party=[0, bad])
    with refused(ZoningError, "rounds"):
        zone(_zoning(), rounds=bad)


@QUICK
@given(st.integers(-10, -2) | st.integers(2, 10))
def test_zoning_refuses_preferred_zones_out_of_range(bad):
    with refused(ZoningError, "preferred_zone[0]"):
        _zoning(preferred_zone=[bad, -1])


def test_zoning_refuses_seats_whose_total_would_overflow_and_other_problems():
    with refused(ZoningError, "zone_capacity"):
        _zoning(zone_capacity=[2**60, 2**60])
    with refused(ZoningError, "problem"):
        zone({"levels": [[0]]})


def test_zoning_nobody_is_empty():
    nobody = ZoningProblem(np.zeros((0, 1)), [1.0], [], [3], [1.0])
    for seating in (zone(nobody), greedy_zoning(nobody)):
        assert seating.zone_of.shape == (0,) and seating.seated == 0
        assert seating.unseated.shape == (0,) and seating.conflict_after == 0.0


# --- buddies --------------------------------------------------------------------------------


def _buddies(**change):
    inputs = {
        "levels": [[3]],
        "capacity": [2],
        "helps_with": [[True]],
        "languages": [{"en"}],
        "vetted": [True],
        "activities": [{1}],
    }
    return Buddies(**{**inputs, **change})


def _requests(**change):
    inputs = {
        "levels": [[0]],
        "practices": [[True]],
        "language": ["en"],
        "minor": [False],
        "activity": [1],
        "activities": [set()],
        "previous_buddy": [-1],
    }
    return Requests(**{**inputs, **change})


@QUICK
@given(st.text(min_size=1, max_size=4))
def test_buddies_refuse_a_string_where_a_set_of_languages_is_meant(language):
    with refused(BuddyError, "languages[0]"):
        _buddies(languages=[language])
    with refused(BuddyError, "language"):
        _requests(language=language)


@QUICK
@given(FRACTIONS | NOT_FINITE)
def test_buddies_refuse_fractional_levels_ids_and_capacities(bad):
    with refused(BuddyError, "buddy levels[0, 0]"):
        _buddies(levels=[[bad]])
    with refused(BuddyError, "capacity[0]"):
        _buddies(capacity=[bad])
    with refused(BuddyError, "activities[0]"):
        _buddies(activities=[{bad}])
    with refused(BuddyError, "previous_buddy[0]"):
        _requests(previous_buddy=[bad])
    with refused(BuddyError, "level_gap"):
        CostWeights(level_gap=bad)


@QUICK
@given(st.integers(-10, -2) | st.integers(1, 10))
def test_buddies_refuse_indices_out_of_range(bad):
    with refused(BuddyError, "previous_buddy"):
        match(_requests(previous_buddy=[bad]), _buddies(), practice_names=["Listening"])
    with refused(BuddyError, "fixed"):
        match(_requests(), _buddies(), practice_names=["Listening"], fixed=[(0, bad)])


def test_buddies_refuse_capacities_that_would_overflow_and_a_string_of_names():
    with refused(BuddyError, "capacity"):
        _buddies(
            levels=[[3], [3]],
            capacity=[2**60, 2**60],
            helps_with=[[1], [1]],
            languages=[{"en"}, {"en"}],
            vetted=[1, 1],
            activities=[{1}, {1}],
        )
    with refused(BuddyError, "practice_names"):
        match(_requests(), _buddies(), practice_names="Listening")


def test_matching_nobody_is_empty():
    nobody = _requests(
        levels=np.zeros((0, 1)),
        practices=np.zeros((0, 1), bool),
        language=[],
        minor=[],
        activity=[],
        activities=[],
        previous_buddy=[],
    )
    result = match(nobody, _buddies(), practice_names=["Listening"])
    assert result.pairs == () and result.unmatched == ()
    assert result.matched_share == 0.0 and result.mean_level_gap == 0.0


# --- signposting, labels, journeys, social learning -----------------------------------------


def _activities(**change):
    inputs = {
        "required": [[0, -1], [2, 1]],
        "strictness": [[0.9, 0.0], [0.9, 0.2]],
        "scale": [0.5, 0.0],
        "starts_at": [100, 200],
        "places_left": [5, 5],
    }
    return Activities(**{**inputs, **change})


@QUICK
@given(NOT_FINITE)
def test_activities_refuse_numbers_that_are_not_finite(bad):
    with refused(SignpostingError, "scale[1]"):
        _activities(scale=[0.5, bad])
    with refused(SignpostingError, "strictness"):
        _activities(strictness=[[0.9, 0.0], [bad, 0.2]])
    with refused(SignpostingError, "starts_at"):
        _activities(starts_at=[100, bad])


@QUICK
@given(FRACTIONS)
def test_signposting_refuses_fractional_levels_and_places(bad):
    with refused(SignpostingError, "required[1, 0]"):
        _activities(required=[[0, -1], [bad, 1]])
    with refused(SignpostingError, "places_left[0]"):
        _activities(places_left=[bad, 5])
    with refused(SignpostingError, "levels[0, 1]"):
        assess([[0, bad]], _activities(), [0], [0])
    with refused(SignpostingError, "k"):
        recommend([[0, 0]], _activities(), now=0, k=2 + bad)


@QUICK
@given(st.integers(-10, -1) | st.integers(2, 10))
def test_signposting_refuses_rows_out_of_range_negative_ones_too(bad):
    with refused(SignpostingError, "activity_ids[0]"):
        assess([[0, 0]], _activities(), [0], [bad])
    with refused(SignpostingError, "participants[0]"):
        assess([[0, 0]], _activities(), [bad], [0])
    explainer = Explainer(_activities())
    with refused(SignpostingError, "activity"):
        explainer.explain([[0, 0]], 0, bad)
    with refused(SignpostingError, "participant"):
        explainer.explain([[0, 0]], bad, 0)
    with refused(SignpostingError, "participants[0]"):
        Registrations.from_pairs([bad], [0], 1)


def test_signposting_refuses_a_string_of_practice_names_and_mismatched_pairs():
    with refused(SignpostingError, "practices"):
        ReasonTexts("Listening")
    with refused(SignpostingError, "participants"):
        assess([[0, 0]], _activities(), [0, 0], [0])


def test_signposting_nothing_is_empty():
    assessment = assess([[0, 0]], _activities(), [], [])
    assert assessment.fit.shape == (0,) and assessment.score.shape == (0,)
    found = recommend(np.zeros((0, 2)), _activities(), now=0, k=3)
    assert found.activity.shape == (0, 3)
    none = Activities(np.zeros((0, 2)), np.zeros((0, 2)), [], [], [])
    assert recommend([[0, 0]], none, now=0, k=2).activity.tolist() == [[-1, -1]]
    assert audience_labels(np.zeros((0, 2)), np.zeros((0, 2)), []).shape == (0,)
    assert hardest_practice(np.zeros((0, 2)), np.zeros((0, 2))).shape == (0,)


@QUICK
@given(NOT_FINITE)
def test_labels_refuse_strictness_that_is_not_finite(bad):
    with refused(SignpostingError, "strictness[0, 0]"):
        hardest_practice([[1]], [[bad]])


@QUICK
@given(FRACTIONS)
def test_journeys_refuse_fractional_targets_and_rows(bad):
    with refused(JourneyError, "target.level"):
        plan_journey([0, 0], _activities(), PracticeTarget(0, 1 + bad), now=0)
    with refused(JourneyError, "target.activity"):
        plan_journey([0, 0], _activities(), ActivityTarget(bad), now=0)
    with refused(JourneyError, "registered[0]"):
        plan_journey([0, 0], _activities(), PracticeTarget(0, 2), now=0, registered=[bad])


@QUICK
@given(st.integers(-10, -1) | st.integers(2, 10))
def test_journeys_refuse_targets_out_of_range(bad):
    with refused(JourneyError, "target.practice"):
        plan_journey([0, 0], _activities(), PracticeTarget(bad, 1), now=0)
    with refused(JourneyError, "target.activity"):
        plan_journey([0, 0], _activities(), ActivityTarget(bad), now=0)


@QUICK
@given(FRACTIONS | NOT_FINITE)
def test_social_learning_refuses_levels_that_are_not_whole(bad):
    with refused(SocialLearningError, "level"):
        level_after_attendance([bad], [1], [0.3])
    with refused(SocialLearningError, "observed_level"):
        combined_level(1, bad)
    with refused(SocialLearningError, "self_levels[0]"):
        combined_levels([bad], [1])
    with refused(SocialLearningError, "required[0]"):
        observed_levels_after_attendance([-1], [0], [bad], [0.3])


def test_social_learning_of_nothing_is_empty():
    assert combined_levels([], []).shape == (0,)
    assert level_after_attendance([], [], []).shape == (0,)
    with refused(SocialLearningError, "shapes"):
        combined_levels([0, 1], [0, 1, 2])


# --- text coding and advice -----------------------------------------------------------------


def test_text_coding_refuses_strings_where_lists_and_sets_are_meant():
    book = default_code_book()
    key = book.keys[0]
    with refused(TextCodingError, "labels[0]"):
        Coder(book).fit(["we could not hear"], [key])
    with refused(TextCodingError, "texts"):
        match_seeds("one answer", book)
    with refused(TextCodingError, "model_codes"):
        agreement(key, [{key}], book)
    with refused(TextCodingError, "labels[1]"):
        agreement([{key}, set()], [{key}, key], book)


@QUICK
@given(NOT_FINITE | FRACTIONS)
def test_text_coding_refuses_odd_settings_by_name(bad):
    book = default_code_book()
    with refused(TextCodingError, "pseudo_per_code"):
        Coder(book, pseudo_per_code=bad)
    if not math.isfinite(bad):
        with refused(TextCodingError, "regularisation"):
            Coder(book, regularisation=bad)


def test_text_coding_of_nothing_is_empty():
    book = default_code_book()
    assert match_seeds([], book) == []
    nothing = agreement([], [], book)
    assert nothing.n == 0 and nothing.mean_kappa is None


def test_advice_refuses_figures_that_are_not_a_mapping():
    with refused(AdviceError, "figures"):
        advise([], [("conflict", 0.5)], "activity")
    with refused(AdviceError, "figures"):
        render("{conflict}", [("conflict", 0.5)])
    assert advise([], {}, "season") == []
