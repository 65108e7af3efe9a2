"""Signposting's reads: places held, and one participant's recommendations from the matrix."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.audience.models import Registration
from overture.engines.signposting import Activities, Registrations, recommend
from overture.season.matrix import build_season_matrix
from overture.signposting import selectors
from overture.signposting.personal import recommend_for_one
from tests import factories
from tests.season.test_matrix import build


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_registered_activity_ids_are_the_confirmed_places(org, participant):
    kept, given_back = factories.activity(org), factories.activity(org)
    Registration.objects.create(participant=participant, activity=kept)
    Registration.objects.create(
        participant=participant, activity=given_back, status=Registration.Status.CANCELLED
    )
    assert selectors.registered_activity_ids(participant) == [kept.pk]
    assert selectors.registered_activity_ids(None) == []


def test_one_participant_s_recommendations_on_a_generated_season(org, participant):
    build(org, 12)
    matrix = build_season_matrix(org)
    levels = np.array([0, 1, -1, 2], dtype=np.int8)
    now = timezone.now() + timedelta(hours=1)
    picks = recommend_for_one(levels, matrix.activities, now=now, registered=[3, 5], k=4)
    batch = recommend(
        levels[None],
        matrix.activities,
        now=now,
        registrations=Registrations.from_pairs([0, 0], [3, 5], 1),
        k=4,
    )
    assert picks == batch.for_participant(0)
    assert not {3, 5} & {p.activity for p in picks}


# The quick path for one participant gives exactly what the batch `recommend` gives.

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw):
    count = draw(st.integers(1, 60))
    practices = draw(st.integers(0, 5))
    cells = count * practices

    def many(values, n):
        return draw(st.lists(values, min_size=n, max_size=n))

    acts = Activities(
        required=np.array(many(st.integers(-1, 3), cells)).reshape(count, practices),
        strictness=np.array(many(st.sampled_from([0.0, 0.3, 0.5, 0.9]), cells)).reshape(
            count, practices
        ),
        scale=many(st.sampled_from([0.0, 0.5, 0.75, 1.0]), count),
        starts_at=many(st.integers(0, 30 * 86_400), count),
        places_left=many(st.integers(0, 2), count),
        format=many(st.integers(0, 4), count),
    )
    levels = np.array(many(st.integers(-1, 3), practices), dtype=np.int8)
    registered = draw(st.lists(st.integers(0, count - 1), unique=True, max_size=12))
    return acts, levels, registered, draw(st.integers(1, 5)), draw(st.integers(0, 86_400))


@FAST
@given(cases())
def test_recommend_for_one_is_exactly_the_engine_s_recommend(case):
    acts, levels, registered, k, now = case
    expected = recommend(
        levels[None],
        acts,
        now=now,
        registrations=Registrations.from_pairs(np.zeros(len(registered)), registered, 1),
        k=k,
    ).for_participant(0)
    assert recommend_for_one(levels, acts, now=now, registered=registered, k=k) == expected
