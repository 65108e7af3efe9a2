"""Participant pages: self-assessment, bookings with their places, tickets and calendar
entries, preferences and parties."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from overture.organisations.access import organisation_view
from overture.organisations.inputs import local_url, parse_id
from overture.organisations.limits import BOOKING, limit_posts
from overture.organisations.refusals import show_refusal
from overture.season.models import Activity
from overture.season.selectors import public_activities
from overture.season.wording import levels_explained

from . import booking_mail, ics, selectors, services
from .assessment import Plan, Step
from .booking_mail import BookingEvent
from .forms import JoinPartyForm, PlacesForm, PreferencesForm, SelfAssessmentForm, most_places
from .models import Participant, Registration


def _safe_next(request: HttpRequest) -> str:
    """The `next` address from the form or query string, if it points back into this site."""
    return local_url(request, request.POST.get("next") or request.GET.get("next")) or ""


def _season_url(request: HttpRequest) -> str:
    return reverse("season", kwargs={"org": request.organisation.slug})


def _for_you_url(request: HttpRequest) -> str:
    return reverse("for_you", kwargs={"org": request.organisation.slug})


def _activity_url(request: HttpRequest, activity: Activity) -> str:
    return reverse("activity", kwargs={"org": request.organisation.slug, "pk": activity.pk})


def _skipped_key(organisation_id: int) -> str:
    return f"assessment_skipped_{organisation_id}"


def _skipped(request: HttpRequest) -> set[int]:
    """The questions this visitor skipped so far, so coming back does not start there."""
    stored = request.session.get(_skipped_key(request.organisation.pk), [])
    return {pk for pk in stored if isinstance(pk, int)}


def _remember_skipped(
    request: HttpRequest, skipped: Iterable[int], answered: Iterable[int]
) -> None:
    key = _skipped_key(request.organisation.pk)
    request.session[key] = sorted((_skipped(request) | set(skipped)) - set(answered))


def _step_number(value: object) -> int | None:
    """A step number from the page's query or form, or None when it is not one."""
    return parse_id(value) if isinstance(value, str) else None


def _assessment_url(request: HttpRequest, step: int, next_url: str) -> str:
    query = {"step": step, **({"next": next_url} if next_url else {})}
    url = reverse("self_assessment", kwargs={"org": request.organisation.slug})
    return f"{url}?{urlencode(query)}"


