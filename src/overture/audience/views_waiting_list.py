"""The waiting list of a full activity, from its page: join, leave, take or decline an offer.

Every button posts here and comes back to the activity page (or `next`), so it works without
JavaScript. The entry is always looked up from the logged-in participant, so nobody can act on
someone else's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from overture.organisations.access import organisation_view
from overture.organisations.limits import Limit, limit_posts
from overture.organisations.refusals import show_refusal
from overture.season.models import Activity
from overture.season.selectors import public_activities

from . import booking_mail, selectors, services, waiting_list
from .booking_mail import BookingEvent
from .models import Participant, Registration
from .views import _activity_url, _safe_next

WaitingListAction = Callable[[HttpRequest, Activity, Participant], None]

# Joining, leaving and declining can each email the next person in line: these keep anyone
# from flooding mailboxes by going round in circles.
WAITING_LIST_PER_ADDRESS = Limit(
    "waiting_list.address",
    "60/10m",
    lambda request: request.META.get("REMOTE_ADDR", ""),
    gettext_lazy("changed your place on waiting lists"),
)
WAITING_LIST_PER_ACCOUNT = Limit(
    "waiting_list.account",
    "20/10m",
    lambda request: str(request.user.pk) if request.user.is_authenticated else "",
    gettext_lazy("changed your place on waiting lists"),
)


class JoinWaitingListForm(forms.Form):
    """How many places someone waits for: themselves and the people coming with them."""

    places = forms.TypedChoiceField(label=gettext_lazy("How many places?"), coerce=int, initial=1)

    def __init__(self, activity: Activity, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        most = activity.places_per_booking
        self.fields["places"].choices = [(n, str(n)) for n in range(1, most + 1)]
        self.fields["places"].error_messages["invalid_choice"] = _(
            "Choose how many places you are waiting for: from 1 to %(most)s."
        ) % {"most": most}


@dataclass(frozen=True)
class WaitingListBlock:
    """What the activity page shows of its waiting list to the visitor."""

    places_held: int  # by live offers, so not free to book
    places_free: int
    place: waiting_list.WaitingPlace | None
    form: JoinWaitingListForm


def waiting_list_block(
    request: HttpRequest,
    activity: Activity,
    participant: Participant | None,
    registration: Registration | None,
) -> WaitingListBlock:
    """The waiting list as the activity page shows it, after passing on overdue offers.

    No query for the counts when the activity was read with_offer_counts; one for the
    visitor's place in line, unless they have a place.
    """
    held = getattr(activity, "places_held", None)
    if waiting_list.settle_if_due(activity, _site_url(request)) or held is None:
        held = waiting_list.places_held_by_offers(activity)
    has_place = registration is not None and registration.status == Registration.Status.CONFIRMED
    return WaitingListBlock(
        places_held=held,
        places_free=max(activity.places_left - held, 0),
        place=None if has_place else waiting_list.waiting_place(participant, activity),
        form=JoinWaitingListForm(activity),
    )


def waiting_list_action(action: WaitingListAction) -> Callable[..., HttpResponse]:
    """A POST from the activity page by a logged-in participant about their own entry.

    Refusals become error messages; every outcome goes back to the activity page.
    """

    @organisation_view
    @require_POST
    @limit_posts(WAITING_LIST_PER_ADDRESS, WAITING_LIST_PER_ACCOUNT)
    @wraps(action)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        activity = get_object_or_404(public_activities(request.organisation), pk=pk)
        activity_url = _activity_url(request, activity)
        if not request.user.is_authenticated:
            return redirect_to_login(activity_url)
        participant = services.participant_for(request.user, request.organisation)
        try:
            action(request, activity, participant)
        except waiting_list.WaitingListRefused as refusal:
            show_refusal(request, refusal)
        return redirect(_safe_next(request) or activity_url)

    return view


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@waiting_list_action
def join(request: HttpRequest, activity: Activity, participant: Participant) -> None:
    """Join the waiting list for a number of places."""
    form = JoinWaitingListForm(activity, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["places"]))
        return
    before = waiting_list.waiting_place(participant, activity)
    waiting_list.join(participant, activity.pk, form.cleaned_data["places"], _site_url(request))
    if before is not None:
        messages.info(
            request,
            _("You’re already on the waiting list for %(activity)s.")
            % {"activity": activity.title},
        )
    else:
        messages.success(
            request,
            _(
                "You’re on the waiting list for %(activity)s. We’ll email you as soon as "
                "places are free for you."
            )
            % {"activity": activity.title},
        )


@waiting_list_action
def leave(request: HttpRequest, activity: Activity, participant: Participant) -> None:
    """Leave the waiting list; an offer held goes to the next person."""
    if waiting_list.leave(participant, activity.pk, _site_url(request)) is None:
        messages.info(
            request,
            _("You’re not on the waiting list for %(activity)s.") % {"activity": activity.title},
        )
    else:
        messages.success(
            request,
            _("You’ve left the waiting list for %(activity)s.") % {"activity": activity.title},
        )


@waiting_list_action
def accept(request: HttpRequest, activity: Activity, participant: Participant) -> None:
    """Take the places held for you: they become your registration."""
    had_place = selectors.registration_for(participant, activity)
    registration = waiting_list.accept(participant, activity.pk, _site_url(request))
    if had_place is not None and had_place.status == had_place.Status.CONFIRMED:
        messages.info(
            request, _("You already have a place at %(activity)s.") % {"activity": activity.title}
        )
        return
    booking_mail.send_after_commit(registration, BookingEvent.BOOKED, site_url=_site_url(request))
    places = registration.places
    messages.success(
        request,
        ngettext(
            "You’re registered for %(activity)s: %(count)s place booked. Your ticket and "
            "calendar entry are on their way by email. See you there!",
            "You’re registered for %(activity)s: %(count)s places booked. Your ticket and "
            "calendar entry are on their way by email. See you there!",
            places,
        )
        % {"activity": activity.title, "count": places},
    )


@waiting_list_action
def decline(request: HttpRequest, activity: Activity, participant: Participant) -> None:
    """Turn down the places held for you, so the next person can have them."""
    if waiting_list.decline(participant, activity.pk, _site_url(request)) is None:
        messages.info(
            request,
            _("No place at %(activity)s is being held for you.") % {"activity": activity.title},
        )
    else:
        messages.success(
            request, _("Thank you for letting us know: the places go to the next person waiting.")
        )
