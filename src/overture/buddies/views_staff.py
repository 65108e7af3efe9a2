"""Staff pages: run the matching, review and change pairs, publish, vet volunteers."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overture.charts import labelled_bars, percent_bars
from overture.organisations.access import role_required
from overture.organisations.inputs import local_url
from overture.organisations.refusals import show_refusal
from overture.organisations.roles import Action
from overture.season.models import Activity

from . import conversation, matching, notifications, selectors, services
from .forms import ApprovalSettingForm, ChangeBuddyForm, RunForm, VettingForm, VolunteerFilter
from .models import BuddyPair

PAIRS_PER_PAGE = 25
REQUESTS_PER_PAGE = 25
VOLUNTEERS_PER_PAGE = 50
REASONS_SHOWN = 6
OTHER_REASONS = gettext_lazy("Other reasons")


def _page_url(request: HttpRequest) -> str:
    return reverse("staff_buddies", kwargs={"org": request.organisation.slug})


def _back(request: HttpRequest, default: str) -> str:
    """Where a staff form came from, if that address is on this site."""
    return local_url(request, request.POST.get("back")) or default


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _top_reasons(reasons: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The most common reasons for no buddy, the rest added up as “Other reasons”."""
    if len(reasons) <= REASONS_SHOWN:
        return reasons
    rest = sum(n for _, n in reasons[REASONS_SHOWN - 1 :])
    return [*reasons[: REASONS_SHOWN - 1], (str(OTHER_REASONS), rest)]


def _outcome_chart(summary: selectors.ProgrammeSummary, reasons: list[tuple[str, int]]):
    """Open requests by outcome: matched, then the main reasons for no buddy."""
    total = summary.requests
    matched = _("%(matched)s of %(total)s") % {
        "matched": f"{summary.matched:,}",
        "total": f"{total:,}",
    }
    rows = [(_("Matched"), summary.matched_share, matched)]
    for reason, count in reasons:
        rows.append((reason, 100 * count / total, f"{count:,}"))
    return labelled_bars(rows)


def _gap_chart(gaps: list[tuple[int, int]]):
    """Live pairs by how many levels the buddy is above the newcomer."""
    total = sum(n for _, n in gaps)
    return percent_bars([(_gap_words(gap), 100 * n / total, _pair_count(n)) for gap, n in gaps])


def _gap_words(gap: int) -> str:
    if gap == 0:
        return _("Same level")
    return ngettext("%(gap)s level above", "%(gap)s levels above", gap) % {"gap": gap}


def _pair_count(count: int) -> str:
    return ngettext("%(count)s pair", "%(count)s pairs", count) % {"count": f"{count:,}"}


@role_required(Action.SEE_PEOPLE)
@require_GET
def matching_page(request: HttpRequest) -> HttpResponse:
    """Figures, the latest run, unmatched requests with reasons, proposed and published pairs."""
    organisation = request.organisation
    summary = selectors.programme_summary(organisation)
    reasons = _top_reasons(selectors.unmatched_by_reason(organisation))
    gaps = selectors.level_gaps(organisation)
    run = selectors.latest_run(organisation)
    activities = list(selectors.activities_with_requests(organisation))
    unsent = notifications.pending_count(organisation) + conversation.unsent(organisation).count()
    context = {
        "section": "buddies",
        "summary": summary,
        "run": run,
        "run_form": RunForm(activities, meeting_point=run.meeting_point if run else ""),
        "outcome_chart": _outcome_chart(summary, reasons) if summary.requests else None,
        "reasons": reasons,
        "gap_chart": _gap_chart(gaps) if gaps else None,
        "gaps": gaps,
        "proposed": Paginator(selectors.proposed_pairs(organisation), PAIRS_PER_PAGE).get_page(
            request.GET.get("proposed")
        ),
        "published": Paginator(selectors.published_pairs(organisation), PAIRS_PER_PAGE).get_page(
            request.GET.get("published")
        ),
        "unsent": unsent,
        "last_failure": notifications.last_failure(organisation) if unsent else None,
        "last_message_failure": conversation.last_failure(organisation) if unsent else None,
        "unmatched": Paginator(
            selectors.unmatched_requests(organisation), REQUESTS_PER_PAGE
        ).get_page(request.GET.get("unmatched")),
    }
    return render(request, "buddies/staff/matching.html", context)


