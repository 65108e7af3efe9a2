"""Staff “signposting coverage”: who has enough that fits them, and where entry points lack."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.charts import percent_bars
from overture.organisations.access import role_required
from overture.organisations.cached_figures import refreshable
from overture.organisations.roles import Action
from overture.season.models import Level

from . import coverage as coverage_report
from . import selectors


def _bar_text(row: coverage_report.SegmentCoverage) -> str:
    return _("%(share)s%% · %(covered)s of %(participants)s") % {
        "share": f"{row.share:.0f}",
        "covered": f"{row.covered:,}",
        "participants": f"{row.participants:,}",
    }


@role_required(Action.SEE_FIGURES, post=Action.PREPARE)
@refreshable(coverage_report.COVERAGE, done=gettext_lazy("Coverage worked out again just now."))
def coverage(request: HttpRequest, report: coverage_report.Coverage) -> HttpResponse:
    """The coverage figures (worked out at most every few minutes), and the wishes."""
    organisation = request.organisation
    demand = coverage_report.demand(report, selectors.wish_counts(organisation))
    rows = [(_("Everyone"), report.total.share, _bar_text(report.total))]
    rows += [(s.name, s.share, _bar_text(s)) for s in report.segments if s.participants]
    context = {
        "section": "signposting",
        "report": report,
        "chart": percent_bars(rows),
        "levels": Level.labels,
        "covered_at": coverage_report.COVERED_AT,
        "refresh_minutes": coverage_report.COVERAGE.minutes,
        "lacking": [
            (row, [d for d in demand if d.missing and d.practice == row.practice])
            for row in report.entry_points
            if row.missing
        ],
        "met_demand": [d for d in demand if not d.missing],
    }
    return render(request, "signposting/coverage.html", context)
