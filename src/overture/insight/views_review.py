"""Staff review of coded open answers: accept, reject or add codes; retrain the coder."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from overture.engines.text_coding import CodeBook
from overture.organisations.access import role_required
from overture.organisations.inputs import local_url, query_id
from overture.organisations.refusals import show_refusal
from overture.organisations.roles import Action
from overture.season.models import Activity

from . import coding
from .models import SurveyResponse, TextCode

ANSWERS_PER_PAGE = 20
CODE_AT_ONCE = 5_000  # answers coded per click; `overture manage code_answers` does any number
KIND_HEADINGS = (
    ("practice", gettext_lazy("Practices")),
    ("value", gettext_lazy("Value dimensions")),
    ("variable", gettext_lazy("The four variables")),
    ("theme", gettext_lazy("Themes")),
)


@dataclass
class QueuedAnswer:
    """One open answer waiting for review, with the codes the model suggests."""

    response: SurveyResponse
    field: str
    question: str
    text: str
    suggestions: list[TextCode] = field(default_factory=list)
    given: list[str] | None = None  # after a save: the names of the codes it now has

    @property
    def suggested_keys(self) -> set[str]:
        return {code.code for code in self.suggestions}


def _queue_pairs(request: HttpRequest, activity_id: int | None, code: str):
    """(response, field, answered) of each answer waiting for review, oldest first."""
    codes = TextCode.objects.filter(
        response__survey__activity__organisation=request.organisation,
        status=TextCode.Status.SUGGESTED,
    )
    if activity_id:
        codes = codes.filter(response__survey__activity_id=activity_id)
    if code:
        codes = codes.filter(code=code, confidence__gte=coding.LIKELY)
    return (
        codes.values_list("response_id", "field", "response__created_at")
        .order_by("response__created_at", "response_id", "field")
        .distinct()
    )


def _answers(pairs: list[tuple[int, str, object]], labels: dict[str, str]) -> list[QueuedAnswer]:
    ids = {pk for pk, _, _ in pairs}
    responses = SurveyResponse.objects.select_related("survey__activity").in_bulk(ids)
    suggestions: dict[tuple[int, str], list[TextCode]] = defaultdict(list)
    for code in TextCode.objects.filter(
        response_id__in=ids, status=TextCode.Status.SUGGESTED
    ).order_by("-confidence", "code"):
        code.label = labels.get(code.code, code.code)
        code.sureness = coding.confidence_words(code.confidence)
        suggestions[(code.response_id, code.field)].append(code)
    questions = dict(TextCode.Field.choices)
    return [
        QueuedAnswer(
            response=responses[pk],
            field=field_name,
            question=questions[field_name],
            text=getattr(responses[pk], field_name),
            suggestions=suggestions[(pk, field_name)],
        )
        for pk, field_name, _ in pairs
    ]


def _grouped_codes(book: CodeBook) -> list[tuple[str, list]]:
    return [
        (heading, [code for code in book.codes if code.kind == kind])
        for kind, heading in KIND_HEADINGS
    ]


@role_required(Action.SEE_PEOPLE)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Answers with suggested codes not yet reviewed, oldest first; the coder's agreement."""
    organisation = request.organisation
    book = coding.code_book_for(organisation)
    activity_id = query_id(request.GET, "activity")
    code = request.GET.get("code", "")
    if code and code not in book:
        messages.error(request, _("That code is not in the code book: showing every code."))
        code = ""
    page = Paginator(_queue_pairs(request, activity_id, code), ANSWERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    labels = coding.code_labels(book)
    context = {
        "section": "insight",
        "page": page,
        "answers": _answers(list(page.object_list), labels),
        "remaining": page.paginator.count,
        "grouped_codes": _grouped_codes(book),
        "model": coding.latest_model(organisation),
        "reviewed": coding.reviewed_count(organisation),
        "min_reviewed": coding.MIN_REVIEWED,
        "activities": Activity.objects.filter(
            organisation=organisation, surveys__responses__codes__isnull=False
        )
        .distinct()
        .order_by("-starts_at"),
        "activity_id": activity_id,
        "code": code,
        "threshold": coding.LIKELY,
        "waiting": coding.uncoded_responses(organisation).count(),
    }
    return render(request, "insight/staff/review.html", context)


def _back(request: HttpRequest) -> str:
    default = reverse("staff_insight_review", kwargs={"org": request.organisation.slug})
    return local_url(request, request.POST.get("back")) or default


def _saved_words(result: coding.ReviewResult) -> str:
    return _("Codes saved: %(accepted)s accepted, %(rejected)s rejected, %(added)s added.") % {
        "accepted": result.accepted,
        "rejected": result.rejected,
        "added": result.added,
    }


@role_required(Action.PREPARE)
@require_POST
def review_answer(request: HttpRequest, response: int) -> HttpResponse:
    """Save staff's codes for one answer: the ticked ones and those typed in are its codes.

    From the queue with HTMX, only that answer's card comes back (with the count of what is
    left); without JavaScript, the queue page again.
    """
    answer = get_object_or_404(
        SurveyResponse.objects.select_related("survey__activity__organisation"),
        pk=response,
        survey__activity__organisation=request.organisation,
    )
    field_name = request.POST.get("field", "")
    suggested = {code for code in request.POST.getlist("suggested") if code}
    try:
        book = coding.code_book_for(request.organisation)
        accepted = {code for code in request.POST.getlist("codes") if code}
        accepted |= coding.codes_named(book, request.POST.getlist("add"))
        result = coding.review(answer, field_name, accepted, request.user, suggested)
    except coding.CodingRefused as refusal:
        if request.htmx:
            return _card(request, answer, field_name, error=str(refusal))
        show_refusal(request, refusal)
    else:
        if request.htmx:
            return _card(request, answer, field_name, saved=_saved_words(result))
        messages.success(request, _saved_words(result))
    return redirect(_back(request))


def _card(
    request: HttpRequest, answer: SurveyResponse, field_name: str, saved: str = "", error: str = ""
) -> HttpResponse:
    """The card of one answer after a save: what it now has, or the form again with the error."""
    book = coding.code_book_for(request.organisation)
    labels = coding.code_labels(book)
    questions = dict(TextCode.Field.choices)
    if field_name not in questions:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    card = QueuedAnswer(answer, field_name, questions[field_name], getattr(answer, field_name))
    codes = TextCode.objects.filter(response=answer, field=field_name)
    if saved:
        card.given = [
            labels.get(c, c)
            for c in codes.filter(status__in=coding.POSITIVE).values_list("code", flat=True)
        ]
    else:
        card.suggestions = _answers([(answer.pk, field_name, None)], labels)[0].suggestions
    # Only a code of the book filters the queue: anything else (a NUL byte) would reach SQL.
    code = request.POST.get("filter_code", "")
    code = code if code in book else ""
    remaining = _queue_pairs(request, query_id(request.POST, "activity"), code).count()
    context = {
        "answer": card,
        "saved": saved,
        "error": error,
        "remaining": remaining,
        "oob": True,
        "grouped_codes": _grouped_codes(book),
        "threshold": coding.LIKELY,
        "activity_id": query_id(request.POST, "activity"),
        "code": code,
    }
    return render(request, "insight/staff/review_answer.html", context)


@role_required(Action.DECIDE)
@require_POST
def retrain(request: HttpRequest) -> HttpResponse:
    """Fit the coder on every reviewed answer and report its agreement with staff."""
    try:
        model = coding.retrain(request.organisation, request.user)
    except coding.CodingRefused as refusal:
        show_refusal(request, refusal)
    else:
        if model.kappa is None:
            messages.success(
                request,
                _("Coder retrained on %(count)s answers.") % {"count": f"{model.trained_on:,}"},
            )
        else:
            messages.success(
                request,
                _(
                    "Coder retrained on %(count)s answers: kappa %(kappa)s "
                    "on %(held_out)s held-out answers."
                )
                % {
                    "count": f"{model.trained_on:,}",
                    "kappa": f"{model.kappa:.2f}",
                    "held_out": f"{model.held_out:,}",
                },
            )
    return redirect(_back(request))


@role_required(Action.PREPARE)
@require_POST
def code_new(request: HttpRequest) -> HttpResponse:
    """Let the coder suggest codes for answers that came in since it last ran."""
    waiting = list(coding.uncoded_responses(request.organisation)[:CODE_AT_ONCE])
    coded = coding.code_responses(waiting)
    if coded:
        messages.success(
            request,
            ngettext(
                "Codes suggested for %(count)s new answer.",
                "Codes suggested for %(count)s new answers.",
                coded,
            )
            % {"count": f"{coded:,}"},
        )
    else:
        messages.info(request, _("No new answers to code."))
    return redirect(_back(request))