@role_required(Action.PREPARE)
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    """Start matching for one activity or the whole season."""
    organisation = request.organisation
    activities = list(selectors.activities_with_requests(organisation))
    form = RunForm(activities, data=request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_page_url(request))
    activity_id = form.cleaned_data["activity"]
    activity = None
    if activity_id is not None:
        activity = Activity.objects.filter(organisation=organisation, pk=activity_id).first()
    try:
        started = matching.start_matching(
            organisation,
            activity=activity,
            meeting_point=form.cleaned_data["meeting_point"],
            started_by=request.user,
        )
    except services.BuddyRefused as refusal:
        show_refusal(request, refusal)
        return redirect(_page_url(request))
    started.refresh_from_db()
    if started.status == started.Status.DONE:
        messages.success(
            request,
            _(
                "Matched %(matched)s of %(requests)s requests for %(scope)s. Review the proposed "
                "pairs, then publish them."
            )
            % {
                "matched": f"{started.matched:,}",
                "requests": f"{started.requests:,}",
                "scope": started.scope_words,
            },
        )
    elif started.status == started.Status.FAILED:
        messages.error(request, _("Matching stopped: %(error)s") % {"error": started.error})
    else:
        messages.info(
            request,
            _("Matching %(requests)s requests: progress shows below.")
            % {"requests": f"{started.requests:,}"},
        )
    return redirect(_page_url(request) + "#run")


@role_required(Action.PREPARE)
@require_GET
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's progress; polled every second while it works, then reloads the page."""
    found = selectors.run_for_staff(request.organisation, pk)
    if found is None:
        raise Http404(_("No such run."))
    response = render(request, "buddies/staff/_run_status.html", {"run": found})
    if request.htmx and not found.in_progress and request.GET.get("polling"):
        response["HX-Refresh"] = "true"  # the pairs and figures below changed
    return response


@role_required(Action.PREPARE)
@require_POST
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    locked = request.POST.get("locked") == "1"
    try:
        pair = services.set_locked(request.organisation, pk, locked)
    except services.BuddyRefused as refusal:
        show_refusal(request, refusal)
    else:
        name = pair.request.participant.display_name
        messages.success(
            request,
            (
                _("Locked the pair for %(name)s: matching again keeps it.")
                if locked
                else _("Unlocked the pair for %(name)s.")
            )
            % {"name": name},
        )
    return redirect(_back(request, _page_url(request) + "#proposed"))


STALE_WORDS = {
    BuddyPair.Status.PUBLISHED: gettext_lazy(
        "The pair of %(name)s was published since: both sides were told, so its buddy "
        "can no longer be changed here."
    ),
    BuddyPair.Status.ACCEPTED: gettext_lazy(
        "The pair of %(name)s was published and accepted since: its buddy can no longer be changed."
    ),
    BuddyPair.Status.DECLINED: gettext_lazy(
        "The pair of %(name)s was declined since, and matching looked for another buddy."
    ),
    BuddyPair.Status.REPLACED: gettext_lazy(
        "The pair of %(name)s was replaced when matching ran again."
    ),
    BuddyPair.Status.CANCELLED: gettext_lazy(
        "The pair of %(name)s was cancelled since: the newcomer no longer needs a buddy "
        "there, or the buddy stopped volunteering."
    ),
}
REQUEST_CLOSED = gettext_lazy(
    "The pair of %(name)s is no longer open: the activity has ended or is no longer published."
)
GONE = gettext_lazy(
    "This pair no longer exists: the newcomer or the buddy may have left the programme."
)


