"""Staff page: the audience mix of one activity, working out zones and confirming them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from overture.organisations.access import role_required
from overture.organisations.refusals import show_refusal
from overture.organisations.roles import Action
from overture.season.models import Activity

from . import selectors, services
from .models import ZoningRun


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("organisation"), pk=pk, organisation=request.organisation
    )


def _page(request: HttpRequest, pk: int, anchor: str = "zoning") -> HttpResponse:
    url = reverse("staff_activity_mix", kwargs={"org": request.organisation.slug, "pk": pk})
    return redirect(f"{url}#{anchor}")


@role_required(Action.SEE_FIGURES)
@require_GET
def activity_mix(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is coming, where friction will arise, the zones and advice, with the numbers."""
    activity = _activity(request, pk)
    context = {
        "activity": activity,
        "mix": selectors.activity_mix(activity),
        "section": "activities",
    }
    return render(request, "mix/staff/activity_mix.html", context)


@role_required(Action.PREPARE)
@require_POST
def run_zoning(request: HttpRequest, pk: int) -> HttpResponse:
    """Work out zones for the confirmed registrants; staff review, then confirm."""
    activity = _activity(request, pk)
    try:
        run = services.run_zoning(activity, request.user)
    except services.ZoningRefused as refusal:
        show_refusal(request, refusal)
        return _page(request, pk)
    messages.success(
        request,
        _(
            "Zones worked out: expected conflict %(before)s → %(after)s, %(seated)s of "
            "%(registrants)s seated. Check them below, then confirm them so participants see "
            "their zone."
        )
        % {
            "before": f"{run.conflict_before:.2f}",
            "after": f"{run.conflict_after:.2f}",
            "seated": f"{run.seated:,}",
            "registrants": f"{run.registrants:,}",
        },
    )
    return _page(request, pk)


@role_required(Action.DECIDE)
@require_POST
def confirm_zoning(request: HttpRequest, pk: int, run: int) -> HttpResponse:
    """Confirm a proposed zoning: participants then see their zone."""
    activity = _activity(request, pk)
    found = get_object_or_404(ZoningRun, pk=run, activity=activity)
    try:
        confirmed = services.confirm_zoning(found, request.user)
    except services.ZoningRefused as refusal:
        show_refusal(request, refusal)
        return _page(request, pk)
    messages.success(
        request,
        ngettext(
            "Zones confirmed: %(seated)s participant now see their zone and its norms on the "
            "activity page.",
            "Zones confirmed: %(seated)s participants now see their zone and its norms on the "
            "activity page.",
            confirmed.seated,
        )
        % {"seated": f"{confirmed.seated:,}"},
    )
    return _page(request, pk)
