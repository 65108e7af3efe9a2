"""The public survey page: open by link or QR code, no login needed; thanks; the QR code."""

from __future__ import annotations

import io
import secrets

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from overture.audience.selectors import participant_of
from overture.organisations.access import organisation_view
from overture.organisations.limits import SURVEY_ANSWERS, limit_posts
from overture.organisations.refusals import show_refusal
from overture.season.models import Activity

from . import services
from .forms import SurveyForm
from .models import OPEN_TEXT_LIMIT, Survey


def _survey(request: HttpRequest, token: str) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("activity"),
        token=token,
        activity__organisation=request.organisation,
        activity__status__in=[Activity.Status.PUBLISHED, Activity.Status.CANCELLED],
    )


def survey_url(request: HttpRequest, survey: Survey) -> str:
    """The absolute public link of the survey."""
    path = reverse("survey", kwargs={"org": request.organisation.slug, "token": survey.token})
    return request.build_absolute_uri(path)


def _thanks_url(request: HttpRequest, survey: Survey) -> str:
    return reverse(
        "survey_thanks", kwargs={"org": request.organisation.slug, "token": survey.token}
    )


def _closed(request: HttpRequest, survey: Survey, message: str) -> HttpResponse:
    context = {"survey": survey, "activity": survey.activity, "message": message}
    return render(request, "insight/survey_closed.html", context)


def _log_in_first(request: HttpRequest, survey: Survey) -> HttpResponse:
    context = {
        "survey": survey,
        "activity": survey.activity,
        "survey_path": reverse(
            "survey", kwargs={"org": request.organisation.slug, "token": survey.token}
        ),
    }
    return render(request, "insight/survey_login.html", context)


@organisation_view
@require_http_methods(["GET", "POST"])
@limit_posts(*SURVEY_ANSWERS)
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The statements on a 1–5 agreement scale, the open questions and consent."""
    survey = _survey(request, token)
    participant = participant_of(request.user, request.organisation)
    if participant is not None and services.already_answered(survey, participant):
        return redirect(f"{_thanks_url(request, survey)}?already=1")
    message = services.closed_message(survey)
    if message:
        return _closed(request, survey, message)
    if participant is None and not survey.allow_anonymous:
        return _log_in_first(request, survey)
    form = SurveyForm(
        services.active_dimensions(survey),
        logged_in=participant is not None,
        allow_anonymous=survey.allow_anonymous,
        questions=services.own_questions(survey),
        data=request.POST if request.method == "POST" else None,
        initial={"submission_token": secrets.token_urlsafe(24)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, created = services.submit_response(
                survey,
                participant=participant,
                submission_token=data["submission_token"],
                scores=form.scores(),
                worthwhile=data["worthwhile"],
                in_the_way=data["in_the_way"],
                consented=data["consented"],
                may_quote=data["may_quote"],
                anonymous=data.get("anonymous", False) or participant is None,
                first_time=form.first_time_answer(),
                own_answers=form.own_answers(),
            )
        except services.SurveyClosed as closed:
            return _closed(request, survey, str(closed))
        except services.ResponseRefused as refusal:
            show_refusal(request, refusal, form)
        else:
            already = "" if created else "?already=1"
            return redirect(f"{_thanks_url(request, survey)}{already}")
    context = {
        "survey": survey,
        "activity": survey.activity,
        "form": form,
        "logged_in": participant is not None,
        "limit": OPEN_TEXT_LIMIT,
    }
    return render(request, "insight/survey.html", context)


@organisation_view
@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey = _survey(request, token)
    context = {
        "survey": survey,
        "activity": survey.activity,
        "already": request.GET.get("already") == "1",
    }
    return render(request, "insight/survey_thanks.html", context)


def qr_svg(url: str, title: str) -> bytes:
    """An SVG QR code of the link, with a title for screen readers."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=4, border=4, title=title, desc=url, xmldecl=False
    )
    return buffer.getvalue()


@organisation_view
@require_GET
def qr_code(request: HttpRequest, token: str) -> HttpResponse:
    """The survey link as an SVG QR code, to print on programmes and posters."""
    survey = _survey(request, token)
    title = _("QR code of the survey about %(activity)s") % {"activity": survey.activity.title}
    response = HttpResponse(
        qr_svg(survey_url(request, survey), title), content_type="image/svg+xml"
    )
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.activity_id}.svg"'
    return response
