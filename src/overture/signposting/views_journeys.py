"""“How to get there”: the learning journey to an activity or to a level in a practice."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from overture.organisations.access import organisation_view
from overture.organisations.inputs import local_url, query_id
from overture.organisations.limits import Limit, limit_posts
from overture.organisations.models import Organisation
from overture.season.models import Level, Practice
from overture.season.wording import level_word

from . import journeys, services
from .coverage import entry_point_words


class JourneyTargetForm(forms.Form):
    """A level to reach in one of the organisation's practices (the page's GET parameters)."""

    practice = forms.ModelChoiceField(
        queryset=Practice.objects.none(),
        label=gettext_lazy("Practice"),
        empty_label=gettext_lazy("Choose a practice"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of the practices in the list.")},
    )
    level = forms.TypedChoiceField(
        choices=Level.choices,
        coerce=int,
        initial=Level.NOVICE,
        label=gettext_lazy("Level to reach"),
        error_messages={"invalid_choice": gettext_lazy("Choose a level from the list.")},
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


BAD_ACTIVITY = gettext_lazy(
    "That link doesn’t name an activity. Choose a practice and a level below instead."
)
BAD_TARGET = gettext_lazy("Choose a practice and a level to see how to get there.")


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


class WishForm(forms.Form):
    """“Tell us you'd come”: the entry point a participant lacks, and whether to take it back."""

    practice = forms.ModelChoiceField(
        queryset=Practice.objects.none(),
        error_messages={
            "invalid_choice": gettext_lazy("That practice isn’t one of ours any more.")
        },
    )
    level = forms.TypedChoiceField(
        choices=Level.choices,
        coerce=int,
        error_messages={"invalid_choice": gettext_lazy("That level isn’t one we know.")},
    )
    take_back = forms.BooleanField(required=False)

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = Practice.objects.filter(organisation=organisation)


def _wish_user(request: HttpRequest) -> str:
    return str(request.user.pk or "")


# A person tells us about a handful of goals; this only stops a script.
WISHES_PER_ACCOUNT = Limit(
    "wish.account", "30/10m", _wish_user, gettext_lazy("told us what you’d come to")
)
WISH_NOT_RECORDED = gettext_lazy("We couldn’t note that — choose a goal again and try once more.")


@organisation_view
@login_required
@require_POST
@limit_posts(WISHES_PER_ACCOUNT)
def tell_us(request: HttpRequest) -> HttpResponse:
    """Record (or take back) that the participant would come to a missing entry point."""
    organisation = request.organisation
    form = WishForm(organisation, request.POST)
    back = local_url(request, request.POST.get("next"))
    if not form.is_valid():
        messages.error(request, WISH_NOT_RECORDED)
        return redirect(back or reverse("journey", kwargs={"org": organisation.slug}))
    practice, level = form.cleaned_data["practice"], form.cleaned_data["level"]
    values = {"entry_point": entry_point_words(level), "practice": practice.name}
    if form.cleaned_data["take_back"]:
        services.take_back_wish(request.user, organisation, practice, level)
        messages.success(
            request,
            _("Taken back: you’re no longer counted for %(entry_point)s in %(practice)s.") % values,
        )
    else:
        services.tell_us_youd_come(request.user, organisation, practice, level)
        messages.success(
            request,
            _(
                "Thank you — we’ve noted that you’d come to %(entry_point)s in %(practice)s. It "
                "helps us plan the season; you can take it back here at any time."
            )
            % values,
        )
    return redirect(back or reverse("journey", kwargs={"org": organisation.slug}))
