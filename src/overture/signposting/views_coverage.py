"""Staff “signposting coverage”: who has enough that fits them, and where entry points lack."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from overture.organisations.access import role_required
from overture.organisations.roles import Action
from overture.season.models import Level

from . import coverage as coverage_report
from . import selectors
from .charts import percent_bars


def _bar_text(row: coverage_report.SegmentCoverage) -> str:
    return _("%(share)s%% · %(covered)s of %(participants)s") % {
        "share": f"{row.share:.0f}",
        "covered": f"{row.covered:,}",
        "participants": f"{row.participants:,}",
    }


@role_required(Action.SEE_FIGURES, post=Action.PREPARE)
@require_http_methods(["GET", "POST"])
def coverage(request: HttpRequest) -> HttpResponse:
    """GET shows the figures (worked out at most every few minutes); POST works them out now."""
    organisation = request.organisation
    if request.method == "POST":
        coverage_report.organisation_coverage(organisation, refresh=True)
        messages.success(request, _("Coverage worked out again just now."))
        return redirect(reverse("staff_signposting", kwargs={"org": organisation.slug}))
    report = coverage_report.organisation_coverage(organisation)
    demand = coverage_report.demand(report, selectors.wish_counts(organisation))
    rows = [(_("Everyone"), report.total.share, _bar_text(report.total))]
    rows += [(s.name, s.share, _bar_text(s)) for s in report.segments if s.participants]
    context = {
        "section": "signposting",
        "report": report,
        "chart": percent_bars(rows),
        "levels": Level.labels,
        "covered_at": coverage_report.COVERED_AT,
        "refresh_minutes": coverage_report.COVERAGE_SECONDS // 60,
        "lacking": [
            (row, [d for d in demand if d.missing and d.practice == row.practice])
            for row in report.entry_points
            if row.missing
        ],
        "met_demand": [d for d in demand if not d.missing],
    }
    return render(request, "signposting/coverage.html", context)
