"""“For you”: the activities that suit the participant best, with why in plain words."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from overture.audience.selectors import has_begun_self_assessment, participant_of
from overture.organisations.access import organisation_view

from . import fits


@organisation_view
@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    """The top recommendations with fit badges and reasons; works before any self-assessment."""
    organisation = request.organisation
    participant = participant_of(request.user, organisation)
    invite = participant is None or participant.assessed_at is None
    order = request.GET.get("order")
    order = order if order in fits.ORDERS else "fit"
    context = {
        "suggestions": fits.in_order(fits.for_you(organisation, participant), order),
        "order": order,
        "order_words": fits.ORDERS[order],
        "participant": participant,
        "invite_assessment": invite,
        "assessment_begun": invite and has_begun_self_assessment(participant),
    }
    return render(request, "signposting/for_you.html", context)
