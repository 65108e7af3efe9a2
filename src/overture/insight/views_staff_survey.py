"""Staff pages of an activity's surveys: create them, share the link and QR code, set dates,
choose the statements and the organisation's own questions, and preview them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from overture.organisations.access import role_required
from overture.organisations.inputs import parse_id
from overture.organisations.refusals import show_refusal
from overture.organisations.roles import Action
from overture.season.models import Activity

from . import services, services_questions
from .forms import StatementChoiceForm, SurveyForm, SurveyQuestionForm, SurveyWindowForm
from .models import Survey, SurveyQuestion
from .views_survey import qr_svg, survey_url


def _window_form(survey: Survey, data=None) -> SurveyWindowForm:
    initial = {
        "opens_at": timezone.localtime(survey.opens_at),
        "closes_at": timezone.localtime(survey.closes_at),
    }
    return SurveyWindowForm(data=data, initial=initial, prefix=survey.moment)


def preview_form(survey: Survey) -> SurveyForm:
    """The participant's form, every control disabled: it shows, it records nothing."""
    form = SurveyForm(
        services.active_dimensions(survey),
        logged_in=False,
        allow_anonymous=survey.allow_anonymous,
        questions=services.own_questions(survey),
        prefix=f"preview-{survey.moment}",
    )
    for field in form.fields.values():
        field.disabled = True
    return form


def _survey_panel(request: HttpRequest, survey: Survey, form: SurveyWindowForm | None = None):
    title = _("QR code of the survey about %(activity)s") % {"activity": survey.activity.title}
    return {
        "preview": preview_form(survey),
        "locked": survey.answers_count > 0,
        "survey": survey,
        "url": survey_url(request, survey),
        "qr": qr_svg(survey_url(request, survey), title).decode(),
        "form": form or _window_form(survey),
        "open": services.is_open(survey),
        "closed_message": services.closed_message(survey),
    }


def _handle_post(
    request: HttpRequest, activity: Activity
) -> tuple[bool, dict[str, SurveyWindowForm]]:
    """Create a survey or change its dates; (done, forms with errors by moment)."""
    action = request.POST.get("action", "")
    moment = request.POST.get("moment", "")
    if moment not in Survey.Moment.values:
        messages.error(request, _("Choose a survey after or before the activity."))
        return True, {}
    if action == "create":
        try:
            services.ensure_survey(activity, moment)
        except services.BeforeSurveyRefused as refused:
            show_refusal(request, refused)
            return True, {}
        messages.success(
            request,
            _("The survey %(moment)s is ready.") % {"moment": Survey.Moment(moment).label.lower()},
        )
        return True, {}
    survey = get_object_or_404(Survey, activity=activity, moment=moment)
    form = _window_form(survey, data=request.POST)
    if not form.is_valid():
        return False, {moment: form}
    services.update_window(survey, form.cleaned_data["opens_at"], form.cleaned_data["closes_at"])
    messages.success(request, _("The survey dates were saved."))
    return True, {}


@role_required(Action.SEE_FIGURES, post=Action.PREPARE)
@require_http_methods(["GET", "POST"])
def activity_survey(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk, organisation=request.organisation)
    invalid: dict[str, SurveyWindowForm] = {}
    if request.method == "POST":
        done, invalid = _handle_post(request, activity)
        if done:
            return redirect("staff_activity_survey", org=request.organisation.slug, pk=pk)
    surveys = {
        s.moment: s
        for s in Survey.objects.filter(activity=activity).annotate(answers_count=Count("responses"))
    }
    panels = []
    for moment, label in Survey.Moment.choices:
        survey = surveys.get(moment)
        panel = {"moment": moment, "label": label, "survey": survey}
        panel["too_late"] = moment == Survey.Moment.BEFORE and activity.starts_at <= timezone.now()
        if survey is not None:
            panel.update(_survey_panel(request, survey, invalid.get(moment)))
        panels.append(panel)
    context = {
        "activity": activity,
        "panels": panels,
        "has_errors": bool(invalid),
        "section": "activities",
    }
    return render(request, "insight/staff/activity_survey.html", context)