def _stale(request: HttpRequest, pk: int) -> HttpResponse:
    """Why a pair can no longer be changed, with the way back, instead of a bare 404."""
    pair = selectors.pair_for_staff(request.organisation, pk)
    if pair is None:
        explanation = GONE
    else:
        stale = STALE_WORDS.get(pair.status, REQUEST_CLOSED)
        explanation = stale % {"name": pair.request.participant.display_name}
    template = (
        "buddies/staff/_change_gone.html" if request.htmx else "buddies/staff/change_gone.html"
    )
    context = {"explanation": explanation, "section": "buddies"}
    # HTMX swaps a 200 into the row; a whole page says the pair is not there to change.
    return render(request, template, context, status=200 if request.htmx else 404)


@role_required(Action.PREPARE)
@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose another eligible buddy for a proposed pair (the pair is then locked)."""
    pair = (
        selectors.proposed_pairs(request.organisation).filter(pk=pk).select_related("run").first()
    )
    if pair is None:
        return _stale(request, pk)
    candidates = matching.eligible_buddies(request.organisation, pair)
    choices = [(c.buddy_id, c.label) for c in candidates]
    form = ChangeBuddyForm(
        choices,
        data=request.POST if request.method == "POST" else None,
        initial=pair.buddy_id,
        pair_id=pair.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = matching.change_buddy(
                request.organisation, pair.pk, form.cleaned_data["buddy"]
            )
        except services.BuddyRefused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(
                request,
                _("%(buddy)s is now the proposed buddy of %(newcomer)s; the pair is locked.")
                % {
                    "buddy": changed.buddy.participant.display_name,
                    "newcomer": changed.request.participant.display_name,
                },
            )
            return redirect(_page_url(request) + "#proposed")
    template = "buddies/staff/_change_form.html" if request.htmx else "buddies/staff/change.html"
    context = {"pair": pair, "form": form, "candidates": candidates, "section": "buddies"}
    return render(request, template, context)


@role_required(Action.DECIDE)
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    """Publish every proposed pair; both sides get an email once."""
    published = services.publish(request.organisation, site_url=_site_url(request))
    count, delivery = published.pairs, published.delivery
    values = {"count": f"{count:,}"}
    if not count:
        messages.info(request, _("There were no proposed pairs to publish."))
    elif delivery is None:
        being_told = ngettext(
            "Published %(count)s pair: both sides are being told whom to meet, where and when.",
            "Published %(count)s pairs: both sides are being told whom to meet, where and when.",
            count,
        )
        messages.success(request, being_told % values)
    elif delivery.failed:
        published = ngettext("Published %(count)s pair.", "Published %(count)s pairs.", count)
        messages.warning(request, f"{published % values} {_not_sent(delivery.failed)}")
    else:
        told = ngettext(
            "Published %(count)s pair: both sides have been told whom to meet, where and when.",
            "Published %(count)s pairs: both sides have been told whom to meet, where and when.",
            count,
        )
        messages.success(request, told % values)
    return redirect(_page_url(request) + "#published")


def _not_sent(failed: int) -> str:
    return ngettext(
        "%(count)s notification could not be sent; "
        "they are kept under “Notifications not sent” to send again.",
        "%(count)s notifications could not be sent; "
        "they are kept under “Notifications not sent” to send again.",
        failed,
    ) % {"count": f"{failed:,}"}


@role_required(Action.PREPARE)
@require_POST
def send_notifications(request: HttpRequest) -> HttpResponse:
    """Send again the notifications of published pairs that could not be sent."""
    delivery = services.send_notifications(request.organisation, site_url=_site_url(request))
    if delivery.failed:
        sent = _("Sent %(count)s.") % {"count": f"{delivery.sent:,}"}
        messages.warning(request, f"{sent} {_not_sent(delivery.failed)}")
    elif delivery.sent:
        messages.success(
            request,
            ngettext("Sent %(count)s notification.", "Sent %(count)s notifications.", delivery.sent)
            % {"count": f"{delivery.sent:,}"},
        )
    else:
        messages.info(request, _("Every notification has been sent: there was nothing to send."))
    return redirect(_page_url(request) + "#notifications")


def _volunteers_url(request: HttpRequest) -> str:
    return reverse("staff_buddy_volunteers", kwargs={"org": request.organisation.slug})


def _volunteer_url(request: HttpRequest, pk: int) -> str:
    return reverse("staff_buddy_volunteer", kwargs={"org": request.organisation.slug, "pk": pk})


@role_required(Action.SEE_PEOPLE)
@require_GET
def volunteers(request: HttpRequest) -> HttpResponse:
    """Volunteers, searched by name and filtered by status and practice; approval set here."""
    organisation = request.organisation
    filters = VolunteerFilter(selectors.practices_of(organisation), data=request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    found = selectors.volunteers(
        organisation,
        name=(chosen.get("q") or "").strip(),
        status=chosen.get("status") or "",
        practice_id=chosen.get("practice"),
    )
    page = Paginator(found, VOLUNTEERS_PER_PAGE).get_page(request.GET.get("page"))
    approval = ApprovalSettingForm(
        initial={"approval_needed": selectors.approval_needed(organisation.pk)}
    )
    context = {
        "page": page,
        "filters": filters,
        "filtered": any(chosen.values()),
        "approval": approval,
        "section": "buddies",
    }
    return render(request, "buddies/staff/volunteers.html", context)


@role_required(Action.SEE_PEOPLE)
@require_GET
def volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    """One volunteer: status, history (volunteered, approved, vetted, by whom) and pairs."""
    buddy = selectors.volunteer_for_staff(request.organisation, pk)
    if buddy is None:
        raise Http404(_("No such volunteer."))
    pairs = Paginator(selectors.pairs_of_volunteer(buddy), PAIRS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "buddy": buddy,
        "pairs": pairs,
        "vetting_form": VettingForm(initial={"checked_on": timezone.localdate()}),
        "section": "buddies",
    }
    return render(request, "buddies/staff/volunteer.html", context)


@role_required(Action.DECIDE)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        buddy = services.approve(request.organisation, pk, by=request.user)
    except services.BuddyRefused as refusal:
        raise Http404(str(refusal)) from refusal
    messages.success(
        request,
        _("%(name)s is approved: they are offered for matching.")
        % {"name": buddy.participant.display_name},
    )
    return redirect(_back(request, _volunteer_url(request, pk)))


@role_required(Action.DECIDE)
@require_POST
def approval_setting(request: HttpRequest) -> HttpResponse:
    """Whether new volunteers wait for staff approval before they are matched."""
    form = ApprovalSettingForm(data=request.POST)
    needed = form.is_valid() and form.cleaned_data["approval_needed"]
    services.set_approval_needed(request.organisation, needed)
    messages.success(
        request,
        _("New volunteers now wait for your approval before they are matched.")
        if needed
        else _("New volunteers are now offered for matching as soon as they volunteer."),
    )
    return redirect(_volunteers_url(request))


@role_required(Action.DECIDE)
@require_POST
def vetting(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a check of the volunteer (date and what it was), or withdraw it."""
    if selectors.volunteer_for_staff(request.organisation, pk) is None:
        raise Http404(_("No such volunteer."))
    vetted = request.POST.get("vetted") == "1"
    back = _back(request, _volunteer_url(request, pk))
    form = VettingForm(data=request.POST)
    if vetted and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("Not vetted yet: %(reason)s") % {"reason": error})
        return redirect(back)
    details = form.cleaned_data if vetted else {}
    try:
        buddy = services.set_vetted(
            request.organisation,
            pk,
            vetted,
            by=request.user,
            checked_on=details.get("checked_on"),
            reference=details.get("reference", ""),
        )
    except services.BuddyRefused as refusal:
        if refusal.field is None:
            raise Http404(str(refusal)) from refusal
        show_refusal(request, refusal, wording=_("Not vetted yet: %(reason)s"))
        return redirect(back)
    name = buddy.participant.display_name
    messages.success(
        request,
        f"{name} is vetted: they may accompany under-18s."
        if vetted
        else f"{name} is no longer vetted.",
    )
    return redirect(back)
