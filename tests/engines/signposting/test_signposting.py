"""The signposting engine: fit categories, scores, reasons and recommendations (no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.engines.signposting import (
    Activities,
    Explainer,
    Fit,
    Registrations,
    SignpostingError,
    assess,
    explain,
    recommend,
)
from overture.engines.signposting import ranking as signposting_ranking
from overture.signposting.texts import ReasonTexts

DAY = 86_400
NOW = 10 * DAY
LISTENING, APPLAUDING, SINGING = 0, 1, 2
PRACTICES = ["Listening in silence", "Applauding at the right moment", "Singing in a choir"]
SYMPHONY, RELAXED, COME_AND_SING, CHAMBER = 0, 5, 7, 1
FORMAT_LABELS = {SYMPHONY: "Symphony concert", RELAXED: "Relaxed performance", CHAMBER: "Chamber"}


def season(*activities: dict) -> Activities:
    """Activities from {practice: (required level, strictness)} plus format and timing."""
    required = np.full((len(activities), len(PRACTICES)), -1)
    strictness = np.zeros(required.shape)
    for row, activity in enumerate(activities):
        for practice, (level, strict) in activity["practices"].items():
            required[row, practice] = level
            strictness[row, practice] = strict
    return Activities(
        required=required,
        strictness=strictness,
        scale=[a.get("scale", 0.0) for a in activities],
        starts_at=[a.get("starts", NOW + (row + 1) * DAY) for row, a in enumerate(activities)],
        places_left=[a.get("places", 10) for a in activities],
        format=[a.get("format", SYMPHONY) for a in activities],
    )


def one(levels: list, activity: dict, texts: ReasonTexts | None = None):
    """Fit, score and reason texts of one activity for one participant."""
    acts = season(activity)
    result = assess([levels], acts, [0], [0])
    texts = texts or ReasonTexts(PRACTICES)
    reasons = explain([levels], acts, 0, 0).reasons
    return Fit(int(result.fit[0])), float(result.score[0]), [texts.text(r) for r in reasons]


RELAXED_PERFORMANCE = {"practices": {LISTENING: (0, 0.05)}, "scale": 0.5, "format": RELAXED}
COME_AND_SING_DAY = {"practices": {SINGING: (1, 0.3)}, "scale": 0.75, "format": COME_AND_SING}
MAHLER = {"practices": {LISTENING: (2, 0.9), APPLAUDING: (1, 0.7)}, "format": SYMPHONY}


class TestCategories:
    def test_newcomer_at_a_relaxed_performance_has_a_good_first_step(self):
        fit, score, reasons = one([0, 0, 0], RELAXED_PERFORMANCE)
        assert fit is Fit.GOOD_FIRST_STEP
        # welcome 1.0 × max(scale 0.5, 1 - strictness 0.05) = 0.95, one practice
        assert score == round(0.95 * 256) / 256
        assert reasons == [
            "Listening in silence: new to you, and no experience is needed — a good way to start"
        ]

    def test_one_relaxed_step_beyond_a_newcomer_is_still_a_good_first_step(self):
        fit, score, reasons = one([0, 0, 0], COME_AND_SING_DAY)
        assert fit is Fit.GOOD_FIRST_STEP
        # gap 1 costs 0.5 + 1.5 × 0.3 = 0.95; welcome max(0.75, 0.7) = 0.75
        assert score == round((0.75 - 0.95) * 256) / 256
        assert reasons == [
            "Singing in a choir: new to you, and this activity is relaxed about it — "
            "a good way to start"
        ]

    def test_a_regular_at_a_symphony_concert_is_right_for_it(self):
        fit, score, reasons = one([3, 2, 0], MAHLER)
        assert fit is Fit.RIGHT_FOR_YOU
        # per practice (welcome 1 + familiarity 0.5 × level / 3) / 2 practices
        expected = round((1 + 0.5) / 2 * 256) + round((1 + 0.5 * 2 / 3) / 2 * 256)
        assert score == expected / 256
        assert reasons == [
            "Listening in silence: you've done this before",
            "Applauding at the right moment: you've done this before",
        ]

    def test_welcoming_activity_for_someone_new_to_one_practice_is_a_good_first_step(self):
        family = {"practices": {APPLAUDING: (0, 0.2), SINGING: (0, 0.2)}, "scale": 0.4}
        assert one([0, 3, 0], family)[0] is Fit.GOOD_FIRST_STEP
        assert one([0, 3, 2], family)[0] is Fit.RIGHT_FOR_YOU

    def test_strict_room_asking_no_experience_is_right_for_a_newcomer(self):
        mahler_for_all = {"practices": {LISTENING: (0, 0.9)}, "scale": 0.0}
        fit, _, reasons = one([0, 0, 0], mahler_for_all)
        assert fit is Fit.RIGHT_FOR_YOU  # not welcoming: provider-led and strict
        assert reasons == [
            "Listening in silence: new to you and no experience is needed, but the room "
            "expects this to be followed closely — read how it's done before you come"
        ]

    def test_one_relaxed_level_short_at_a_demanding_activity_is_a_stretch(self):
        chamber = {"practices": {LISTENING: (2, 0.3), APPLAUDING: (1, 0.8)}, "format": CHAMBER}
        fit, _, reasons = one([1, 2, 0], chamber)
        assert fit is Fit.STRETCH
        assert reasons[0] == (
            "Listening in silence: one step beyond what you've done so far, and this "
            "activity is relaxed about it — a good way to grow"
        )
        assert reasons[1] == "Applauding at the right moment: you've done this before"

    def test_a_gap_on_a_strict_practice_means_prepare_first(self):
        fit, _, reasons = one([1, 1, 0], MAHLER)
        assert fit is Fit.PREPARE_FIRST
        assert reasons[0] == (
            "Listening in silence: asks for some experience (regular level); you're at "
            "beginner level — try a more relaxed activity first"
        )

    def test_two_levels_short_means_prepare_first_even_when_relaxed(self):
        workshop = {"practices": {SINGING: (2, 0.1)}, "scale": 0.85}
        assert one([0, 0, 0], workshop)[0] is Fit.PREPARE_FIRST
        assert one([0, 0, 1], workshop)[0] is Fit.STRETCH

    def test_prepare_first_suggests_a_format_where_the_practice_is_within_reach(self):
        acts = season(MAHLER, RELAXED_PERFORMANCE)
        texts = ReasonTexts(PRACTICES, format_labels=FORMAT_LABELS)
        reasons = explain([[0, 0, 0]], acts, 0, 0).reasons
        assert reasons[0].situation == "prepare"
        assert texts.text(reasons[0]).endswith("try a relaxed performance first")

    def test_unknown_levels_count_as_newcomer_but_say_we_do_not_know(self):
        fit, score, reasons = one([-1, -1, -1], COME_AND_SING_DAY)
        assert (fit, score) == one([0, 0, 0], COME_AND_SING_DAY)[:2]
        assert reasons == [
            "Singing in a choir: we don't know yet whether you've done this — for beginners and up"
        ]
        _, _, reasons = one([np.nan, np.nan, np.nan], MAHLER)
        assert reasons[0].startswith(
            "Listening in silence: we don't know yet whether you've done this, and it asks "
            "for regular level"
        )

    def test_practice_texts_replace_the_generic_ones(self):
        texts = ReasonTexts(
            PRACTICES,
            templates={
                LISTENING: {"done_before": "You'll listen in silence — you've done this before"},
                "Applauding at the right moment": {
                    "prepare": "Applause comes at the end of the whole symphony: the guide "
                    "explains when ({level} so far)"
                },
            },
        )
        _, _, reasons = one([2, 0, 0], MAHLER, texts)
        assert reasons == [
            "Applause comes at the end of the whole symphony: the guide explains when "
            "(newcomer so far)",
            "You'll listen in silence — you've done this before",
        ]


class TestRecommend:
    def test_a_newcomer_is_pointed_to_good_first_steps_before_a_strict_concert(self):
        acts = season(MAHLER, RELAXED_PERFORMANCE, COME_AND_SING_DAY)
        result = recommend([[0, 0, 0]], acts, now=NOW).for_participant(0)
        assert [r.activity for r in result] == [1, 2]  # Mahler (prepare first) left out
        assert {r.fit for r in result} == {Fit.GOOD_FIRST_STEP}

    def test_past_full_and_registered_activities_are_left_out(self):
        past = dict(RELAXED_PERFORMANCE, starts=NOW)
        full = dict(RELAXED_PERFORMANCE, places=0)
        acts = season(past, full, RELAXED_PERFORMANCE, RELAXED_PERFORMANCE)
        registrations = Registrations.from_pairs([0], [3], 1)
        result = recommend([[0, 0, 0]], acts, now=NOW, registrations=registrations)
        assert [r.activity for r in result.for_participant(0)] == [2]

    def test_variety_across_formats_beats_a_slightly_better_score(self):
        close = [dict(RELAXED_PERFORMANCE, starts=NOW + d * 30 * DAY) for d in (1, 2)]
        other = {"practices": {LISTENING: (0, 0.2)}, "scale": 0.4, "format": 4}
        acts = season(*close, dict(other, starts=NOW + 90 * DAY))
        scores = assess([[0, 0, 0]], acts, [0, 0, 0], [0, 1, 2]).score
        assert scores[2] < scores[1] == scores[0]
        result = recommend([[0, 0, 0]], acts, now=NOW, k=3).for_participant(0)
        assert [r.activity for r in result] == [0, 2, 1]

    def test_registrations_in_a_format_lower_its_score(self):
        acts = season(RELAXED_PERFORMANCE, RELAXED_PERFORMANCE)
        registrations = Registrations.from_pairs([0], [0], 1)
        plain = assess([[0, 0, 0]], acts, [0], [1]).score[0]
        varied = assess([[0, 0, 0]], acts, [0], [1], registrations=registrations).score[0]
        assert varied == plain - 26 / 256

    def test_explanations_follow_the_recommendations(self):
        acts = season(MAHLER, RELAXED_PERFORMANCE, COME_AND_SING_DAY)
        result = recommend([[0, 0, 0]], acts, now=NOW)
        explainer = Explainer(acts, now=NOW)
        explained = explainer.explain_recommendations([[0, 0, 0]], result, 0)
        assert [e.activity for e in explained] == [1, 2]
        assert [e.score for e in explained] == list(result.score[0, :2])

    def test_bad_inputs_are_refused(self):
        acts = season(MAHLER)
        with pytest.raises(SignpostingError):
            recommend([[4, 0, 0]], acts, now=NOW)
        with pytest.raises(SignpostingError):
            recommend([[0, 0]], acts, now=NOW)
        with pytest.raises(SignpostingError):
            Activities(
                required=[[0]], strictness=[[1.5]], scale=[0], starts_at=[0], places_left=[1]
            )


# Properties over small random seasons and audiences.


def cells(draw, count: int, values):
    return draw(st.lists(values, min_size=count, max_size=count))


@st.composite
def seasons(draw) -> Activities:
    count = draw(st.integers(1, 8))
    practices = draw(st.integers(0, 4))
    shape = (count, practices)
    strictness = st.sampled_from([0.0, 0.2, 0.49, 0.5, 0.8, 1.0])
    return Activities(
        required=np.array(cells(draw, count * practices, st.integers(-1, 3))).reshape(shape),
        strictness=np.array(cells(draw, count * practices, strictness)).reshape(shape),
        scale=cells(draw, count, st.sampled_from([0.0, 0.2, 0.5, 0.75, 1.0])),
        starts_at=cells(draw, count, st.integers(0, 40)),
        places_left=cells(draw, count, st.integers(0, 2)),
        format=cells(draw, count, st.integers(0, 3)),
    )


@st.composite
def audiences(draw):
    acts = draw(seasons())
    people = draw(st.integers(1, 6))
    practices = acts.practice_count
    levels = cells(draw, people * practices, st.integers(-1, 3))
    levels = np.array(levels, dtype=np.int8).reshape(people, practices)
    pairs = draw(
        st.lists(st.tuples(st.integers(0, people - 1), st.integers(0, len(acts) - 1)), unique=True)
    )
    registered = Registrations.from_pairs([p for p, _ in pairs], [a for _, a in pairs], people)
    k = draw(st.integers(1, 4))
    return acts, levels, registered, k


def starts_in_days(acts: Activities) -> Activities:
    """The same season with starts in days, so that "a week apart" happens."""
    return Activities(
        required=acts.required,
        strictness=acts.strictness,
        scale=acts.scale,
        starts_at=acts.starts_at * DAY,
        places_left=acts.places_left,
        format=acts.format,
    )


def all_pairs(levels, acts, registrations=None):
    people, activities = np.meshgrid(np.arange(len(levels)), np.arange(len(acts)), indexing="ij")
    return assess(levels, acts, people.ravel(), activities.ravel(), registrations=registrations)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(audiences(), st.data())
def test_raising_a_level_never_worsens_fit_or_score(case, data):
    acts, levels, registered, _ = case
    if acts.practice_count == 0:
        return
    person = data.draw(st.integers(0, len(levels) - 1))
    practice = data.draw(st.integers(0, acts.practice_count - 1))
    current = int(levels[person, practice])
    if current == 3:
        return
    raised = levels.copy()
    raised[person, practice] = data.draw(st.integers(current + 1, 3))
    before = all_pairs(levels, acts, registered)
    after = all_pairs(raised, acts, registered)
    assert np.all(after.fit >= before.fit)
    assert np.all(after.score >= before.score)


@FAST
@given(audiences())
def test_an_empty_profile_fits_like_an_all_newcomer_profile(case):
    acts, levels, _, _ = case
    unknown = all_pairs(np.full(levels.shape, np.nan), acts)
    newcomer = all_pairs(np.zeros(levels.shape), acts)
    assert np.array_equal(unknown.fit, newcomer.fit)
    assert np.array_equal(unknown.score, newcomer.score)


@FAST
@given(audiences())
def test_recommendations_leave_out_past_full_and_registered_activities(case):
    acts, levels, registered, k = case
    result = recommend(levels, acts, now=20, registrations=registered, k=k)
    for person in range(len(levels)):
        mine = set(registered.indices[registered.indptr[person] : registered.indptr[person + 1]])
        for item in result.for_participant(person):
            assert acts.starts_at[item.activity] > 20
            assert acts.places_left[item.activity] > 0
            assert item.activity not in mine


@FAST
@given(audiences())
def test_prepare_first_is_never_recommended_while_something_fits(case):
    acts, levels, registered, k = case
    newcomers = np.where(np.arange(len(levels))[:, None] % 2 == 0, 0, levels)  # half new
    result = recommend(newcomers, acts, now=20, registrations=registered, k=k)
    fits = all_pairs(newcomers, acts).fit.reshape(len(levels), len(acts))
    for person in range(len(levels)):
        mine = set(registered.indices[registered.indptr[person] : registered.indptr[person + 1]])
        open_ = [a for a in acts.upcoming(20) if a not in mine]
        if any(fits[person, a] >= Fit.GOOD_FIRST_STEP for a in open_):
            assert Fit.PREPARE_FIRST not in result.fit[person]


@FAST
@given(audiences(), st.integers(1, 4), st.integers(1, 2))
def test_results_are_deterministic_and_independent_of_chunking(case, chunk_size, workers):
    acts, levels, registered, k = case
    acts = starts_in_days(acts)
    whole = recommend(levels, acts, now=20 * DAY, registrations=registered, k=k)
    again = recommend(levels, acts, now=20 * DAY, registrations=registered, k=k)
    chunked = recommend(
        levels,
        acts,
        now=20 * DAY,
        registrations=registered,
        k=k,
        chunk_size=chunk_size,
        workers=workers,
    )
    for other in (again, chunked):
        assert np.array_equal(whole.activity, other.activity)
        assert np.array_equal(whole.fit, other.fit)
        assert np.array_equal(whole.score, other.score, equal_nan=True)


@FAST
@given(audiences())
def test_recommendations_match_a_plain_python_reading_of_the_rules(case):
    acts, levels, registered, k = case
    acts = starts_in_days(acts)
    result = recommend(levels, acts, now=20 * DAY, registrations=registered, k=k)
    for person in range(len(levels)):
        got = [(r.activity, r.fit, r.score) for r in result.for_participant(person)]
        assert got == reference(levels, acts, person, registered, k, now=20 * DAY)


def reference(levels, acts: Activities, person: int, registered: Registrations, k: int, now):
    """Recommendations for one person, straight from the documented rules."""
    mine = set(registered.indices[registered.indptr[person] : registered.indptr[person + 1]])
    open_ = [a for a in range(len(acts)) if acts.starts_at[a] > now]
    open_ = [a for a in open_ if acts.places_left[a] > 0 and a not in mine]
    pairs = assess(levels, acts, [person] * len(open_), open_, registrations=registered)
    items = [(Fit(int(f)), s, a) for f, s, a in zip(pairs.fit, pairs.score, open_, strict=True)]
    if any(fit >= Fit.GOOD_FIRST_STEP for fit, _, _ in items):
        items = [item for item in items if item[0] is not Fit.PREPARE_FIRST]
    items.sort(key=lambda item: (item[0] is Fit.PREPARE_FIRST, -item[1], item[2]))
    items = items[: 4 * k]
    chosen = []
    while items and len(chosen) < k:

        def adjusted(item, chosen=chosen):
            same = sum(acts.format[c[2]] == acts.format[item[2]] for c in chosen)
            near = sum(
                abs(acts.starts_at[c[2]] - acts.starts_at[item[2]]) < 7 * DAY for c in chosen
            )
            return (item[0] is not Fit.PREPARE_FIRST, item[1] - 0.5 * same - 0.25 * near)

        best = max(items, key=adjusted)  # max keeps the first of equals: the better-ranked
        items.remove(best)
        chosen.append(best)
    return [(a, fit, s) for fit, s, a in chosen]


@FAST
@given(audiences())
def test_wide_keys_give_the_same_recommendations(case):
    acts, levels, registered, k = case
    narrow = recommend(levels, acts, now=20, registrations=registered, k=k)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signposting_ranking, "INT32_KEYS_BELOW", 0)  # int64 keys throughout
        wide = recommend(levels, acts, now=20, registrations=registered, k=k)
    assert np.array_equal(narrow.activity, wide.activity)
    assert np.array_equal(narrow.score, wide.score, equal_nan=True)


@FAST
@given(audiences())
def test_assess_matches_the_formula_practice_by_practice(case):
    acts, levels, _, _ = case
    result = all_pairs(levels, acts)
    for index, (person, activity) in enumerate(np.ndindex(len(levels), len(acts))):
        assert result.score[index] == formula_score(levels[person], acts, activity)


def formula_score(levels, acts: Activities, activity: int) -> float:
    involved = [p for p in range(acts.practice_count) if acts.required[activity, p] >= 0]
    if not involved:
        return 1.0
    max_required = max(acts.required[activity, p] for p in involved)
    strictest = max(acts.strictness[activity, p] for p in involved)
    welcome = max(acts.scale[activity], 1 - strictest) if max_required <= 1 else 0.0
    units = 0
    for p in involved:
        level = max(int(levels[p]), 0)
        gap = max(int(acts.required[activity, p]) - level, 0)
        cost = gap * (0.5 + 1.5 * acts.strictness[activity, p])
        share = (1.0 * (welcome if level == 0 else 1.0) + 0.5 * level / 3) / len(involved)
        units += round((share - cost) * 256)
    return units / 256
