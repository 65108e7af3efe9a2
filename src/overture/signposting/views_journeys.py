"""“How to get there”: the learning journey to an activity or to a level in a practice."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from overture.engines.level_words import level_word
from overture.organisations.access import organisation_view
from overture.organisations.inputs import query_id
from overture.organisations.models import Organisation
from overture.season.models import Level, Practice

from . import journeys


class JourneyTargetForm(forms.Form):
    """A level to reach in one of the organisation's practices (the page's GET parameters)."""

    practice = forms.ModelChoiceField(
        queryset=Practice.objects.none(),
        label="Practice",
        empty_label="Choose a practice",
        error_messages={"invalid_choice": "Choose one of the practices in the list."},
    )
    level = forms.TypedChoiceField(
        choices=Level.choices,
        coerce=int,
        initial=Level.NOVICE,
        label="Level to reach",
        error_messages={"invalid_choice": "Choose a level from the list."},
    )

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = Practice.objects.filter(
            organisation=organisation
        ).order_by("name", "id")
        # Newcomer is a valid goal (one is always there already) but not worth offering.
        self.fields["level"].widget.choices = [
            (level, level_word(level)) for level in Level.values if level > Level.NEWCOMER
        ]


BAD_ACTIVITY = "That link doesn’t name an activity. Choose a practice and a level below instead."
BAD_TARGET = "Choose a practice and a level to see how to get there."


@organisation_view
@login_required
def journey(request: HttpRequest) -> HttpResponse:
    """GET `activity=<pk>`, or `practice=<pk>&level=<0-3>`; without either, a form to choose."""
    organisation = request.organisation
    form = JourneyTargetForm(organisation)
    page = None
    if "activity" in request.GET:
        activity_id = query_id(request.GET, "activity")
        if activity_id is not None:
            page = journeys.journey_to_activity(request.user, organisation, activity_id)
        else:
            page = journeys.JourneyPage(status=400, error=BAD_ACTIVITY)
    elif "practice" in request.GET or "level" in request.GET:
        form = JourneyTargetForm(organisation, request.GET)
        if form.is_valid():
            data = form.cleaned_data
            page = journeys.journey_to_level(
                request.user, organisation, data["practice"], data["level"]
            )
        else:
            page = journeys.JourneyPage(status=400, error=BAD_TARGET)
    return render(
        request,
        "signposting/journey.html",
        {"page": page, "form": form},
        status=page.status if page else 200,
    )
