"""Staff “signposting coverage”: who has at least three good fits, and missing entry points."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.audience.models import Competence
from overture.engines.signposting import Activities, Fit, assess
from overture.season.models import Activity, Format
from overture.signposting.coverage import (
    UNKNOWN_SEGMENT,
    entry_point_counts,
    good_fit_counts,
    segments_of,
)
from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def coverage_url(org) -> str:
    return reverse("staff_signposting", kwargs={"org": org.slug})


def test_anonymous_visitors_are_asked_to_log_in(client, org):
    response = client.get(coverage_url(org))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_participants_and_other_organisations_staff_are_refused(
    client, participant_client, org, other_org
):
    assert participant_client.get(coverage_url(org)).status_code == 403
    client.force_login(factories.staff(other_org, username="otto"))
    assert client.get(coverage_url(org)).status_code == 403


def test_the_staff_nav_links_to_coverage(staff_client, org):
    page = staff_client.get(reverse("staff_dashboard", kwargs={"org": org.slug})).content.decode()
    assert f'href="{coverage_url(org)}"' in page


@pytest.fixture
def constructed(org, other_org):
    silence = factories.practice(org, "Listening in silence", strictness=0.9)
    singing = factories.practice(org, "Singing in a choir")
    relaxed = [(silence, 0, 0.1)]
    factories.activity(org, "Relaxed", format=Format.RELAXED_PERFORMANCE, requirements=relaxed)
    factories.activity(
        org, "Family", format=Format.FAMILY_CONCERT, requirements=[(silence, 0, 0.2)]
    )
    factories.activity(org, "Mahler", requirements=[(silence, 2, 0.9)])
    for title in ("Messiah", "Elijah"):
        factories.activity(
            org, title, format=Format.COME_AND_SING, requirements=[(singing, 1, 0.5)]
        )
    # Not open: full, over, draft — and another organisation's.
    full = factories.activity(org, "Full", format=Format.RELAXED_PERFORMANCE, capacity=1)
    Activity.objects.filter(pk=full.pk).update(places_taken=1)
    factories.activity(org, "Over", days_ahead=-3, format=Format.RELAXED_PERFORMANCE)
    factories.activity(
        org, "Draft", status=Activity.Status.DRAFT, format=Format.RELAXED_PERFORMANCE
    )
    factories.activity(other_org, "Elsewhere", format=Format.RELAXED_PERFORMANCE)

    factories.participant(org, "Newcomer, not assessed")  # relaxed + family: 2 good fits
    listener = factories.participant(org, "Regular listener")  # + Mahler: 3
    factories.competence(listener, silence, 2)
    singer = factories.participant(org, "Singer")  # relaxed, family, two come-and-sings: 4
    factories.competence(singer, silence, 0)
    factories.competence(singer, singing, 3)
    novice = factories.participant(org, "Observed novice")  # relaxed + family: 2
    factories.competence(novice, silence, 3)
    factories.competence(novice, silence, 1, source=Competence.Source.OBSERVED)
    factories.competence(novice, singing, 0)
    factories.participant(other_org, "Someone elsewhere")


def test_coverage_numbers_on_a_constructed_season(staff_client, org, constructed):
    response = staff_client.get(coverage_url(org))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.open_activities == 5
    assert (report.total.participants, report.total.covered) == (4, 2)
    by_segment = {s.name: (s.participants, s.covered) for s in report.segments}
    assert by_segment == {
        "Newcomer": (0, 0),
        "Novice": (1, 0),  # median of novice and newcomer, rounded up
        "Regular": (2, 2),  # regular listener; the singer's median of 0 and 3 rounds up to 2
        "Expert": (0, 0),
        "Not yet known": (1, 0),
    }
    entry = {e.practice: e.counts for e in report.entry_points}
    assert entry == {"Listening in silence": (2, 2, 3, 3), "Singing in a choir": (0, 2, 2, 2)}
    page = response.content.decode()
    assert "Singing in a choir: none for newcomers" in page
    assert "<svg" in page and '<title id="chart-title">' in page
    assert "50% · 2 of 4" in page  # the bar for everyone
    assert "<caption>Participants with at least 3 good-fit upcoming activities</caption>" in page
    assert "Worked out at" in page


def test_coverage_is_kept_and_worked_out_again_on_request(staff_client, org, constructed):
    first = staff_client.get(coverage_url(org)).context["report"]
    factories.participant(org, "Latecomer")
    assert staff_client.get(coverage_url(org)).context["report"] == first  # kept

    response = staff_client.post(coverage_url(org))
    assert response.status_code == 302
    again = staff_client.get(coverage_url(org)).context["report"]
    assert again.total.participants == 5
    assert again.computed_at >= first.computed_at


def test_coverage_queries_do_not_grow_with_the_audience(staff_client, org, constructed):
    def visit() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(coverage_url(org))
        return len(queries)

    before = visit()
    for i in range(20):
        person = factories.participant(org, f"Extra {i}")
        factories.competence(person, org.practices.first(), i % 4)
    assert visit() == before


def test_an_organisation_without_participants_or_practices(staff_client, org):
    response = staff_client.get(coverage_url(org))
    assert response.status_code == 200
    page = response.content.decode()
    assert "No participants yet" in page
    assert "No practices yet" in page


def test_segments_are_the_median_known_level_rounded_up():
    levels = np.array(
        [
            [-1, -1, -1],
            [0, -1, -1],
            [0, 1, -1],
            [3, 0, 1],
            [2, 3, -1],
            [1, 1, 3],
        ]
    )
    assert segments_of(levels).tolist() == [UNKNOWN_SEGMENT, 0, 1, 1, 3, 1]
    assert segments_of(np.zeros((2, 0), dtype=np.int8)).tolist() == [-1, -1]


# The grouped count is exactly a plain count of good fits over all pairs.

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def audiences(draw):
    count = draw(st.integers(1, 25))
    practices = draw(st.integers(1, 4))
    people = draw(st.integers(1, 12))

    def many(values, n):
        return draw(st.lists(values, min_size=n, max_size=n))

    acts = Activities(
        required=np.array(many(st.integers(-1, 3), count * practices)).reshape(count, practices),
        strictness=np.array(
            many(st.sampled_from([0.0, 0.3, 0.49, 0.5, 0.9]), count * practices)
        ).reshape(count, practices),
        scale=many(st.sampled_from([0.0, 0.5, 0.75, 1.0]), count),
        starts_at=many(st.integers(1, 10), count),
        places_left=many(st.integers(0, 1), count),
    )
    levels = np.array(many(st.integers(-1, 3), people * practices)).reshape(people, practices)
    return acts, levels


@FAST
@given(audiences())
def test_grouped_counts_match_every_pair_assessed(case):
    acts, levels = case
    rows = acts.upcoming(0)
    people, activities = np.meshgrid(np.arange(len(levels)), rows, indexing="ij")
    fit = assess(levels, acts, people.ravel(), activities.ravel()).fit.reshape(people.shape)
    expected = (fit >= Fit.GOOD_FIRST_STEP).sum(axis=1)
    assert good_fit_counts(levels, acts, rows).tolist() == expected.tolist()

    entry = entry_point_counts(acts, rows)
    for practice in range(acts.practice_count):
        for level in range(4):
            good = 0
            for row in rows[acts.required[rows, practice] >= 0]:
                # Just what the activity asks elsewhere, and `level` in this practice.
                person = np.maximum(acts.required[row], 0)[None].copy()
                person[0, practice] = level
                good += assess(person, acts, [0], [row]).fit[0] >= Fit.GOOD_FIRST_STEP
            assert entry[practice, level] == good
