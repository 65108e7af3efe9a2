"""Staff pages: dashboard, practices, activities with requirements and zones, registrations."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overture.audience import selectors_check_in as door
from overture.audience import waiting_list
from overture.organisations.access import role_required
from overture.organisations.refusals import show_refusal
from overture.organisations.roles import Action

from . import selectors_staff as selectors
from . import services
from .forms import ActivityForm, PracticeForm, RequirementFormSet, ZoneFormSet
from .models import Activity, Practice

ACTIVITIES_PER_PAGE = 25
REGISTRATIONS_PER_PAGE = 50


@role_required(Action.SEE_FIGURES)
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    return render(
        request,
        "season/staff/dashboard.html",
        {
            "counts": selectors.dashboard_counts(organisation),
            "next_activities": selectors.next_activities(organisation),
            "section": "dashboard",
        },
    )


@role_required(Action.SEE_FIGURES)
def practice_list(request: HttpRequest) -> HttpResponse:
    practices = selectors.practices_for_staff(request.organisation)
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


@role_required(Action.SEE_FIGURES)
def activity_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    when = request.GET.get("when", "")
    activities = selectors.activities_for_staff(request.organisation, status=status, when=when)
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "season/staff/activity_list.html",
        {
            "page": page,
            "status": status,
            "when": when,
            "statuses": Activity.Status.choices,
            "whens": selectors.ACTIVITY_WHEN.items(),
            "section": "activities",
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


@role_required(Action.SEE_PEOPLE)
def activity_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    activities = waiting_list.with_offer_counts(Activity.objects.all())
    activity = get_object_or_404(activities, pk=pk, organisation=request.organisation)
    waiting_list.settle_if_due(activity, request.build_absolute_uri("/"))
    page = Paginator(selectors.registrations_for_staff(activity), REGISTRATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = door.door_counts(activity)
    time = door.door_time(activity, counts)
    return render(
        request,
        "season/staff/activity_registrations.html",
        {
            "activity": activity,
            "mixes": selectors.level_mix(activity),
            "page": page,
            "arrivals": door.arrivals(list(page.object_list), time),
            "counts": counts,
            "door_time": time,
            "waiting_list": waiting_list.entries_for_staff(activity),
            "section": "activities",
        },
    )
