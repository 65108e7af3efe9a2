"""The public season: the listing with its filters, and each activity's page."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from overture.audience.forms import JoinPartyForm, PreferencesForm
from overture.audience.models import Registration
from overture.audience.selectors import (
    participant_of,
    party_members,
    registered_activity_ids,
    registration_for,
)
from overture.audience.views_waiting_list import waiting_list_block
from overture.audience.waiting_list import with_offer_counts, with_places_held
from overture.mix.selectors_zones import zone_places
from overture.organisations.access import organisation_view
from overture.season.filters import SeasonFilterForm
from overture.season.models import Activity, Zone
from overture.season.selectors import activity_page, public_activities, season_activities
from overture.signposting.fits import activity_fit, mark_ways_there, page_fits

SEASON_PAGE_SIZE = 12


@organisation_view
def season(request: HttpRequest) -> HttpResponse:
    """Upcoming activities as cards with their audience labels (and, for someone logged in,
    how each fits them), filtered by date, format, practice, label, price and access needs, a
    page at a time."""
    organisation = request.organisation
    filter_form = SeasonFilterForm(request.GET, organisation)
    filters = filter_form.filters()
    public = with_places_held(public_activities(organisation))
    paginator = Paginator(season_activities(public, filters), SEASON_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    activities = list(page.object_list)
    participant = participant_of(request.user, organisation)
    if request.user.is_authenticated:
        fits = page_fits(participant, activities)
        for activity in activities:
            activity.fit = fits[activity.pk]
        mark_ways_there(organisation, participant, activities)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "activities": activities,
        "registered_ids": registered_activity_ids(participant, [a.pk for a in activities]),
        "participant": participant,
    }

    # An HTMX filter change only needs the results; a history restore needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, "season/_results.html" if partial else "season/season.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def registration_state(
    activity: Activity,
    registration: Registration | None,
    user: AbstractBaseUser | AnonymousUser,
    places_held: int = 0,
) -> str:
    """Which registration block the activity page shows, in order of precedence.

    Places held for people on the waiting list count as taken.
    """
    if activity.status == Activity.Status.CANCELLED:
        return "cancelled"
    if activity.ends_at < timezone.now():
        return "ended"
    if registration is not None and registration.status == Registration.Status.CONFIRMED:
        return "registered"
    if activity.is_full or places_held >= activity.places_left:
        return "full"
    if not user.is_authenticated:
        return "anonymous"
    return "open"


@organisation_view
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity with its score opened up, and a way to take (or give back) a place."""
    activity = activity_page(with_offer_counts(public_activities(request.organisation)), pk)
    if activity is None:
        raise Http404(_("No such activity in this season."))
    participant = participant_of(request.user, request.organisation)
    registration = registration_for(participant, activity)
    waiting = waiting_list_block(request, activity, participant, registration)
    state = registration_state(activity, registration, request.user, waiting.places_held)
    zones = list(activity.zones.all())
    context = {
        "activity": activity,
        "waiting": waiting,
        "requirements": list(activity.requirements.all()),
        "zones": zones,
        "state": state,
        "fit": activity_fit(participant, activity, request.organisation)
        if request.user.is_authenticated
        else None,
    }
    if state == "registered":
        context.update(_registrant_context(registration, zones))
    return render(request, "season/activity.html", context)


def _registrant_context(registration: Registration, zones: list[Zone]) -> dict[str, object]:
    """What a registrant arranges on the page: preferences, party, and where staff seat them.

    At most two queries: their place in the zones (only when the room has zones) and the
    party's members (only in a party).
    """
    return {
        "registration": registration,
        "preferences_form": PreferencesForm.for_registration(registration, zones),
        "join_party_form": JoinPartyForm(),
        "party": party_members(registration),
        "zone_place": zone_places([registration.pk]).get(registration.pk) if zones else None,
    }
