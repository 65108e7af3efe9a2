"""Loading the engine's inputs: the season as matrices, levels as vectors, and the cache."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.audience.models import Competence, Registration
from overture.engines.signposting import Activities, Registrations, recommend
from overture.season import services
from overture.season.models import FORMAT_SCALE, Activity, Format
from overture.signposting import selectors
from overture.signposting.personal import recommend_for_one
from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_season_matrix_of_a_constructed_case(org, other_org):
    silence = factories.practice(org, "Listening in silence")
    singing = factories.practice(org, "Singing in a choir")
    chatting = factories.practice(org, "Chatting")
    later = factories.activity(
        org,
        "Come and sing",
        format=Format.COME_AND_SING,
        days_ahead=5,
        capacity=30,
        requirements=[(singing, 1, 0.5), (silence, 0, 0.2)],
    )
    sooner = factories.activity(
        org, "Mahler", days_ahead=2, capacity=10, requirements=[(silence, 2, 0.9)]
    )
    Activity.objects.filter(pk=sooner.pk).update(places_taken=4)
    factories.activity(org, "Draft", status=Activity.Status.DRAFT, requirements=[(chatting, 0, 0)])
    factories.activity(org, "Last week", days_ahead=-7, requirements=[(chatting, 0, 0)])
    factories.activity(other_org, "Elsewhere")

    matrix = selectors.build_season_matrix(org)

    assert matrix.practice_ids == (silence.pk, singing.pk, chatting.pk)
    assert matrix.practice_names == ("Listening in silence", "Singing in a choir", "Chatting")
    assert matrix.activity_ids.tolist() == [sooner.pk, later.pk]  # in order of start
    acts = matrix.activities
    assert acts.required.tolist() == [[2, -1, -1], [0, 1, -1]]  # -1 = not involved
    assert acts.strictness.tolist() == [[0.9, 0.0, 0.0], [0.2, 0.5, 0.0]]
    assert acts.scale.tolist() == [
        FORMAT_SCALE[Format.SYMPHONY_CONCERT],
        FORMAT_SCALE[Format.COME_AND_SING],
    ]
    assert acts.places_left.tolist() == [6, 30]
    assert acts.starts_at.tolist() == [
        int(sooner.starts_at.timestamp()),
        int(later.starts_at.timestamp()),
    ]
    assert acts.format[0] != acts.format[1]
    assert matrix.rows_of([later.pk, 999_999, sooner.pk]).tolist() == [1, -1, 0]


def build(org, count: int) -> None:
    practices = [factories.practice(org) for _ in range(4)]
    for i in range(count):
        factories.activity(
            org,
            days_ahead=1 + i,
            requirements=[(practices[(i + k) % 4], k % 3, 0.3 * k) for k in range(3)],
        )


def test_building_the_matrix_takes_the_same_queries_for_3_or_30_activities(db):
    small, large = factories.organisation(slug="small"), factories.organisation(slug="large")
    build(small, 3)
    build(large, 30)
    counts = []
    for org in (small, large):
        with CaptureQueriesContext(connection) as queries:
            matrix = selectors.build_season_matrix(org)
        counts.append(len(queries))
        assert (matrix.activities.required >= 0).sum() == 3 * len(matrix.activity_ids)
    assert counts == [3, 3]


def test_the_matrix_is_cached_and_staff_changes_show_at_once(
    org, django_capture_on_commit_callbacks
):
    practice = factories.practice(org)
    first = factories.activity(org, "First", requirements=[(practice, 0, 0.2)])
    selectors.season_matrix(org)
    with CaptureQueriesContext(connection) as queries:
        cached = selectors.season_matrix(org)
    assert len(queries) == 0
    assert cached.activity_ids.tolist() == [first.pk]

    # Saving through the service (as the staff pages do) invalidates the cached matrix.
    with django_capture_on_commit_callbacks(execute=True):
        services.save_activity(org, first, [services.RequirementSpec(practice.pk, 2, 0.9)], [])
    assert selectors.season_matrix(org).activities.required.tolist() == [[2]]

    with django_capture_on_commit_callbacks(execute=True):
        services.change_activity_status(org, first.pk, "cancel")
    assert selectors.season_matrix(org).activity_ids.tolist() == []


def test_participant_levels_prefer_observed_over_self_assessed(org, participant):
    a, b, c, d = (factories.practice(org) for _ in range(4))
    factories.competence(participant, a, 1)
    factories.competence(participant, a, 3, source=Competence.Source.OBSERVED)
    factories.competence(participant, b, 2)
    factories.competence(participant, c, 2, source=Competence.Source.OBSERVED)
    other = factories.participant(org, "Someone else")
    factories.competence(other, d, 3)

    levels = selectors.participant_levels(participant, [a.pk, b.pk, c.pk, d.pk])

    assert levels.tolist() == [3, 2, 2, -1]  # observed, self, observed, not yet known
    assert levels.dtype == np.int8
    assert selectors.participant_levels(None, [a.pk, b.pk]).tolist() == [-1, -1]


def test_organisation_levels_follow_the_same_rule_for_everyone(org, other_org):
    a, b = factories.practice(org), factories.practice(org)
    first = factories.participant(org, "First")
    second = factories.participant(org, "Second")
    unknown = factories.participant(org, "Unknown")
    factories.competence(first, a, 0)
    factories.competence(first, a, 2, source=Competence.Source.OBSERVED)
    factories.competence(second, b, 3)
    factories.participant(other_org, "Elsewhere")

    with CaptureQueriesContext(connection) as queries:
        levels = selectors.organisation_levels(org, [a.pk, b.pk])

    assert len(queries) == 3
    rows = sorted([first.pk, second.pk, unknown.pk])
    expected = {first.pk: [2, -1], second.pk: [-1, 3], unknown.pk: [-1, -1]}
    assert levels.tolist() == [expected[pk] for pk in rows]


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
    matrix = selectors.build_season_matrix(org)
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
