"""“For you”: the activities that suit the participant best, with why in plain words."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from overture.audience.selectors import participant_of
from overture.organisations.access import organisation_view

from . import fits


@organisation_view
@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    """The top recommendations with fit badges and reasons; works before any self-assessment."""
    organisation = request.organisation
    participant = participant_of(request.user, organisation)
    context = {
        "suggestions": fits.for_you(organisation, participant),
        "participant": participant,
        "invite_assessment": participant is None or participant.assessed_at is None,
    }
    return render(request, "signposting/for_you.html", context)
