"""Social learning: how attending moves observed levels, and how levels are read (no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from overture.engines.levels import UNKNOWN
from overture.engines.signposting.social_learning import (
    combined_level,
    combined_levels,
    level_after_attendance,
    observed_after_attendance,
    observed_levels_after_attendance,
)

NEWCOMER, NOVICE, REGULAR, EXPERT = range(4)


class TestCombinedLevel:
    @pytest.mark.parametrize(
        ("self_level", "observed", "expected"),
        [
            (UNKNOWN, UNKNOWN, UNKNOWN),
            (None, None, UNKNOWN),
            (REGULAR, UNKNOWN, REGULAR),
            (REGULAR, None, REGULAR),
            (UNKNOWN, NOVICE, NOVICE),
            (EXPERT, NOVICE, NOVICE),  # what was seen outranks what was said, downwards too
            (NEWCOMER, REGULAR, REGULAR),
            (NEWCOMER, UNKNOWN, NEWCOMER),
        ],
    )
    def test_observed_else_self_assessed_else_unknown(self, self_level, observed, expected):
        assert combined_level(self_level, observed) == expected

    def test_arrays_follow_the_same_rule(self):
        own = np.array([-1, 2, 3, -1, 0])
        seen = np.array([-1, -1, 1, 2, 3])
        assert combined_levels(own, seen).tolist() == [
            combined_level(a, b) for a, b in zip(own.tolist(), seen.tolist(), strict=True)
        ]


class TestAttendance:
    def test_a_newcomer_at_a_relaxed_come_and_sing_becomes_a_novice(self):
        assert observed_after_attendance(UNKNOWN, NEWCOMER, required=1, strictness=0.3) == NOVICE

    def test_nobody_said_anything_yet_counts_as_a_newcomer(self):
        assert observed_after_attendance(None, None, required=1, strictness=0.3) == NOVICE

    def test_an_activity_asking_no_experience_takes_a_newcomer_to_novice_only(self):
        # Mahler 5 for everyone: newcomer level, strict about silence.
        assert observed_after_attendance(UNKNOWN, NEWCOMER, 0, 0.9) == NOVICE
        assert observed_after_attendance(NOVICE, UNKNOWN, 0, 0.9) == NOVICE  # no change
        assert observed_after_attendance(UNKNOWN, NOVICE, 0, 0.9) == UNKNOWN  # nothing new

    def test_one_relaxed_level_up_counts(self):
        assert observed_after_attendance(UNKNOWN, NOVICE, REGULAR, 0.3) == REGULAR

    def test_never_more_than_the_activity_asks(self):
        assert observed_after_attendance(UNKNOWN, REGULAR, REGULAR, 0.1) == UNKNOWN
        assert observed_after_attendance(REGULAR, UNKNOWN, NOVICE, 0.1) == REGULAR

    def test_too_far_or_too_strict_counts_only_with_a_buddy(self):
        # Novice listener at a strict symphony concert asking regular listening.
        assert observed_after_attendance(UNKNOWN, NOVICE, REGULAR, 0.9) == UNKNOWN
        assert observed_after_attendance(UNKNOWN, NOVICE, REGULAR, 0.9, with_buddy=True) == REGULAR
        # A newcomer at an expert chamber evening: one level at most, even with a buddy.
        assert observed_after_attendance(UNKNOWN, NEWCOMER, EXPERT, 0.2) == UNKNOWN
        assert observed_after_attendance(UNKNOWN, NEWCOMER, EXPERT, 0.2, with_buddy=True) == 1

    def test_the_step_starts_from_the_observed_level_when_there_is_one(self):
        # Said expert, seen as novice: a relaxed regular-level activity moves the observed one.
        assert observed_after_attendance(NOVICE, EXPERT, REGULAR, 0.3) == REGULAR

    def test_an_observation_never_reads_below_what_the_person_said(self):
        # Said regular, nothing observed yet: a relaxed expert-level activity gives expert.
        assert observed_after_attendance(UNKNOWN, REGULAR, EXPERT, 0.3) == EXPERT

    @pytest.mark.parametrize(
        "args",
        [(4, 0, 1, 0.5), (0, -2, 1, 0.5), (0, 0, 4, 0.5), (0, 0, -1, 0.5), (0, 0, 1, 1.5)],
    )
    def test_bad_inputs_are_refused(self, args):
        with pytest.raises(ValueError):
            observed_after_attendance(*args)


levels = st.integers(UNKNOWN, EXPERT)
required_levels = st.integers(NEWCOMER, EXPERT)
strictness = st.floats(0, 1)


@given(levels, levels, required_levels, strictness, st.booleans())
def test_properties_of_one_attendance(observed, own, required, strict, buddy):
    after = observed_after_attendance(observed, own, required, strict, buddy)
    before_read = max(combined_level(own, observed), 0)
    after_read = max(combined_level(own, after), 0)
    # Only up, never down, by at most one level — the observed level as well as the reading.
    assert before_read <= after_read <= before_read + 1
    assert after >= observed
    # Never beyond what the activity asks, except that no-experience activities give novice.
    if after != observed:
        assert after <= max(required, 1)
    # A buddy never makes it worse.
    assert observed_after_attendance(observed, own, required, strict, True) >= after


@given(levels, levels, required_levels, strictness, st.booleans())
def test_a_higher_level_never_ends_lower(low, high, required, strict, buddy):
    low, high = sorted((low, high))
    assert level_after_attendance(low, required, strict, buddy) <= level_after_attendance(
        high, required, strict, buddy
    )


@given(
    st.lists(st.tuples(levels, levels, required_levels, strictness), min_size=1, max_size=20),
    st.booleans(),
)
def test_array_version_matches_the_scalar_rule(cells, buddy):
    observed, own, required, strict = (np.array(column) for column in zip(*cells, strict=True))
    expected = [observed_after_attendance(*cell, with_buddy=buddy) for cell in cells]
    got = observed_levels_after_attendance(observed, own, required, strict, buddy)
    assert got.tolist() == expected
    reached = level_after_attendance(combined_levels(own, observed), required, strict, buddy)
    assert np.all(reached >= np.maximum(combined_levels(own, observed), 0))
