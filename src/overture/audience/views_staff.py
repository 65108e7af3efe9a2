"""Staff page of an activity's registrations: who is coming, their levels, the door's
counts and the waiting list."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from overture.organisations.access import role_required
from overture.organisations.roles import Action
from overture.season.models import Activity

from . import selectors_check_in as door
from . import selectors_staff as selectors
from . import waiting_list

REGISTRATIONS_PER_PAGE = 50


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
