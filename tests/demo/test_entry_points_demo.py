"""The demo season is coherent: every practice it asks for has a way in for a newcomer."""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pytest
from django.utils import timezone

from overture.demo import generate
from overture.demo.practices import PRACTICES
from overture.demo.season import plan_season
from overture.engines.signposting.labels import AudienceLabel, audience_labels
from overture.season.models import FORMAT_SCALE, Activity, Format, Requirement


@pytest.fixture
def season(db):
    return generate(seed=7, participants=150)


def test_every_practice_asked_for_has_an_upcoming_ideal_first_visit(season):
    org = season.organisation
    asked = set(
        Requirement.objects.filter(activity__organisation=org).values_list(
            "practice__name", flat=True
        )
    )
    ways_in = set(
        Requirement.objects.filter(
            activity__organisation=org,
            activity__status=Activity.Status.PUBLISHED,
            activity__starts_at__gt=timezone.now(),
            activity__audience_label=AudienceLabel.IDEAL_FIRST_VISIT,
        ).values_list("practice__name", flat=True)
    )
    assert len(asked) == len(PRACTICES)
    assert asked - ways_in == set()


def test_open_rehearsals_and_come_and_sing_days_are_a_newcomers_way_in(season):
    for fmt in (Format.OPEN_REHEARSAL, Format.COME_AND_SING):
        labels = set(
            Activity.objects.filter(organisation=season.organisation, format=fmt).values_list(
                "audience_label", flat=True
            )
        )
        assert labels == {AudienceLabel.IDEAL_FIRST_VISIT}, fmt


def test_relaxed_performances_ask_for_the_relaxed_practices_not_listening_in_silence(season):
    asked = set(
        Requirement.objects.filter(
            activity__organisation=season.organisation,
            activity__format=Format.RELAXED_PERFORMANCE,
        ).values_list("practice__slug", flat=True)
    )
    assert "relaxed-performance" in asked
    assert "listening-in-silence" not in asked


@pytest.mark.parametrize("seed, activities", [(1, 48), (2, 30), (3, 120), (11, 200)])
def test_other_seeds_and_sizes_keep_a_way_in_to_every_practice(seed, activities):
    today = date(2026, 3, 2)
    tz = timezone.get_fixed_timezone(0)
    plan = plan_season(np.random.default_rng(seed), activities=activities, today=today, tz=tz)
    slugs = [p.slug for p in PRACTICES]
    required = np.full((len(plan), len(slugs)), -1)
    strictness = np.zeros(required.shape)
    for row, activity in enumerate(plan):
        for r in activity.requirements:
            required[row, slugs.index(r.practice)] = r.level
            strictness[row, slugs.index(r.practice)] = r.strictness
    labels = audience_labels(required, strictness, [FORMAT_SCALE[a.format] for a in plan])
    now = datetime.combine(today, time(), tzinfo=tz)
    upcoming = np.array([a.status == Activity.Status.PUBLISHED and a.starts_at > now for a in plan])
    ideal = upcoming & (labels == AudienceLabel.IDEAL_FIRST_VISIT)
    asked = (required >= 0).any(axis=0)
    way_in = (required[ideal] >= 0).any(axis=0)
    assert [s for s, a, w in zip(slugs, asked, way_in, strict=True) if a and not w] == []
