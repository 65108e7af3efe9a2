"""Participant pages: sign-up, self-assessment, registrations and “my activities”."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from overture.organisations.access import organisation_view
from overture.season.models import Activity
from overture.season.selectors import public_activities

from . import selectors, services
from .forms import SelfAssessmentForm, SignUpForm

MY_ACTIVITIES_PAGE_SIZE = 10


def _safe_next(request: HttpRequest) -> str:
    """The `next` address from the form or query string, if it points back into this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _season_url(request: HttpRequest) -> str:
    return reverse("season", kwargs={"org": request.organisation.slug})


def _activity_url(request: HttpRequest, activity: Activity) -> str:
    return reverse("activity", kwargs={"org": request.organisation.slug, "pk": activity.pk})


@organisation_view
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and a participant record, then ask about experience."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        messages.info(request, "You’re already logged in.")
        return redirect(next_url or _season_url(request))
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.sign_up(
                request.organisation,
                display_name=data["display_name"],
                email=data["email"],
                password=data["password1"],
                consent_contact=data["consent_contact"],
                consent_research=data["consent_research"],
                accessibility_needs=data["accessibility_needs"],
            )
        except services.SignUpRefused as refusal:
            form.add_error("email", str(refusal))
        else:
            login(request, participant.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"Welcome, {participant.display_name}! A few quick questions help us suggest "
                "activities that fit you — skip any you like.",
            )
            url = reverse("self_assessment", kwargs={"org": request.organisation.slug})
            return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
    return render(request, "audience/signup.html", {"form": form, "next": next_url})


@organisation_view
@login_required
def self_assessment(request: HttpRequest) -> HttpResponse:
    """One plain question per practice; answers become self-assessed levels."""
    organisation = request.organisation
    participant = selectors.participant_of(request.user, organisation)
    form = SelfAssessmentForm(
        selectors.assessment_practices(organisation),
        selectors.self_assessed_levels(participant),
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        participant = participant or services.participant_for(request.user, organisation)
        services.record_self_assessment(participant, form.levels())
        messages.success(
            request, "Thank you — we’ll use your answers to point you to activities that fit."
        )
        return redirect(_safe_next(request) or _season_url(request))
    return render(
        request, "audience/self_assessment.html", {"form": form, "next": _safe_next(request)}
    )


@organisation_view
@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """The participant's places: what is coming up, and what they have been to."""
    participant = selectors.participant_of(request.user, request.organisation)
    coming = past = None
    if participant is not None:
        coming = Paginator(
            selectors.upcoming_registrations(participant), MY_ACTIVITIES_PAGE_SIZE
        ).get_page(request.GET.get("coming"))
        past = Paginator(
            selectors.past_registrations(participant), MY_ACTIVITIES_PAGE_SIZE
        ).get_page(request.GET.get("past"))
    return render(request, "audience/my_activities.html", {"coming": coming, "past": past})


@organisation_view
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a place at an activity (the service refuses when it is full, cancelled or over)."""
    activity = get_object_or_404(public_activities(request.organisation), pk=pk)
    activity_url = _activity_url(request, activity)
    if not request.user.is_authenticated:
        return redirect_to_login(activity_url)
    participant = services.participant_for(request.user, request.organisation)
    existing = selectors.registration_for(participant, activity)
    try:
        services.register(participant, activity.pk)
    except services.RegistrationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if existing is not None and existing.status == existing.Status.CONFIRMED:
            messages.info(request, f"You already have a place at {activity.title}.")
        else:
            messages.success(request, f"You’re registered for {activity.title}. See you there!")
    return redirect(_safe_next(request) or activity_url)


@organisation_view
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a place back, so someone else can have it."""
    activity = get_object_or_404(public_activities(request.organisation), pk=pk)
    activity_url = _activity_url(request, activity)
    if not request.user.is_authenticated:
        return redirect_to_login(activity_url)
    participant = selectors.participant_of(request.user, request.organisation)
    registration = selectors.registration_for(participant, activity)
    if registration is None or registration.status != registration.Status.CONFIRMED:
        messages.info(request, f"You don’t have a place at {activity.title}.")
    else:
        try:
            services.cancel_registration(participant, activity.pk)
        except services.RegistrationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                f"Your place at {activity.title} is cancelled. Thank you for letting us know.",
            )
    return redirect(_safe_next(request) or activity_url)