def _question_forms(survey: Survey, data=None, editing: int | None = None) -> list:
    """An edit form per question; only the one being saved is bound."""
    return [
        (
            question,
            SurveyQuestionForm(
                data=data if question.pk == editing else None,
                instance=question,
                prefix=f"q{question.pk}",
            ),
        )
        for question in services.own_questions(survey)
    ]


def _save_question(survey: Survey, form: SurveyQuestionForm, question=None) -> None:
    data = form.cleaned_data
    services_questions.save_question(
        survey,
        kind=data["kind"],
        text=data["text"],
        options=data.get("options") or "",
        low_label=data.get("low_label") or "",
        high_label=data.get("high_label") or "",
        position=data.get("position"),
        question=question,
    )


def _handle_questions_post(request: HttpRequest, survey: Survey, dimensions) -> dict | None:
    """Apply one change; None when done, else the forms with errors to show again."""
    action = request.POST.get("action", "")
    if action == "statements":
        form = StatementChoiceForm(dimensions, data=request.POST)
        if not form.is_valid():
            return {"statement_form": form}
        services_questions.choose_statements(
            survey, [d.pk for d in form.cleaned_data["statements"]]
        )
        messages.success(request, _("The statements asked were saved."))
    elif action == "add":
        form = SurveyQuestionForm(data=request.POST, prefix="new")
        if not form.is_valid():
            return {"new_form": form}
        _save_question(survey, form)
        messages.success(request, _("The question was added."))
    elif action in ("edit", "remove"):
        chosen = parse_id(request.POST.get("question", "").strip())
        question = (
            SurveyQuestion.objects.filter(survey=survey, pk=chosen).first() if chosen else None
        )
        if question is None:
            messages.error(request, _("Choose a question of this survey."))
        elif action == "remove":
            services_questions.remove_question(question)
            messages.success(
                request, _("“%(question)s” was removed.") % {"question": question.text}
            )
        else:
            forms = _question_forms(survey, request.POST, question.pk)
            form = next(f for q, f in forms if q.pk == question.pk)
            if not form.is_valid():
                return {"question_forms": forms}
            _save_question(survey, form, question)
            messages.success(request, _("The question was saved."))
    else:
        messages.error(request, _("Choose what to change."))
    return None


@role_required(Action.PREPARE)
@require_http_methods(["GET", "POST"])
def survey_questions(request: HttpRequest, pk: int, moment: str) -> HttpResponse:
    """Choose the statements a survey asks and edit its own questions, until answers arrive."""
    if moment not in Survey.Moment.values:
        raise Http404
    survey = get_object_or_404(
        Survey.objects.select_related("activity"),
        activity__pk=pk,
        activity__organisation=request.organisation,
        moment=moment,
    )
    dimensions = list(
        request.organisation.value_dimensions.filter(active=True).order_by("position", "pk")
    )
    locked = services_questions.is_locked(survey)
    invalid: dict = {}
    if request.method == "POST":
        if locked:
            messages.error(request, services_questions.LOCKED_MESSAGE)
        else:
            try:
                invalid = _handle_questions_post(request, survey, dimensions) or {}
            except services_questions.SurveyLocked as refused:
                show_refusal(request, refused)
        if not invalid:
            return redirect(
                "staff_survey_questions", org=request.organisation.slug, pk=pk, moment=moment
            )
    asked = [d.pk for d in services.active_dimensions(survey)]
    context = {
        "activity": survey.activity,
        "survey": survey,
        "locked": locked,
        "locked_message": services_questions.LOCKED_MESSAGE,
        "statement_form": StatementChoiceForm(dimensions, initial={"statements": asked}),
        "new_form": SurveyQuestionForm(prefix="new"),
        "question_forms": _question_forms(survey),
        "has_errors": bool(invalid),
        "section": "activities",
        **invalid,
    }
    return render(request, "insight/staff/survey_questions.html", context)
