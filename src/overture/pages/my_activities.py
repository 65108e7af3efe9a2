"""“My activities”: a participant's places, with where staff seat them, and waiting lists."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from overture.audience import selectors, waiting_list
from overture.audience.models import Registration
from overture.mix.selectors_zones import zone_places
from overture.organisations.access import organisation_view

MY_ACTIVITIES_PAGE_SIZE = 10


@organisation_view
@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """The participant's places: what is coming up, and what they have been to."""
    participant = selectors.participant_of(request.user, request.organisation)
    coming = past = None
    waiting = []
    if participant is not None:
        waiting = waiting_list.waiting_places_of(participant, request.build_absolute_uri("/"))
        coming = Paginator(
            selectors.upcoming_registrations(participant), MY_ACTIVITIES_PAGE_SIZE
        ).get_page(request.GET.get("coming"))
        past = Paginator(
            selectors.past_registrations(participant), MY_ACTIVITIES_PAGE_SIZE
        ).get_page(request.GET.get("past"))
        _attach_zone_places(list(coming))
    return render(
        request,
        "audience/my_activities.html",
        {"coming": coming, "past": past, "waiting": waiting},
    )


def _attach_zone_places(registrations: list[Registration]) -> None:
    """Give each registration its place in the zones (None without zones), in one query."""
    places = zone_places([registration.pk for registration in registrations])
    for registration in registrations:
        registration.zone_place = places.get(registration.pk)
