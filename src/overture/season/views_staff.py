"""Staff pages: practices, and activities with their requirements, zones and status."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overture.organisations.access import role_required
from overture.organisations.refusals import show_refusal
from overture.organisations.roles import Action

from . import selectors_staff, services
from .forms import ActivityForm, PracticeForm, RequirementFormSet, ZoneFormSet
from .models import Activity, Practice


@role_required(Action.SEE_FIGURES)
def practice_list(request: HttpRequest) -> HttpResponse:
    practices = selectors_staff.practices_for_staff(request.organisation)
    return render(
        request, "season/staff/practice_list.html", {"practices": practices, "section": "practices"}
    )


@role_required(Action.PREPARE)
def practice_create(request: HttpRequest) -> HttpResponse:
    return _practice_form(request, Practice(default_strictness=0.5))


@role_required(Action.PREPARE)
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(Practice, pk=pk, organisation=request.organisation)
    return _practice_form(request, practice)


def _practice_form(request: HttpRequest, practice: Practice) -> HttpResponse:
    organisation = request.organisation
    creating = practice.pk is None
    form = PracticeForm(request.POST or None, instance=practice, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        practice = services.save_practice(organisation, form.instance)
        saved = _("Created “%(practice)s”.") if creating else _("Saved “%(practice)s”.")
        messages.success(request, saved % {"practice": practice})
        return redirect("staff_practices", org=organisation.slug)
    return render(
        request,
        "season/staff/practice_form.html",
        {
            "form": form,
            "practice": practice,
            "creating": creating,
            "has_errors": bool(form.errors),
            "section": "practices",
        },
    )


@role_required(Action.PREPARE)
def activity_create(request: HttpRequest) -> HttpResponse:
    return _activity_form(request, Activity(organisation=request.organisation))


@role_required(Action.PREPARE)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk, organisation=request.organisation)
    return _activity_form(request, activity)


def _activity_form(request: HttpRequest, activity: Activity) -> HttpResponse:
    organisation = request.organisation
    creating = activity.pk is None
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=activity)
    requirements = RequirementFormSet(
        data, instance=activity, prefix="requirements", form_kwargs={"organisation": organisation}
    )
    zones = ZoneFormSet(data, instance=activity, prefix="zones")
    if data is not None and all([form.is_valid(), requirements.is_valid(), zones.is_valid()]):
        try:
            activity = services.save_activity(
                organisation, form.instance, requirements.specs(), zones.specs()
            )
        except services.ActivityChangeRefused as refusal:
            show_refusal(request, refusal, form)
        else:
            saved = (
                _("Created the draft “%(activity)s”.") if creating else _("Saved “%(activity)s”.")
            )
            messages.success(request, saved % {"activity": activity})
            return redirect("staff_activity_edit", org=organisation.slug, pk=activity.pk)
    return render(
        request,
        "season/staff/activity_form.html",
        {
            "form": form,
            "requirements": requirements,
            "zones": zones,
            "activity": activity,
            "creating": creating,
            "has_errors": data is not None,
            "has_practices": Practice.objects.filter(organisation=organisation).exists(),
            "section": "activities",
        },
    )


@role_required(Action.DECIDE)
@require_POST
def activity_status(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    activity = get_object_or_404(Activity.objects.only("pk"), pk=pk, organisation=organisation)
    try:
        change = services.change_activity_status(
            organisation, activity.pk, request.POST.get("action", "")
        )
    except services.ActivityChangeRefused as refusal:
        show_refusal(request, refusal)
    else:
        (messages.success if change.changed else messages.info)(request, change.message)
        for warning in change.warnings:
            messages.warning(request, warning)
    return redirect("staff_activity_edit", org=organisation.slug, pk=pk)
