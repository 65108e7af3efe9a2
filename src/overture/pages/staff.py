"""Staff pages about the whole season: the dashboard and the list of activities, with the
audience's figures beside the season's."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from overture.audience.selectors_staff import dashboard_counts, with_waiting_counts
from overture.organisations.access import role_required
from overture.organisations.roles import Action
from overture.season import selectors_staff as season
from overture.season.models import Activity

ACTIVITIES_PER_PAGE = 25


@role_required(Action.SEE_FIGURES)
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    return render(
        request,
        "season/staff/dashboard.html",
        {
            "counts": dashboard_counts(organisation),
            "next_activities": season.next_activities(organisation),
            "section": "dashboard",
        },
    )


@role_required(Action.SEE_FIGURES)
def activity_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    when = request.GET.get("when", "")
    activities = season.activities_for_staff(request.organisation, status=status, when=when)
    page = Paginator(with_waiting_counts(activities), ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "season/staff/activity_list.html",
        {
            "page": page,
            "status": status,
            "when": when,
            "statuses": Activity.Status.choices,
            "whens": season.ACTIVITY_WHEN.items(),
            "section": "activities",
        },
    )
