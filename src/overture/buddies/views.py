"""Participant pages: the Buddies page, asking for a buddy, becoming one, “My newcomers”."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overture.audience.selectors import participant_of
from overture.audience.services import participant_for
from overture.organisations.access import organisation_view
from overture.organisations.inputs import local_url, query_id
from overture.organisations.limits import limit_posts
from overture.organisations.refusals import show_refusal
from overture.season.models import Activity

from . import conversation, selectors, services
from .forms import MessageForm, RequestForm, VolunteerForm
from .limits import MESSAGES
from .models import first_name

NEWCOMERS_PAGE_SIZE = 10


def _home(request: HttpRequest) -> str:
    return reverse("buddies", kwargs={"org": request.organisation.slug})


def _back(request: HttpRequest, default: str) -> str:
    return local_url(request, request.POST.get("next")) or default


@organisation_view
@login_required
def buddies(request: HttpRequest) -> HttpResponse:
    """The participant's requests with the buddy they were given, and their volunteering."""
    participant = participant_of(request.user, request.organisation)
    buddy = selectors.buddy_of(participant)
    newcomers = selectors.my_newcomers(buddy).count() if buddy else 0
    context = {
        "requests": selectors.requests_of(participant),
        "buddy": buddy,
        "newcomers": newcomers,
        "participant": participant,
        "section": "buddies",
    }
    return render(request, "buddies/buddies.html", context)


def _chosen_place(request: HttpRequest, places: list[Activity]) -> Activity | None:
    """The activity chosen on “Get a buddy” (posted, or in the address), if it is a place."""
    params = request.POST if request.method == "POST" else request.GET
    chosen = query_id(params, "activity")
    return next((a for a in places if a.pk == chosen), None)


@organisation_view
@login_required
def ask(request: HttpRequest) -> HttpResponse:
    """“Get a buddy”: for one activity the participant has a place at, or for the season.

    Once an activity is chosen only the practices it involves are offered; HTMX fetches them
    again when the choice changes.
    """
    organisation = request.organisation
    participant = participant_of(request.user, organisation)
    practices = selectors.practices_of(organisation)
    places = list(
        selectors.upcoming_places(participant)
        .prefetch_related("requirements")
        .order_by("starts_at", "pk")
    )
    form = RequestForm(
        practices,
        selectors.levels_by_practice(participant, practices),
        places,
        data=request.POST if request.method == "POST" else None,
        activity=_chosen_place(request, places),
        refresh_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant = participant or participant_for(request.user, organisation)
        try:
            buddy_request = services.ask_for_buddy(
                participant,
                activity_id=data["activity"],
                practice_ids=data["practices"],
                language=data["language"],
                minor=data["minor"],
            )
        except services.BuddyRefused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(
                request,
                _(
                    "Thank you — we’ll look for a buddy for %(scope)s and tell "
                    "you who it is and where to meet."
                )
                % {"scope": buddy_request.scope_words},
            )
            return redirect(_home(request))
    context = {"form": form, "places": places, "section": "buddies"}
    return render(request, "buddies/ask.html", context)


@organisation_view
@login_required
def volunteer(request: HttpRequest) -> HttpResponse:
    """“Become a buddy”, or change what the participant offers."""
    organisation = request.organisation
    participant = participant_of(request.user, organisation)
    practices = selectors.practices_of(organisation)
    levels = selectors.levels_by_practice(participant, practices)
    places = list(selectors.upcoming_places(participant).order_by("starts_at", "pk"))
    buddy = selectors.buddy_of(participant)
    form = VolunteerForm(
        practices,
        levels,
        places,
        buddy=buddy,
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant = participant or participant_for(request.user, organisation)
        try:
            services.volunteer(
                participant,
                practice_ids=data["practices"],
                languages=data["languages"],
                activity_ids=data["activities"],
                per_activity=data["per_activity"],
                per_season=data["per_season"],
            )
        except services.BuddyRefused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(
                request,
                _("Thank you for volunteering! We’ll tell you when a newcomer is paired with you.")
                if buddy is None or not buddy.active
                else _("Saved what you offer as a buddy."),
            )
            return redirect(_home(request))
    can_help = [p for p in practices if levels[p.pk] >= services.MIN_BUDDY_LEVEL]
    context = {
        "form": form,
        "buddy": buddy,
        "can_help": can_help,
        "places": places,
        "section": "buddies",
    }
    return render(request, "buddies/volunteer.html", context)


@organisation_view
@login_required
@require_POST
def stop(request: HttpRequest) -> HttpResponse:
    participant = participant_of(request.user, request.organisation)
    if participant is not None and services.stop_volunteering(participant):
        messages.success(
            request, _("You are no longer offered as a buddy. Thank you for your help so far.")
        )
    return redirect(_home(request))


@organisation_view
@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_of(request.user, request.organisation)
    withdrawn = services.withdraw_request(participant, pk) if participant else None
    if withdrawn is None:
        raise Http404(_("No such request."))
    messages.success(
        request,
        _("You no longer ask for a buddy for %(scope)s.") % {"scope": withdrawn.scope_words},
    )
    return redirect(_home(request))


@organisation_view
@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline a pair, as the newcomer or as the buddy."""
    participant = participant_of(request.user, request.organisation)
    pair = selectors.pair_for(participant, pk) if participant else None
    if pair is None:
        raise Http404(_("No such pairing."))
    side = services.side_of(pair, participant)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_pair(participant, pk, accept=accept)
    except services.BuddyRefused as refusal:
        show_refusal(request, refusal)
    else:
        other = first_name(
            pair.buddy.participant if side == "newcomer" else pair.request.participant
        )
        if accept:
            messages.success(
                request, _("Thank you — we’ve told %(name)s you’ll be there.") % {"name": other}
            )
        elif side == "newcomer":
            messages.info(
                request, _("Thank you for letting us know. We’ll look for another buddy.")
            )
        else:
            messages.info(
                request,
                _("Thank you for letting us know. We’ll find %(name)s another buddy.")
                % {"name": other},
            )
    return redirect(_back(request, _home(request)))


@organisation_view
@login_required
def my_newcomers(request: HttpRequest) -> HttpResponse:
    """The newcomers paired with this buddy: whom to meet, where and when."""
    participant = participant_of(request.user, request.organisation)
    buddy = selectors.volunteer_record(participant)
    page = None
    if buddy is not None:
        page = Paginator(selectors.my_newcomers(buddy), NEWCOMERS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "buddies/my_newcomers.html",
        {"buddy": buddy, "page": page, "participant": participant, "section": "buddies"},
    )


@organisation_view
@login_required
@require_POST
@limit_posts(*MESSAGES)
def send_message(request: HttpRequest, pk: int) -> HttpResponse:
    """A message to the other side of a published pair; they are told by email."""
    participant = participant_of(request.user, request.organisation)
    back = _back(request, _home(request)) + f"#pair-{pk}"
    form = MessageForm(data=request.POST)
    if participant is None:
        raise Http404(_("No such pairing."))
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, _("Your message was not sent: %(reason)s") % {"reason": error})
        return redirect(back)
    try:
        conversation.send_message(
            participant,
            pk,
            form.cleaned_data["text"],
            site_url=request.build_absolute_uri("/"),
        )
    except services.BuddyRefused as refusal:
        show_refusal(request, refusal, wording=_("Your message was not sent: %(reason)s"))
    else:
        messages.success(request, _("Message sent. We’ve emailed it on, without your address."))
    return redirect(back)
