"""A survey's own questions and chosen statements: editable until the first answer arrives."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.organisations.refusals import Refusal
from overture.season.models import Activity

from .models import SHORT_ANSWER_LIMIT, Survey, SurveyQuestion, ValueDimension

SCALE_VALUES = ("1", "2", "3", "4", "5")
LOCKED_MESSAGE = gettext_lazy(
    "People have started answering this survey, so its statements and questions can no longer "
    "change: every answer must mean the same as the others."
)

POSITION_MAX = 32767


class SurveyLocked(Refusal):
    """The survey has answers, so what it asks is fixed."""

    def __init__(self) -> None:
        super().__init__(LOCKED_MESSAGE)


def is_locked(survey: Survey) -> bool:
    return survey.responses.exists()


def _lock(survey: Survey) -> None:
    """Hold the activity row so that no edit slips in beside the first answer's check."""
    Activity.objects.select_for_update().filter(pk=survey.activity_id).first()
    if is_locked(survey):
        raise SurveyLocked


def choose_statements(survey: Survey, dimension_ids: Iterable[int]) -> None:
    """Ask these of the organisation's statements; choosing every active one keeps the default."""
    with transaction.atomic():
        _lock(survey)
        active = ValueDimension.objects.filter(
            organisation_id=survey.activity.organisation_id, active=True
        )
        chosen = set(active.filter(pk__in=list(dimension_ids)).values_list("pk", flat=True))
        every = set(active.values_list("pk", flat=True))
        # Choosing them all keeps the default, so statements added later are asked too.
        survey.statements.set([] if chosen == every else chosen)


def save_question(
    survey: Survey,
    *,
    kind: str,
    text: str,
    options: str = "",
    low_label: str = "",
    high_label: str = "",
    position: int | None = None,
    question: SurveyQuestion | None = None,
) -> SurveyQuestion:
    """Add a question to the survey, or change one of its questions."""
    with transaction.atomic():
        _lock(survey)
        if question is None:
            last = survey.questions.order_by("-position").first()
            # The field holds at most 32767 (a small integer in PostgreSQL).
            position = min(last.position + 1, POSITION_MAX) if last else 1
            question = SurveyQuestion(survey=survey, position=position)
        question.kind, question.text = kind, text.strip()
        question.options = options.strip() if kind == SurveyQuestion.Kind.CHOICE else ""
        is_scale = kind == SurveyQuestion.Kind.SCALE
        question.low_label = low_label.strip() if is_scale else ""
        question.high_label = high_label.strip() if is_scale else ""
        if position is not None:
            question.position = position
        question.save()
    return question


def remove_question(question: SurveyQuestion) -> None:
    with transaction.atomic():
        _lock(question.survey)
        question.delete()


def scale_words(question: SurveyQuestion) -> str:
    """E.g. "1 (Not at all) to 5 (Very much)"."""
    low = _("1 (%(label)s)") % {"label": question.low_label} if question.low_label else "1"
    high = _("5 (%(label)s)") % {"label": question.high_label} if question.high_label else "5"
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


def answer_error(question: SurveyQuestion, value: str) -> str | None:
    """What is wrong with an answer to the question, or None; an empty answer is skipped."""
    if not value:
        return None
    if question.kind == SurveyQuestion.Kind.CHOICE and value not in question.choices:
        return _("“%(question)s”: choose one of the answers given.") % {"question": question.text}
    if question.kind == SurveyQuestion.Kind.SCALE and value not in SCALE_VALUES:
        return _("“%(question)s”: choose from %(scale)s.") % {
            "question": question.text,
            "scale": scale_words(question),
        }
    if question.kind == SurveyQuestion.Kind.TEXT and len(value) > SHORT_ANSWER_LIMIT:
        return _(
            "“%(question)s”: please keep this answer to %(limit)s characters (it has %(count)s)."
        ) % {"question": question.text, "limit": SHORT_ANSWER_LIMIT, "count": len(value)}
    return None


def check_answers(
    questions: Iterable[SurveyQuestion], answers: Mapping[int, str]
) -> tuple[dict[int, str], dict[str, str]]:
    """The answers worth keeping by question id, and the errors by form field."""
    clean: dict[int, str] = {}
    errors: dict[str, str] = {}
    for question in questions:
        value = str(answers.get(question.pk) or "").strip()
        error = answer_error(question, value)
        if error:
            errors[f"question_{question.pk}"] = error
        elif value:
            clean[question.pk] = value
    return clean, errors
