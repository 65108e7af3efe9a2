"""The season as the engines see it: activities × practices, in three queries, cached."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overture.season import services
from overture.season.matrix import build_season_matrix, season_matrix
from overture.season.models import FORMAT_SCALE, Activity, Format
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

    matrix = build_season_matrix(org)

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
            matrix = build_season_matrix(org)
        counts.append(len(queries))
        assert (matrix.activities.required >= 0).sum() == 3 * len(matrix.activity_ids)
    assert counts == [3, 3]


def test_the_matrix_is_cached_and_staff_changes_show_at_once(
    org, django_capture_on_commit_callbacks
):
    practice = factories.practice(org)
    first = factories.activity(org, "First", requirements=[(practice, 0, 0.2)])
    season_matrix(org)
    with CaptureQueriesContext(connection) as queries:
        cached = season_matrix(org)
    assert len(queries) == 0
    assert cached.activity_ids.tolist() == [first.pk]

    # Saving through the service (as the staff pages do) invalidates the cached matrix.
    with django_capture_on_commit_callbacks(execute=True):
        services.save_activity(org, first, [services.RequirementSpec(practice.pk, 2, 0.9)], [])
    assert season_matrix(org).activities.required.tolist() == [[2]]

    with django_capture_on_commit_callbacks(execute=True):
        services.change_activity_status(org, first.pk, "cancel")
    assert season_matrix(org).activity_ids.tolist() == []
