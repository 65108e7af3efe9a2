"""Staff pages: what each activity and the season were worth, by segment, and the exports."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from io import BytesIO

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from overture.organisations.access import role_required
from overture.organisations.exports import csv_row
from overture.organisations.roles import Action
from overture.season.models import Activity, Format

from . import selectors_analytics as analytics
from . import selectors_themes
from .charts import interval_chart

ACTIVITIES_PER_PAGE = 25
# A change per month drawn over a few weeks would mostly show noise.
TREND_AT_LEAST = timedelta(days=60)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _charts(breakdown: analytics.Breakdown) -> dict:
    """The per-dimension charts by level segment and by first time or returning.

    Statements nobody answered are left out: a row of empty lines says nothing.
    """
    answered = [d for d in breakdown.dimensions if d.overall.n]
    overall = (_("Over all statements"), breakdown.by_level)
    overall_first = (_("Over all statements"), breakdown.by_first_time)
    return {
        "level_chart": interval_chart(
            [overall, *((d.label, d.by_level) for d in answered)],
            analytics.LEVEL_SEGMENTS,
        ),
        "first_time_chart": interval_chart(
            [overall_first, *((d.label, d.by_first_time) for d in answered)],
            analytics.FIRST_TIME_SEGMENTS,
        ),
    }


@role_required(Action.SEE_FIGURES)
@require_GET
def activity_insight(request: HttpRequest, pk: int) -> HttpResponse:
    """Response rate, the value gap and each statement by segment for one activity."""
    activity = get_object_or_404(
        Activity.objects.select_related("organisation"), pk=pk, organisation=request.organisation
    )
    insight = analytics.activity_insight(activity)
    context = {
        "section": "insight",
        "themes": selectors_themes.themes_of(request.organisation, activity_id=activity.pk),
        "activity": activity,
        "insight": insight,
        "breakdown": insight.breakdown,
        "segments": analytics.LEVEL_SEGMENTS,
        "first_time_segments": analytics.FIRST_TIME_SEGMENTS,
        "small_n": analytics.SMALL_N,
        **_charts(insight.breakdown),
    }
    return render(request, "insight/staff/activity_insight.html", context)


def _format(request: HttpRequest) -> str | None:
    """The format filter; an unknown value shows everything, with a message."""
    chosen = request.GET.get("format") or None
    if chosen and chosen not in Format.values:
        messages.warning(request, _("That format is not one we know: showing every format."))
        return None
    return chosen


@role_required(Action.SEE_FIGURES)
@require_GET
def season_insight(request: HttpRequest) -> HttpResponse:
    """The season's value gap, each surveyed activity and the trend across the season."""
    chosen = _format(request)
    insight = analytics.season_insight(request.organisation, chosen)
    page = Paginator(insight.activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "section": "insight",
        "themes": selectors_themes.themes_of(request.organisation, format=chosen),
        "insight": insight,
        "breakdown": insight.breakdown,
        "page": page,
        "trend_enough_time": _spans_enough_time(insight),
        "trend_rows": [
            (_("Mean over all statements"), insight.mean_trend),
            (_("Value gap"), insight.gap_trend),
        ],
        "formats": Format.choices,
        "chosen_format": chosen or "",
        "segments": analytics.LEVEL_SEGMENTS,
        "first_time_segments": analytics.FIRST_TIME_SEGMENTS,
        "small_n": analytics.SMALL_N,
        **_charts(insight.breakdown),
    }
    return render(request, "insight/staff/season_insight.html", context)


def _spans_enough_time(insight: analytics.SeasonInsight) -> bool:
    """Whether the surveyed activities span long enough for a change per month to mean much."""
    starts = [row.starts_at for row in insight.activities]
    return bool(starts) and max(starts) - min(starts) >= TREND_AT_LEAST


def _filename(request: HttpRequest, extension: str) -> str:
    today = timezone.localdate().isoformat()
    return f"{request.organisation.slug}-value-survey-{today}.{extension}"


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


@role_required(Action.EXPORT)
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every survey response, one row each, streamed as CSV."""
    chosen = request.GET.get("format") or None
    chosen = chosen if chosen in Format.values else None
    header, dimensions = analytics.export_header(request.organisation)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(csv_row(header))
        for row in analytics.export_rows(request.organisation, dimensions, chosen):
            yield writer.writerow(csv_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "csv")}"'
    return response


def _text_cell(sheet, text: str) -> WriteOnlyCell:
    """Text stays text: typed as a string, "=1+1" is never read as a formula, nor altered.

    Only control characters a spreadsheet cannot hold are dropped.
    """
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    return cell


def _append(sheet, row: list) -> None:
    sheet.append([_text_cell(sheet, str(v)) if isinstance(v, str | Promise) else v for v in row])


@role_required(Action.EXPORT)
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The responses, each activity × segment summary and the themes, as XLSX sheets."""
    chosen = request.GET.get("format") or None
    chosen = chosen if chosen in Format.values else None
    header, dimensions = analytics.export_header(request.organisation)
    book = Workbook(write_only=True)
    responses = book.create_sheet(_("Responses"))
    _append(responses, header)
    for row in analytics.export_rows(request.organisation, dimensions, chosen):
        _append(responses, row)
    summary = book.create_sheet(_("Summary by segment"))
    insight = analytics.season_insight(request.organisation, chosen)
    for row in analytics.summary_rows(insight, request.organisation):
        _append(summary, row)
    themes = book.create_sheet(_("Themes"))
    for row in selectors_themes.theme_rows(
        selectors_themes.themes_of(request.organisation, format=chosen)
    ):
        _append(themes, row)
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "xlsx")}"'
    return response
