"""The demo's value surveys: realistic responses that show the value gap where it should be."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from overture.audience.models import Registration
from overture.demo import DEMO_SLUG, delete_demo, generate
from overture.demo.insight_texts import IN_THE_WAY, WORTHWHILE
from overture.insight.models import Answer, Survey, SurveyResponse, ValueDimension
from overture.insight.services import closed_message
from overture.season.models import Activity, Format

TODAY = date(2025, 3, 1)
SIZE = 2000
RELAXED = (Format.FAMILY_CONCERT, Format.RELAXED_PERFORMANCE, Format.COME_AND_SING)


@pytest.fixture
def season(db):
    return generate(seed=7, participants=SIZE, today=TODAY)


def demo_responses():
    return SurveyResponse.objects.filter(survey__activity__organisation__slug=DEMO_SLUG)


def snapshot() -> list[tuple]:
    """Responses with their answers, without database ids."""
    responses = demo_responses().order_by("submission_token")
    scores = defaultdict(list)
    for token, key, score in Answer.objects.filter(response__in=responses).values_list(
        "response__submission_token", "dimension__key", "score"
    ):
        scores[token].append((key, score))
    return [
        (
            r.survey.token,
            r.survey.activity.title,
            r.participant.user.username if r.participant else None,
            r.submission_token,
            r.level,
            r.first_time,
            r.worthwhile,
            r.in_the_way,
            sorted(scores[r.submission_token]),
        )
        for r in responses.select_related("survey__activity", "participant__user")
    ]


def test_surveys_responses_and_scores_follow_the_season(season):
    """One "after" survey per past published activity; a share of its confirmed registrants
    answer, once each, some anonymously; every response scores each dimension 1–5."""
    midnight = datetime.combine(TODAY, time(), tzinfo=timezone.get_current_timezone())
    activities = Activity.objects.filter(organisation=season.organisation)
    past = activities.filter(status=Activity.Status.PUBLISHED, ends_at__lt=midnight)
    surveys = Survey.objects.filter(activity__organisation=season.organisation)
    assert past.exists()
    assert set(surveys.values_list("activity", flat=True)) == set(past.values_list("pk", flat=True))
    assert set(surveys.values_list("moment", flat=True)) == {Survey.Moment.AFTER}
    assert len(set(surveys.values_list("token", flat=True))) == surveys.count()
    assert not demo_responses().exclude(survey__activity__in=past).exists()
    confirmed = Registration.objects.filter(status=Registration.Status.CONFIRMED)
    for survey in Survey.objects.filter(activity__organisation=season.organisation):
        responses = survey.responses.all()
        registrants = confirmed.filter(activity=survey.activity)
        assert 0 < responses.count() <= registrants.count()
        named = responses.exclude(participant=None)
        assert set(named.values_list("participant", flat=True)) <= set(
            registrants.values_list("participant", flat=True)
        )
        repeated = named.values("participant").annotate(n=Count("pk")).filter(n__gt=1)
        assert not repeated.exists(), "at most one response per participant per survey"
    responses = demo_responses()
    anonymous = responses.filter(participant=None).count() / responses.count()
    assert 0.08 <= anonymous <= 0.25
    written = responses.exclude(worthwhile="", in_the_way="").count() / responses.count()
    assert 0.5 <= written <= 0.7
    assert set(responses.values_list("level", flat=True)) <= {-1, 0, 1, 2, 3}
    assert responses.filter(first_time=True).exists()
    dimensions = ValueDimension.objects.filter(organisation=season.organisation)
    assert dimensions.count() == 13
    answers = Answer.objects.filter(response__in=demo_responses())
    assert answers.count() == demo_responses().count() * 13
    assert not answers.filter(Q(score__lt=1) | Q(score__gt=5)).exists()
    assert set(answers.values_list("score", flat=True)) == {1, 2, 3, 4, 5}
    assert len(WORTHWHILE) >= 40 and len(IN_THE_WAY) >= 40
    texts = [t for t in demo_responses().values_list("in_the_way", flat=True) if t]
    assert len(set(texts)) > len(texts) / 3
    assert all(t.endswith(".") and len(t) < 2000 for t in texts)


def welcome_gap(formats) -> tuple[float, float]:
    """Mean "feeling welcome" of newcomers and novices, and of experts, at these formats."""
    answers = Answer.objects.filter(
        response__in=demo_responses(),
        response__survey__activity__format__in=formats,
        dimension__key="feeling-welcome",
    )
    new = [s for s in answers.filter(response__level__lte=1).values_list("score", flat=True)]
    experts = [s for s in answers.filter(response__level=3).values_list("score", flat=True)]
    assert new and experts
    return sum(new) / len(new), sum(experts) / len(experts)


def test_novices_feel_less_welcome_at_rigid_concerts_than_at_relaxed_formats(season):
    new, experts = welcome_gap([Format.SYMPHONY_CONCERT])
    assert experts - new >= 0.75
    relaxed_new, relaxed_experts = welcome_gap(RELAXED)
    assert relaxed_experts - relaxed_new < (experts - new) - 0.5
    assert relaxed_new > new


def test_same_seed_gives_the_same_responses_and_texts(db):
    generate(seed=3, participants=400, today=TODAY)
    first = snapshot()
    assert first
    assert delete_demo()
    generate(seed=3, participants=400, today=TODAY)
    assert snapshot() == first


def test_the_season_insight_shows_practical_themes_with_quotes(season):
    from overture.insight.selectors_themes import themes_of

    themes = themes_of(season.organisation)
    by_label = {row.label: row for row in themes.rows}
    assert {"Price", "Seating and view", "Bar and queues", "Transport and parking"} <= set(by_label)
    assert all(row.quotes for row in themes.rows)  # every demo answer carries consent
    assert len(by_label["Price"].quotes) == 3 and by_label["Price"].overall.with_theme > 0


def test_the_latest_activity_keeps_its_survey_open_to_answer(season):
    """A participant following the survey link of the demo's most recent activity can answer."""
    today = datetime.combine(TODAY, time(12), tzinfo=timezone.get_current_timezone())
    surveys = Survey.objects.filter(activity__organisation=season.organisation)
    latest = surveys.select_related("activity").order_by("-activity__ends_at").first()
    assert closed_message(latest, now=today) is None
    assert latest.closes_at - today >= timedelta(days=13)
    assert surveys.filter(closes_at__lte=today).exists(), "older surveys still close"
