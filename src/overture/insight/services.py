"""Writing surveys and their responses: one response per person, sending twice is harmless."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from overture.audience.models import Participant
from overture.engines.levels import UNKNOWN
from overture.organisations.refusals import Refusal
from overture.season.models import Activity

from .models import (
    OPEN_TEXT_LIMIT,
    Answer,
    QuestionAnswer,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    ValueDimension,
)
from .segments import is_first_time, key_practice_level
from .services_questions import check_answers

BEFORE_OPENS = timedelta(days=7)
AFTER_CLOSES = timedelta(days=14)
SCORES = range(1, 6)


RESPONDENT_SALT = "overture.insight.respondent"


class SurveyClosed(Refusal):
    """The survey does not take answers now; the message says since or until when."""


class BeforeSurveyRefused(Refusal):
    """A survey before the activity is offered only while the activity is still to come."""


class ResponseRefused(Refusal):
    """An answer that cannot be saved; `errors` maps each field name to what to correct."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.field_errors = {field: str(text) for field, text in errors.items()}
        super().__init__("; ".join(self.field_errors.values()))

    @property
    def errors(self) -> dict[str | None, str]:
        return dict(self.field_errors)


def default_window(activity: Activity, moment: str) -> tuple[datetime, datetime]:
    """After: from the start; before: from a week before. Both close two weeks after the end."""
    opens = activity.starts_at - (BEFORE_OPENS if moment == Survey.Moment.BEFORE else timedelta())
    return opens, activity.ends_at + AFTER_CLOSES


def ensure_survey(activity: Activity, moment: str = Survey.Moment.AFTER) -> Survey:
    """The activity's survey for that moment, created with the default window if missing.

    A survey before the activity is created only while the activity is still to come.
    """
    started = moment == Survey.Moment.BEFORE and activity.starts_at <= timezone.now()
    if started and not Survey.objects.filter(activity=activity, moment=moment).exists():
        raise BeforeSurveyRefused(
            _(
                "A survey before the activity can only be offered while it is still to come: "
                "this activity has already started. Ask people after it instead."
            )
        )
    opens_at, closes_at = default_window(activity, moment)
    try:
        with transaction.atomic():
            survey, _created = Survey.objects.get_or_create(
                activity=activity,
                moment=moment,
                defaults={"opens_at": opens_at, "closes_at": closes_at},
            )
    except IntegrityError:  # created at the same moment by someone else
        survey = Survey.objects.get(activity=activity, moment=moment)
    return survey


def update_window(survey: Survey, opens_at: datetime, closes_at: datetime) -> Survey:
    """Change when the survey takes answers."""
    if closes_at <= opens_at:
        raise ResponseRefused({"closes_at": _("The survey must close after it opens.")})
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.save(update_fields=["opens_at", "closes_at"])
    return survey


def is_open(survey: Survey, now: datetime | None = None) -> bool:
    return closed_message(survey, now) is None


def respondent_key(participant: Participant | int) -> str:
    """A keyed hash of the participant (or their id): one answer each, also anonymous, without
    naming them."""
    pk = participant if isinstance(participant, int) else participant.pk
    return salted_hmac(RESPONDENT_SALT, str(pk)).hexdigest()


def already_answered(survey: Survey, participant: Participant) -> bool:
    """Whether this person answered the survey, named or anonymously."""
    return (
        SurveyResponse.objects.filter(
            survey=survey, respondent=respondent_key(participant)
        ).exists()
        or SurveyResponse.objects.filter(survey=survey, participant=participant).exists()
    )


def closed_message(survey: Survey, now: datetime | None = None) -> str | None:
    """Why the survey takes no answers now, or None when it is open."""
    if survey.activity.status == Activity.Status.CANCELLED:
        return _("This activity was cancelled, so this survey is not taking answers.")
    now = now or timezone.now()
    when = "j F Y, H:i"
    if now < survey.opens_at:
        opens = date_format(timezone.localtime(survey.opens_at), when)
        return _("This survey is not open yet: it opens on %(opens)s.") % {"opens": opens}
    if now >= survey.closes_at:
        closed = date_format(timezone.localtime(survey.closes_at), when)
        return _("This survey closed on %(closed)s. Thank you for your interest.") % {
            "closed": closed
        }
    return None


def active_dimensions(survey: Survey) -> list[ValueDimension]:
    """The statements the survey asks about, in order: those chosen, else every active one."""
    statements = ValueDimension.objects.filter(
        organisation_id=survey.activity.organisation_id, active=True
    ).order_by("position", "pk")
    chosen = statements.filter(pk__in=survey.statements.values("pk"))
    return list(chosen) or list(statements)


def own_questions(survey: Survey) -> list[SurveyQuestion]:
    """The organisation's own questions in the survey, in order."""
    return list(survey.questions.order_by("position", "pk"))


