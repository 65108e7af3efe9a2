"""Staff pages at the door: checking people in from a phone, and the registrants export."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from overture.organisations.access import role_required
from overture.organisations.inputs import search_text
from overture.organisations.roles import Action
from overture.season.models import Activity

from . import selectors_check_in as door
from .check_in import CheckIn, CheckInRefused, check_in, undo_check_in
from .check_in import check_in_ticket as check_in_by_ticket
from .tickets import TICKET_CODE_LIMIT

PEOPLE_PER_PAGE = 25
NAME_LIMIT = 120  # as long as any display name


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(Activity, pk=pk, organisation=request.organisation)


def _name(request: HttpRequest) -> str:
    return search_text(request.GET.get("q") or request.POST.get("q"), NAME_LIMIT)


def _back_to_list(request: HttpRequest, activity: Activity) -> HttpResponse:
    """The check-in page again, on the search and page the member of staff was on."""
    url = reverse(
        "staff_activity_check_in", kwargs={"org": request.organisation.slug, "pk": activity.pk}
    )
    kept = {key: request.POST.get(key, "")[:NAME_LIMIT] for key in ("q", "page")}
    kept = {key: value for key, value in kept.items() if value}
    return redirect(f"{url}?{urlencode(kept)}" if kept else url)


@role_required(Action.SEE_PEOPLE, post=Action.CHECK_IN)
def activity_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The door list with its search and counts; a POST checks in a typed or scanned ticket."""
    activity = _activity(request, pk)
    if request.method == "POST":
        return _ticket(request, activity)
    name = _name(request)
    page = Paginator(door.door_list(activity, name), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "season/staff/activity_check_in.html",
        {
            "activity": activity,
            "counts": door.door_counts(activity),
            "page": page,
            "q": name,
            "code_limit": TICKET_CODE_LIMIT,
            "section": "activities",
        },
    )


def _ticket(request: HttpRequest, activity: Activity) -> HttpResponse:
    code = request.POST.get("code", "")
    try:
        done = check_in_by_ticket(request.organisation, activity, code, request.user)
    except CheckInRefused as refusal:
        return _answer(request, activity, None, str(refusal))
    return _answer(request, activity, done, done.message)


@role_required(Action.CHECK_IN)
@require_POST
def registration_check_in(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    """Tick one registration in from the list, or undo it (`action=undo`)."""
    activity = _activity(request, pk)
    try:
        if request.POST.get("action") == "undo":
            done = undo_check_in(activity, registration)
        else:
            done = check_in(activity, registration, request.user)
    except CheckInRefused as refusal:
        return _answer(request, activity, None, str(refusal))
    return _answer(request, activity, done, done.message)


def _answer(
    request: HttpRequest, activity: Activity, done: CheckIn | None, message: str
) -> HttpResponse:
    """For HTMX the changed row, the counts and the message; otherwise back to the list."""
    if not request.htmx:
        (messages.success if done is not None else messages.error)(request, message)
        return _back_to_list(request, activity)
    return render(
        request,
        "season/staff/_check_in_answer.html",
        {
            "activity": activity,
            "registration": done.registration if done is not None else None,
            "counts": door.door_counts(activity),
            "message": message,
            "refused": done is None,
            "q": _name(request),
            "page_number": request.POST.get("page", "")[:6],
        },
    )


@role_required(Action.EXPORT)
@require_GET
def registrants_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The activity's registrants, one row each, streamed as CSV."""
    activity = _activity(request, pk)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(door.EXPORT_HEADER)
        for row in door.export_rows(activity):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"{request.organisation.slug}-activity-{activity.pk}-registrants.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value
