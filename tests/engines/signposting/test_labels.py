"""Audience labels for anonymous visitors, from requirements alone (no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.engines.signposting import Activities, Fit, SignpostingError, assess
from overture.engines.signposting.labels import (
    AudienceLabel,
    audience_labels,
    hardest_practice,
    labels_of,
)
from overture.signposting.texts import label_words

IDEAL = AudienceLabel.IDEAL_FIRST_VISIT
SOME = AudienceLabel.SOME_EXPERIENCE_HELPS
EXPERIENCED = AudienceLabel.FOR_EXPERIENCED


def label(practices: list[tuple[int, float]], scale: float = 0.0) -> AudienceLabel:
    """The label of one activity from (required level, strictness) per practice."""
    required = [[level for level, _ in practices]]
    strictness = [[strict for _, strict in practices]]
    return AudienceLabel(int(audience_labels(required, strictness, [scale])[0]))


@pytest.mark.parametrize(
    ("practices", "scale", "expected"),
    [
        # A relaxed performance: nothing asked, relaxed about everything.
        ([(0, 0.1), (0, 0.05)], 0.5, IDEAL),
        # Novice level is fine where the room is relaxed...
        ([(1, 0.49)], 0.2, IDEAL),
        # ...but not where it is strict (the newcomer would have to prepare first).
        ([(1, 0.5)], 0.75, SOME),
        # Nothing asked but a strict room at a provider-led concert: not welcoming.
        ([(0, 0.9)], 0.0, SOME),
        # The same at the consumer-led end of the scale is welcoming again.
        ([(0, 0.9)], 0.75, IDEAL),
        # Regular level on a relaxed practice: a novice is one step short, no more.
        ([(2, 0.3)], 1.0, SOME),
        # Regular level where strict, or expert anywhere: a novice must prepare first.
        ([(2, 0.5), (0, 0.0)], 1.0, EXPERIENCED),
        ([(3, 0.0)], 1.0, EXPERIENCED),
        # Not involved (-1) counts for nothing, whatever its strictness.
        ([(-1, 1.0), (0, 0.2)], 0.0, IDEAL),
        # No practice at all: come as you are.
        ([], 0.0, IDEAL),
    ],
)
def test_exact_labels(practices, scale, expected):
    assert label(practices, scale) is expected


def test_the_demo_formats_get_honest_labels():
    required = [
        [2, 1, 0, -1, -1],  # symphony concert: regular listening in silence (strict)
        [0, -1, -1, -1, -1],  # relaxed performance
        [-1, -1, -1, 1, 1],  # come-and-sing: novice singing where strict
        [1, -1, -1, -1, -1],  # open rehearsal: relaxed about silence at novice level
    ]
    strictness = [
        [0.9, 0.7, 0.3, 0, 0],
        [0.05, 0, 0, 0, 0],
        [0, 0, 0, 0.5, 0.4],
        [0.4, 0, 0, 0, 0],
    ]
    codes = audience_labels(required, strictness, [0.0, 0.5, 0.75, 0.55])
    assert [AudienceLabel(c) for c in codes] == [EXPERIENCED, IDEAL, SOME, IDEAL]
    assert codes.dtype == np.int8


def test_words_are_the_level_words_of_the_requirement_lines():
    assert label_words(IDEAL) == "Newcomers welcome"
    assert label_words(SOME) == "For beginners and up"
    assert label_words(EXPERIENCED) == "For regulars and experts"


def test_hardest_practice_is_the_highest_level_then_the_strictest():
    required = [[1, 2, 2, -1], [0, 0, -1, -1], [-1, -1, -1, -1], [3, 2, -1, -1]]
    strictness = [[0.9, 0.4, 0.6, 1.0], [0.2, 0.2, 1.0, 1.0], [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 0]]
    assert hardest_practice(required, strictness).tolist() == [2, 0, -1, 0]
    assert hardest_practice(np.zeros((2, 0)), np.zeros((2, 0))).tolist() == [-1, -1]


def test_bad_inputs_are_refused():
    with pytest.raises(SignpostingError):
        audience_labels([[0]], [[1.5]], [0.0])
    with pytest.raises(SignpostingError):
        audience_labels([[4]], [[0.5]], [0.0])
    with pytest.raises(SignpostingError):
        audience_labels([[0], [1]], [[0.5], [0.5]], [0.0])


# Properties over small random seasons.

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STRICTNESS = st.sampled_from([0.0, 0.2, 0.33, 0.49, 0.5, 0.67, 0.8, 1.0])


@st.composite
def seasons(draw) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    count = draw(st.integers(1, 6))
    practices = draw(st.integers(0, 4))
    cells = count * practices
    required = draw(st.lists(st.integers(-1, 3), min_size=cells, max_size=cells))
    strictness = draw(st.lists(STRICTNESS, min_size=cells, max_size=cells))
    scale = draw(
        st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.75, 1.0]), min_size=count, max_size=count)
    )
    return (
        np.array(required, dtype=np.int64).reshape(count, practices),
        np.array(strictness).reshape(count, practices),
        np.array(scale),
    )


@FAST
@given(seasons(), st.data())
def test_asking_more_never_makes_a_label_friendlier(season, data):
    required, strictness, scale = season
    if required.shape[1] == 0:
        return
    before = audience_labels(required, strictness, scale)
    row = data.draw(st.integers(0, required.shape[0] - 1))
    column = data.draw(st.integers(0, required.shape[1] - 1))
    raised_level, raised_strictness = required.copy(), strictness.copy()
    raised_level[row, column] = data.draw(st.integers(int(required[row, column]), 3))
    raised_strictness[row, column] = data.draw(
        st.floats(float(strictness[row, column]), 1.0, allow_nan=False)
    )
    for harder in (
        audience_labels(raised_level, strictness, scale),
        audience_labels(required, raised_strictness, scale),
        audience_labels(raised_level, raised_strictness, scale),
    ):
        assert np.all(harder >= before)


@FAST
@given(seasons())
def test_labels_agree_with_the_fit_of_a_newcomer_and_of_a_novice(season):
    required, strictness, scale = season
    count, practices = required.shape
    acts = Activities(
        required, strictness, scale, starts_at=np.zeros(count), places_left=[1] * count
    )
    codes = labels_of(acts)
    everyone = np.arange(count)
    newcomer = assess(np.zeros((1, practices)), acts, np.zeros(count), everyone).fit
    novice = assess(np.ones((1, practices)), acts, np.zeros(count), everyone).fit
    unknown = assess(np.full((1, practices), -1), acts, np.zeros(count), everyone).fit
    ideal = codes == IDEAL
    # Ideal first visit: welcoming, and someone new to everything can simply come.
    assert np.array_equal(ideal, acts.welcoming & (newcomer != Fit.PREPARE_FIRST))
    assert np.all(np.isin(newcomer[ideal], [Fit.GOOD_FIRST_STEP, Fit.RIGHT_FOR_YOU]))
    assert np.array_equal(unknown, newcomer)
    # For experienced: exactly where a novice in everything would have to prepare first.
    assert np.array_equal(codes == EXPERIENCED, novice == Fit.PREPARE_FIRST)


@FAST
@given(seasons())
def test_the_hardest_practice_of_an_activity_for_experienced_people_blocks_a_novice(season):
    required, strictness, scale = season
    codes = audience_labels(required, strictness, scale)
    hardest = hardest_practice(required, strictness)
    for row in np.flatnonzero(codes == EXPERIENCED):
        level, strict = required[row, hardest[row]], strictness[row, hardest[row]]
        assert level == 3 or (level == 2 and strict >= 0.5)
    assert np.all((hardest >= 0) == (required >= 0).any(axis=1))
