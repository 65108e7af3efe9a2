"""Staff page of an activity's surveys: create them, share the link and QR code, set dates."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from overture.organisations.access import role_required
from overture.organisations.roles import Action
from overture.season.models import Activity

from . import services
from .forms import SurveyWindowForm
from .models import Survey
from .views_survey import qr_svg, survey_url


def _window_form(survey: Survey, data=None) -> SurveyWindowForm:
    initial = {
        "opens_at": timezone.localtime(survey.opens_at),
        "closes_at": timezone.localtime(survey.closes_at),
    }
    return SurveyWindowForm(data=data, initial=initial, prefix=survey.moment)


def _survey_panel(request: HttpRequest, survey: Survey, form: SurveyWindowForm | None = None):
    title = f"QR code of the survey about {survey.activity.title}"
    return {
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
        messages.error(request, "Choose a survey after or before the activity.")
        return True, {}
    if action == "create":
        services.ensure_survey(activity, moment)
        messages.success(request, f"The survey {Survey.Moment(moment).label.lower()} is ready.")
        return True, {}
    survey = get_object_or_404(Survey, activity=activity, moment=moment)
    form = _window_form(survey, data=request.POST)
    if not form.is_valid():
        return False, {moment: form}
    services.update_window(survey, form.cleaned_data["opens_at"], form.cleaned_data["closes_at"])
    messages.success(request, "The survey dates were saved.")
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
