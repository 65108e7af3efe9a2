"""Rows for the demo's value surveys: surveys through the ORM, responses and answers in bulk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import repeat

import numpy as np

from overture.insight.coding import code_responses
from overture.insight.defaults import ensure_default_dimensions
from overture.insight.models import Answer, Survey, SurveyResponse, ValueDimension
from overture.organisations.models import Organisation

from .bulk import db_datetimes, insert_rows
from .insight import SURVEY_OPEN_DAYS, VALUE_KEYS, InsightPlan
from .writers import DemoPlan

RESPONSE_FIELDS = (
    "survey",
    "participant",
    "submission_token",
    "level",
    "first_time",
    "worthwhile",
    "in_the_way",
    "consented",
    "may_quote",
    "created_at",
)
QUOTABLE_EVERY = 3  # two people in three agree to be quoted; the third does not


def write_insight(
    org: Organisation,
    plan: DemoPlan,
    participant_ids: np.ndarray,
    activity_ids: list[int],
    report: dict,
) -> None:
    ensure_default_dimensions(org)
    insight = plan.insight
    if insight is None:
        report.update(rows=0, detail="no surveys")
        return
    survey_ids = _write_surveys(insight, plan, activity_ids)
    responses = _write_responses(insight, participant_ids, survey_ids)
    answers = _write_answers(org, insight, survey_ids)
    written = sum(bool(w or t) for w, t in zip(insight.worthwhile, insight.in_the_way, strict=True))
    coded = _suggest_codes(survey_ids)
    report.update(
        rows=len(survey_ids) + responses + answers,
        detail=f"{len(survey_ids)} surveys, {responses:,} responses ({written:,} with open "
        f"answers, {coded:,} coded for review), {answers:,} scores",
    )


def _suggest_codes(survey_ids: list[int]) -> int:
    """The coder's first suggestions, so the review queue has work in it from the start."""
    answered = (
        SurveyResponse.objects.filter(survey_id__in=survey_ids)
        .exclude(worthwhile="", in_the_way="")
        .select_related("survey__activity__organisation")
    )
    return code_responses(answered)


def _write_surveys(insight: InsightPlan, plan: DemoPlan, activity_ids: list[int]) -> list[int]:
    open_until = datetime.fromtimestamp(plan.now, tz=UTC) + timedelta(days=SURVEY_OPEN_DAYS)
    latest = max(insight.surveyed, key=lambda index: plan.season[index].ends_at, default=None)
    surveys = Survey.objects.bulk_create(
        Survey(
            activity_id=activity_ids[index],
            moment=Survey.Moment.AFTER,
            token=token,
            opens_at=plan.season[index].ends_at,
            closes_at=_closes_at(plan.season[index].ends_at, open_until, index == latest),
        )
        for index, token in zip(insight.surveyed, insight.survey_tokens, strict=True)
    )
    return [s.pk for s in surveys]


def _closes_at(ends_at: datetime, open_until: datetime, latest: bool) -> datetime:
    """The usual window; the latest activity's survey stays open so the demo can be answered."""
    closes_at = ends_at + timedelta(days=SURVEY_OPEN_DAYS)
    return max(closes_at, open_until) if latest else closes_at


def _write_responses(
    insight: InsightPlan, participant_ids: np.ndarray, survey_ids: list[int]
) -> int:
    person = insight.participant
    participant = np.where(person >= 0, participant_ids[np.maximum(person, 0)], -1)
    first = {1: True, 0: False, -1: None}
    return insert_rows(
        SurveyResponse,
        RESPONSE_FIELDS,
        zip(
            np.array(survey_ids, dtype=np.int64)[insight.survey_of].tolist(),
            [p if p >= 0 else None for p in participant.tolist()],
            insight.submission_tokens,
            insight.level.tolist(),
            [first[f] for f in insight.first_time.tolist()],
            insight.worthwhile,
            insight.in_the_way,
            repeat(True),
            (n % QUOTABLE_EVERY != QUOTABLE_EVERY - 1 for n in range(len(insight.level))),
            db_datetimes(insight.created_at),
            strict=False,
        ),
    )


def _write_answers(org: Organisation, insight: InsightPlan, survey_ids: list[int]) -> int:
    keys = dict(ValueDimension.objects.filter(organisation=org).values_list("key", "pk"))
    dimension_ids = np.array([keys[k.removeprefix("value:")] for k in VALUE_KEYS])
    response_of = dict(
        SurveyResponse.objects.filter(survey_id__in=survey_ids).values_list(
            "submission_token", "pk"
        )
    )
    response_ids = np.array([response_of[t] for t in insight.submission_tokens], dtype=np.int64)
    dimensions = len(VALUE_KEYS)
    return insert_rows(
        Answer,
        ("response", "dimension", "score"),
        zip(
            np.repeat(response_ids, dimensions).tolist(),
            np.tile(dimension_ids, len(response_ids)).tolist(),
            insight.scores.ravel().tolist(),
            strict=True,
        ),
    )