@organisation_view
@login_required
def self_assessment(request: HttpRequest) -> HttpResponse:
    """A few questions per step about what the person has done; each step is saved on going on.

    GET shows a step (`?step=`, or where they left off); POST saves it (or skips it) and
    goes to the next step, or after the last one to For you (or `next`).
    """
    organisation = request.organisation
    participant = selectors.participant_of(request.user, organisation)
    plan = Plan.of(selectors.assessment_practices(organisation))
    levels = selectors.self_assessed_levels(participant)
    next_url = _safe_next(request)
    if not len(plan):
        if request.method == "POST":
            return redirect(next_url or _for_you_url(request))
        return render(request, "audience/self_assessment.html", {"plan": plan})
    source = request.POST if request.method == "POST" else request.GET
    number = _step_number(source.get("step"))
    if number is None:
        complete = participant is not None and participant.assessed_at is not None
        number = plan.resume_at(set(levels) | _skipped(request), complete)
    step = plan.step(number)
    form = SelfAssessmentForm(
        step.practices, levels, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        skipping = request.POST.get("action") == "skip"
        if skipping or form.is_valid():
            participant = participant or services.participant_for(request.user, organisation)
            return _save_step(request, participant, step, None if skipping else form, next_url)
    context = {
        "plan": plan,
        "step": step,
        "form": form,
        "next": next_url,
        "levels_explained": levels_explained(),
    }
    return render(request, "audience/self_assessment.html", context)


def _save_step(
    request: HttpRequest,
    participant: Participant,
    step: Step,
    form: SelfAssessmentForm | None,
    next_url: str,
) -> HttpResponse:
    """Store the step's answers (none when skipped), then go on to the next step or finish."""
    if form is None:
        levels, not_known = {}, []
        skipped = [p.pk for p in step.practices]
    else:
        levels, not_known = form.levels(), form.not_known()
        skipped = not_known
    services.record_self_assessment(participant, levels, not_known=not_known, complete=step.is_last)
    _remember_skipped(request, skipped, answered=levels)
    if not step.is_last:
        return redirect(_assessment_url(request, step.number + 1, next_url))
    messages.success(
        request, _("Thank you — we’ll use your answers to point you to activities that fit.")
    )
    return redirect(next_url or _for_you_url(request))


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@organisation_view
@require_POST
@limit_posts(*BOOKING)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Book places at an activity (the service refuses when too few are left, or it is
    cancelled or over); the confirmation email carries the ticket and the calendar entry."""
    activity = get_object_or_404(public_activities(request.organisation), pk=pk)
    activity_url = _activity_url(request, activity)
    if not request.user.is_authenticated:
        return redirect_to_login(activity_url)
    participant = services.participant_for(request.user, request.organisation)
    existing = selectors.registration_for(participant, activity)
    back = redirect(_safe_next(request) or activity_url)
    if existing is not None and existing.status == existing.Status.CONFIRMED:
        messages.info(
            request, _("You already have a place at %(activity)s.") % {"activity": activity.title}
        )
        return back
    # A form without the number (an older page, a link button) books one place.
    data = request.POST if "places" in request.POST else {"places": "1"}
    form = PlacesForm(most_places(activity), data=data)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return back
    places = form.cleaned_data["places"]
    try:
        registration = services.register(participant, activity.pk, places)
    except services.RegistrationRefused as refusal:
        show_refusal(request, refusal)
        return back
    booking_mail.send_after_commit(registration, BookingEvent.BOOKED, site_url=_site_url(request))
    registered = (
        ngettext(
            "You’re registered for %(activity)s with %(count)s place. See you there!",
            "You’re registered for %(activity)s with %(count)s places. See you there!",
            places,
        )
        if places > 1
        else _("You’re registered for %(activity)s. See you there!")
    )
    messages.success(request, registered % {"activity": activity.title, "count": places})
    return back


@organisation_view
@require_POST
@limit_posts(*BOOKING)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Give every place back, so someone else can have them; buddy help arranged for the
    activity ends with them."""
    activity = get_object_or_404(public_activities(request.organisation), pk=pk)
    activity_url = _activity_url(request, activity)
    if not request.user.is_authenticated:
        return redirect_to_login(activity_url)
    participant = selectors.participant_of(request.user, request.organisation)
    registration = selectors.registration_for(participant, activity)
    if registration is None or registration.status != registration.Status.CONFIRMED:
        messages.info(
            request, _("You don’t have a place at %(activity)s.") % {"activity": activity.title}
        )
    else:
        try:
            cancelled = services.give_up_place(
                participant, activity.pk, site_url=_site_url(request)
            )
        except services.RegistrationRefused as refusal:
            show_refusal(request, refusal)
        else:
            booking_mail.send_after_commit(
                cancelled, BookingEvent.CANCELLED, site_url=_site_url(request)
            )
            cancelled_words = (
                _("Your places at %(activity)s are cancelled. Thank you for letting us know.")
                if cancelled.places > 1
                else _("Your place at %(activity)s is cancelled. Thank you for letting us know.")
            )
            messages.success(request, cancelled_words % {"activity": activity.title})
    return redirect(_safe_next(request) or activity_url)


def _held_registration(request: HttpRequest, pk: int) -> Registration:
    """The visitor's confirmed place at a public activity that goes ahead; else 404."""
    registration = selectors.held_registration(request.user, request.organisation, pk)
    if registration is None:
        raise Http404(_("You don’t have a place at this activity."))
    return registration


@organisation_view
@login_required
@require_GET
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    """The registrant's ticket, to print or show at the door: who, what, when, where, how
    many places, and the QR code of the ticket code."""
    registration = _held_registration(request, pk)
    context = {"registration": registration, "activity": registration.activity}
    return render(request, "audience/ticket.html", context)


@organisation_view
@login_required
@require_GET
def calendar_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The registrant's calendar entry (.ics), the same the confirmation email carries."""
    registration = _held_registration(request, pk)
    response = HttpResponse(
        booking_mail.calendar_file(registration, _site_url(request)),
        content_type=f"{ics.CONTENT_TYPE}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="activity-{pk}.ics"'
    return response


RegistrantAction = Callable[[HttpRequest, Activity, Registration], None]


def registrant_action(action: RegistrantAction) -> Callable[..., HttpResponse]:
    """A button on the activity page that changes the visitor's own confirmed place.

    POST only. The place is looked up from the logged-in user, so nobody can act on someone
    else's. The action reports through messages and its refusals (RegistrationRefused) become
    error messages; every outcome goes back to the activity page, so it works without JavaScript.
    """

    @organisation_view
    @require_POST
    @wraps(action)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        activity = get_object_or_404(
            public_activities(request.organisation).prefetch_related("zones"), pk=pk
        )
        activity_url = _activity_url(request, activity)
        if not request.user.is_authenticated:
            return redirect_to_login(activity_url)
        participant = selectors.participant_of(request.user, request.organisation)
        registration = selectors.registration_for(participant, activity)
        if registration is None or registration.status != Registration.Status.CONFIRMED:
            messages.info(
                request,
                _("You don’t have a place at %(activity)s. Register first.")
                % {"activity": activity.title},
            )
        else:
            try:
                action(request, activity, registration)
            except services.RegistrationRefused as refusal:
                show_refusal(request, refusal)
        return redirect(_safe_next(request) or activity_url)

    return view


def _form_errors(form: PreferencesForm | JoinPartyForm | PlacesForm) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@registrant_action
def registration_preferences(
    request: HttpRequest, activity: Activity, registration: Registration
) -> None:
    """Say how you like to take part and, where the room has zones, where you would like to be."""
    form = PreferencesForm(activity.zones.all(), data=request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return
    services.set_preferences(
        registration, form.cleaned_data["norms_preference"], form.chosen_zone()
    )
    messages.success(
        request,
        _("Thank you — we’ll keep how you like to take part in mind when we seat everyone."),
    )


def _change_places(request: HttpRequest, activity: Activity, registration: Registration) -> None:
    """Hold more places (while they are free) or fewer (giving the rest back)."""
    form = PlacesForm(
        most_places(activity, registration.places), data=request.POST, initial=registration.places
    )
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return
    before = registration.places
    try:
        changed = services.change_places(
            registration.participant, activity.pk, form.cleaned_data["places"]
        )
    except services.RegistrationRefused as refusal:
        show_refusal(request, refusal)
        return
    if changed.places == before:
        messages.info(
            request,
            ngettext(
                "You already have %(count)s place at %(activity)s.",
                "You already have %(count)s places at %(activity)s.",
                before,
            )
            % {"count": before, "activity": activity.title},
        )
        return
    booking_mail.send_after_commit(changed, BookingEvent.CHANGED, site_url=_site_url(request))
    messages.success(
        request,
        ngettext(
            "You now have %(count)s place at %(activity)s.",
            "You now have %(count)s places at %(activity)s.",
            changed.places,
        )
        % {"count": changed.places, "activity": activity.title},
    )


change_places = limit_posts(*BOOKING)(registrant_action(_change_places))


@registrant_action
def party_start(request: HttpRequest, activity: Activity, registration: Registration) -> None:
    """Get a party code to give the people you are coming with."""
    already = registration.party
    code = services.start_party(registration)
    if already:
        messages.info(
            request, _("You’re already in a party. Its code is %(code)s.") % {"code": code}
        )
    else:
        messages.success(
            request,
            _(
                "Your party code is %(code)s. Give it to the people you are coming with; they "
                "enter it after registering, and you will be seated together."
            )
            % {"code": code},
        )


@registrant_action
def party_join(request: HttpRequest, activity: Activity, registration: Registration) -> None:
    """Join the party of someone you are coming with, by the code they gave you."""
    form = JoinPartyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return
    before = registration.party
    code = services.join_party(registration, form.cleaned_data["code"])
    if before == code:
        messages.info(request, _("You’re already in the party %(code)s.") % {"code": code})
    else:
        messages.success(request, _("You’ve joined the party: you will be seated together."))


@registrant_action
def party_leave(request: HttpRequest, activity: Activity, registration: Registration) -> None:
    """Stop sitting with your party; the others stay together."""
    if not registration.party:
        messages.info(request, _("You’re not in a party."))
        return
    services.leave_party(registration)
    messages.success(request, _("You’ve left the party. The others will still be seated together."))