def _check(
    dimensions: list[ValueDimension],
    scores: Mapping[int, int],
    texts: Mapping[str, str],
    consented: bool,
) -> dict[int, int]:
    errors: dict[str, str] = {}
    clean: dict[int, int] = {}
    for dimension in dimensions:
        score = scores.get(dimension.pk)
        if score is None:
            errors[f"dimension_{dimension.pk}"] = _(
                "Please choose an answer for “%(statement)s”"
            ) % {"statement": dimension.statement}
        elif not isinstance(score, int) or isinstance(score, bool) or score not in SCORES:
            errors[f"dimension_{dimension.pk}"] = _(
                "“%(statement)s”: choose from 1 (strongly disagree) to 5 (strongly agree)."
            ) % {"statement": dimension.statement}
        else:
            clean[dimension.pk] = score
    for field, text in texts.items():
        if len(text) > OPEN_TEXT_LIMIT:
            errors[field] = _(
                "Please keep this answer to %(limit)s characters (it has %(count)s)."
            ) % {"limit": OPEN_TEXT_LIMIT, "count": len(text)}
    if not consented:
        errors["consented"] = _("Please tick the box to agree to how we use your answers.")
    if errors:
        raise ResponseRefused(errors)
    return clean


def _checked(
    survey: Survey,
    scores: Mapping[int, int],
    texts: Mapping[str, str],
    consented: bool,
    own_answers: Mapping[int, str],
) -> dict[int, int]:
    """The scores to keep; refused with every error at once, statements and own questions."""
    try:
        clean, errors = _check(active_dimensions(survey), scores, texts, consented), {}
    except ResponseRefused as refused:
        clean, errors = {}, refused.errors
    _clean, question_errors = check_answers(own_questions(survey), own_answers)
    if errors or question_errors:
        raise ResponseRefused({**errors, **question_errors})
    return clean


def _existing(survey: Survey, participant: Participant | None, token: str) -> SurveyResponse | None:
    found = SurveyResponse.objects.filter(survey=survey, submission_token=token).first()
    if found is None and participant is not None:
        found = SurveyResponse.objects.filter(
            Q(respondent=respondent_key(participant)) | Q(participant=participant), survey=survey
        ).first()
    return found


def submit_response(
    survey: Survey,
    *,
    participant: Participant | None,
    submission_token: str,
    scores: Mapping[int, int],
    worthwhile: str = "",
    in_the_way: str = "",
    consented: bool,
    may_quote: bool = False,
    anonymous: bool = False,
    first_time: bool | None = None,
    own_answers: Mapping[int, str] | None = None,
) -> tuple[SurveyResponse, bool]:
    """Save one response with its answers in one transaction; (response, created).

    The same submission token, or a participant who already answered (named or anonymously),
    gets the existing response back untouched. Anonymous answers keep no participant, only
    the keyed hash of a logged-in one and their level group; the first time of a visitor not
    logged in is what they said (None when they did not say).
    """
    if not submission_token or len(submission_token) > 64:
        raise ResponseRefused({"submission_token": _("This form has expired: please reload it.")})
    if anonymous and not survey.allow_anonymous:
        raise ResponseRefused({"anonymous": _("This survey does not take anonymous answers.")})
    found = _existing(survey, participant, submission_token)
    if found is not None:
        return found, False
    message = closed_message(survey)
    if message:
        raise SurveyClosed(message)
    texts = {"worthwhile": worthwhile, "in_the_way": in_the_way}
    clean = _checked(survey, scores, texts, consented, own_answers or {})
    if participant is not None:
        level = key_practice_level(participant, survey.activity)
        first_time = is_first_time(participant, survey.activity)
        respondent = respondent_key(participant)
    else:
        level, respondent = UNKNOWN, ""
    try:
        with transaction.atomic():
            # Staff edit the questions under the same lock, until the first answer arrives.
            Activity.objects.select_for_update().filter(pk=survey.activity_id).first()
            kept, question_errors = check_answers(own_questions(survey), own_answers or {})
            if question_errors:
                raise ResponseRefused(question_errors)
            response = SurveyResponse.objects.create(
                survey=survey,
                participant=None if anonymous else participant,
                respondent=respondent,
                submission_token=submission_token,
                level=level,
                first_time=first_time,
                worthwhile=worthwhile.strip(),
                in_the_way=in_the_way.strip(),
                consented=True,
                may_quote=may_quote,
            )
            Answer.objects.bulk_create(
                Answer(response=response, dimension_id=pk, score=score)
                for pk, score in clean.items()
            )
            QuestionAnswer.objects.bulk_create(
                QuestionAnswer(response=response, question_id=pk, value=value)
                for pk, value in kept.items()
            )
    except IntegrityError:  # the same token or person, saved a moment ago by another request
        found = _existing(survey, participant, submission_token)
        if found is None:
            raise ResponseRefused(
                {"submission_token": _("This form has expired: please reload it.")}
            ) from None
        return found, False
    return response, True
