"""Value and insight for staff: the figures against hand-computed values, exports and access."""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from overture.audience.models import Registration
from overture.insight.models import Answer, Survey, SurveyResponse, ValueDimension
from overture.season.models import Activity, Format
from tests import factories

_tokens = itertools.count(1)
NOVICE, REGULAR, EXPERT = 1, 2, 3


def dimensions(org, count: int = 2) -> list[ValueDimension]:
    """The organisation's first value dimensions (created when an organisation has none)."""
    for i in range(count - ValueDimension.objects.filter(organisation=org).count()):
        ValueDimension.objects.create(
            organisation=org, key=f"dimension-{i}", label=f"Dimension {i}", statement="I did."
        )
    return list(ValueDimension.objects.filter(organisation=org)[:count])


def surveyed(org, title: str = "Come and sing Messiah", *, days_ago: float = 40, **extra):
    activity = factories.activity(org, title, days_ahead=-days_ago, **extra)
    Survey.objects.create(
        activity=activity,
        opens_at=activity.ends_at,
        closes_at=activity.ends_at + timedelta(days=14),
    )
    return activity


def answer(activity: Activity, level: int, scores, first_time=None, **texts) -> SurveyResponse:
    """One response: `scores` per dimension in order (None: not answered)."""
    response = SurveyResponse.objects.create(
        survey=activity.surveys.get(),
        submission_token=f"t{next(_tokens)}",
        level=level,
        first_time=first_time,
        consented=True,
        **texts,
    )
    Answer.objects.bulk_create(
        Answer(response=response, dimension=d, score=s)
        for d, s in zip(dimensions(activity.organisation, len(scores)), scores, strict=True)
        if s is not None
    )
    return response


def invite(activity: Activity, count: int) -> None:
    """`count` confirmed registrations, and one cancelled that does not count."""
    org = activity.organisation
    for i in range(count + 1):
        Registration.objects.create(
            participant=factories.participant(org, name=f"Person {i}"),
            activity=activity,
            status=Registration.Status.CONFIRMED if i < count else Registration.Status.CANCELLED,
        )


def by_registrants(activity: Activity) -> None:
    """The activity's answers, in order, given by its confirmed registrants (while any are
    left); the rest stay from visitors not logged in."""
    registrants = Registration.objects.filter(
        activity=activity, status=Registration.Status.CONFIRMED
    ).order_by("pk")
    responses = SurveyResponse.objects.filter(survey__activity=activity).order_by("pk")
    for response, registration in zip(responses, registrants, strict=False):
        response.participant_id = registration.participant_id
        response.save(update_fields=["participant"])


def first_concert(org) -> Activity:
    """Newcomers and novices score 1 … 5 (mean 3); experts 3, 4, 5, 4, 4 (mean 4)."""
    concert = surveyed(org, "Messiah from scratch", days_ago=40)
    for level, score in zip([0, 0, 1, 1, 0], [1, 2, 3, 4, 5], strict=True):
        answer(concert, level, [score, None], first_time=True)
    for i, score in enumerate([3, 4, 5, 4, 4]):
        answer(concert, EXPERT, [score, score], first_time=False if i < 3 else None)
    invite(concert, 20)
    by_registrants(concert)
    return concert


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def url(org, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": org.slug, **kwargs})


# ---- One activity ----


def test_activity_figures_match_hand_computed_means_intervals_gap_and_rate(staff_client, org):
    concert = first_concert(org)
    response = staff_client.get(url(org, "staff_activity_insight", pk=concert.pk))
    assert response.status_code == 200
    b = response.context["breakdown"]
    first = b.dimensions[0]
    novices, regulars, experts, not_known = first.by_level
    assert not_known.n == 0
    # 1 … 5: mean 3, sd 1.5811, 3 ± t(0.975, 4) · 1.5811 / √5
    assert (novices.n, novices.mean) == (5, 3.0)
    assert novices.low == pytest.approx(1.0368, abs=1e-4)
    assert novices.high == pytest.approx(4.9632, abs=1e-4)
    # 3, 4, 5, 4, 4: sd √0.5, 4 ± 2.7764 · 0.7071 / √5
    assert (experts.n, experts.mean) == (5, 4.0)
    assert experts.low == pytest.approx(3.1220, abs=1e-4)
    assert regulars.n == 0 and regulars.mean is None
    # Welch: se √(2.5/5 + 0.5/5) = 0.7746, df 5.538, t 2.4972
    gap = b.gap
    assert gap.difference == pytest.approx(1.0)
    assert gap.low == pytest.approx(-0.9343, abs=1e-4)
    assert gap.high == pytest.approx(2.9343, abs=1e-4)
    assert (gap.novice_n, gap.expert_n) == (5, 5)
    # The second statement: only experts answered it.
    assert first.gap.difference == pytest.approx(1.0)
    assert b.dimensions[1].by_level[2].mean == 4.0 and b.dimensions[1].by_level[0].n == 0
    assert b.dimensions[1].gap.difference is None
    # First-timers are the novices; returning are three experts (two did not say).
    first_timers, returning = first.by_first_time
    assert (first_timers.n, first_timers.mean, returning.n, returning.mean) == (5, 3.0, 3, 4.0)
    # 10 of 20 confirmed (a cancelled registration does not count): Wilson 29.9 % … 70.1 %
    rate = response.context["insight"].rate
    assert (rate.responses, rate.invited, rate.rate) == (10, 20, 0.5)
    assert rate.low == pytest.approx(0.2993, abs=1e-4)
    assert rate.high == pytest.approx(0.7007, abs=1e-4)

    page = text_of(response)
    assert (
        "Experts rated it 1.0 points higher than newcomers and novices "
        "(95% interval -0.9 to 2.9)." in page
    )
    assert (
        "50% (10 answers from the 20 people with a confirmed place; 95% interval 30% to 70%)"
        in page
    )
    assert "3.0 (95% interval 1.0 to 5.0) n 5" in page
    assert "too few to say" in page  # three returning people
    svg = response.content.decode()
    assert svg.count('role="img"') == 2
    assert "Experts: mean 4.0, 95% interval 3.1 to 4.9, n 5" in svg  # the chart's description


def test_experts_rating_lower_reads_as_lower(staff_client, org):
    concert = surveyed(org)
    for score in (4, 5, 4, 5, 4):
        answer(concert, NOVICE, [score])
    for score in (3, 4, 3, 4, 3):
        answer(concert, EXPERT, [score])
    response = staff_client.get(url(org, "staff_activity_insight", pk=concert.pk))
    assert response.context["breakdown"].gap.difference == pytest.approx(-1.0)
    assert "Experts rated it 1.0 points lower than newcomers and novices" in text_of(response)


def test_without_a_survey_or_answers_the_page_says_what_to_do(staff_client, org):
    bare = factories.activity(org, "Open rehearsal")
    page = text_of(staff_client.get(url(org, "staff_activity_insight", pk=bare.pk)))
    assert "no survey yet" in page
    assert (
        url(org, "staff_activity_survey", pk=bare.pk)
        in staff_client.get(url(org, "staff_activity_insight", pk=bare.pk)).content.decode()
    )
    waiting = surveyed(org, "Play-along")
    page = text_of(staff_client.get(url(org, "staff_activity_insight", pk=waiting.pk)))
    assert "Nobody has answered the survey yet" in page


def test_the_activity_page_reads_a_fixed_number_of_queries(staff_client, org):
    def queries_for(count: int) -> int:
        concert = surveyed(org, f"Concert {count}")
        for i in range(count):
            answer(concert, i % 4, [1 + i % 5, 1 + (i + 2) % 5], first_time=bool(i % 2))
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(url(org, "staff_activity_insight", pk=concert.pk))
        assert response.context["breakdown"].respondents == count
        return len(captured)

    assert queries_for(3) == queries_for(40)


# ---- The season ----


def season(org) -> tuple[Activity, Activity]:
    """The first concert (gap 1.0, mean 3.5) and, 30 days later, one with no gap (mean 4)."""
    first = first_concert(org)
    later = surveyed(org, "Family concert", days_ago=10, format=Format.FAMILY_CONCERT)
    for level in (0, 1, 0, 0, 1, 3, 3, 3, 3, 3):
        answer(later, level, [4, 4])
    invite(later, 10)
    by_registrants(later)
    return first, later


def test_season_pools_the_activities_and_follows_the_gap_over_time(staff_client, org):
    season(org)
    response = staff_client.get(url(org, "staff_insight"))
    assert response.status_code == 200
    insight = response.context["insight"]
    # Novices 1 2 3 4 5 4 4 4 4 4 (3.5), experts 3 4 5 4 4 4 4 4 4 4 (4.0); Welch df 11.81
    gap = insight.breakdown.gap
    assert gap.difference == pytest.approx(0.5)
    assert gap.low == pytest.approx(-0.3761, abs=1e-4)
    assert gap.high == pytest.approx(1.3761, abs=1e-4)
    assert (insight.rate.responses, insight.rate.invited) == (20, 30)
    rows = {row.title: row for row in insight.activities}
    assert rows["Messiah from scratch"].gap.difference == pytest.approx(1.0)
    assert rows["Family concert"].gap.difference == pytest.approx(0.0)
    assert rows["Family concert"].mean.mean == pytest.approx(4.0)
    assert rows["Family concert"].rate.rate == 1.0
    # 30 days = 0.9855 months: the gap fell by 1.0, the mean rose by 0.5 (first: (15 + 20) / 10)
    months = 30 / 30.44
    assert insight.gap_trend.slope == pytest.approx(-1.0 / months, abs=1e-3)
    assert insight.mean_trend.slope == pytest.approx(0.5 / months, abs=1e-3)
    assert insight.gap_trend.n == 2 and insight.gap_trend.low is None
    page = text_of(response)
    assert "Experts rated it 0.5 points higher than newcomers and novices" in page
    # 30 days apart: too short for a change per month to mean much.
    assert "Not enough time to show a trend yet" in page
    assert "Change per month" not in page


def test_a_season_of_two_months_or_more_shows_the_change_per_month(staff_client, org):
    season(org)
    earliest = surveyed(org, "Come and sing", days_ago=75)
    answer(earliest, EXPERT, [3, 3])
    page = text_of(staff_client.get(url(org, "staff_insight")))
    assert "Not enough time to show a trend yet" not in page
    assert "Change per month" in page
    assert "How is this worked out?" in page


def test_rates_count_only_answers_from_people_with_a_place_and_show_the_others_apart(
    staff_client, org
):
    half = surveyed(org, "Messiah from scratch", days_ago=40)
    full = surveyed(org, "Family concert", days_ago=30)
    crowded = surveyed(org, "Open rehearsal", days_ago=20)
    walk_in = surveyed(org, "Pop-up choir", days_ago=10)
    for activity, responses, invited in ((half, 10, 20), (full, 10, 10), (crowded, 15, 5)):
        for i in range(responses):
            answer(activity, i % 4, [4, None])
        invite(activity, invited)
        by_registrants(activity)
    # Ten more answers at the open rehearsal, from people logged in without a place there.
    for response in SurveyResponse.objects.filter(survey__activity=crowded, participant=None):
        response.participant = factories.participant(org, name=f"Guest {response.pk}")
        response.save(update_fields=["participant"])
    for _ in range(3):
        answer(walk_in, 0, [3, None])  # visitors not logged in, nobody registered

    response = staff_client.get(url(org, "staff_insight"))
    insight = response.context["insight"]
    rows = {row.title: row.rate for row in insight.activities}
    assert (rows["Messiah from scratch"].counted, rows["Messiah from scratch"].rate) == (10, 0.5)
    assert (rows["Family concert"].counted, rows["Family concert"].rate) == (10, 1.0)
    # 5 of 5 places answered, Wilson (1 + z²/10) / (1 + z²/5) ± … = 56.6 % … 100 %
    crowded_rate = rows["Open rehearsal"]
    assert (crowded_rate.counted, crowded_rate.without_place, crowded_rate.rate) == (5, 10, 1.0)
    assert crowded_rate.low == pytest.approx(0.5655, abs=1e-4) and crowded_rate.high == 1.0
    assert rows["Pop-up choir"].rate is None and rows["Pop-up choir"].anonymous == 3
    # Season: (10 + 10 + 5) / (20 + 10 + 5) = 25 / 35; 54.9 … 83.7 %; 13 answers apart
    rate = insight.rate
    assert (rate.responses, rate.counted, rate.invited) == (38, 25, 35)
    assert (rate.without_place, rate.anonymous) == (10, 3)
    assert rate.rate == pytest.approx(25 / 35)
    assert rate.low == pytest.approx(0.5495, abs=1e-4)
    assert rate.high == pytest.approx(0.8367, abs=1e-4)
    page = text_of(response)
    assert "71% (25 answers from the 35 people with a confirmed place" in page
    assert (
        "plus 10 answers from people without a place and 3 answers from visitors not logged "
        "in, not counted in the rate" in page
    )


def test_season_filters_by_format_and_survives_an_unknown_one(staff_client, org):
    season(org)
    only = staff_client.get(url(org, "staff_insight"), {"format": Format.FAMILY_CONCERT})
    assert [row.title for row in only.context["insight"].activities] == ["Family concert"]
    assert only.context["breakdown"].gap.difference == pytest.approx(0.0)
    odd = staff_client.get(url(org, "staff_insight"), {"format": "<nonsense>", "page": "x"})
    assert odd.status_code == 200
    assert len(odd.context["insight"].activities) == 2
    assert "not one we know" in text_of(odd)


def test_season_without_surveys_says_so(staff_client, org):
    page = text_of(staff_client.get(url(org, "staff_insight")))
    assert "No activity has a survey yet" in page


def test_the_season_page_reads_a_fixed_number_of_queries(staff_client, org):
    def queries_for(count: int) -> int:
        for a in range(2):
            concert = surveyed(org, f"Concert {count}-{a}", days_ago=10 + a)
            for i in range(count):
                answer(concert, i % 4, [1 + i % 5, 1 + (i + 1) % 5], first_time=None)
        with CaptureQueriesContext(connection) as captured:
            staff_client.get(url(org, "staff_insight"))
        return len(captured)

    assert queries_for(2) == queries_for(30)


# ---- Exports ----


def test_csv_has_a_header_and_one_row_per_response(staff_client, org):
    concert = first_concert(org)
    answer(concert, REGULAR, [2, 3], first_time=True, worthwhile="=SUM(A1)", in_the_way="Heat")
    response = staff_client.get(url(org, "staff_insight_csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{org.slug}-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    labels = [d.label for d in ValueDimension.objects.filter(organisation=org)]
    assert rows[0] == [
        "Activity", "Date", "Format", "Level segment", "First time", *labels,
        "What made it worthwhile?", "What got in the way?", "Themes",
    ]  # fmt: skip
    assert len(rows) == 12
    first = rows[1]
    assert first[:5] == [
        "Messiah from scratch", concert.starts_at.date().isoformat(), "Symphony concert",
        "Newcomers and novices", "yes",
    ]  # fmt: skip
    assert first[5:7] == ["1", ""]
    assert rows[6][5:7] == ["3", "3"]  # the first expert
    last = rows[-1]
    assert last[3:7] == ["Regulars", "yes", "2", "3"]
    assert last[-3:] == ["'=SUM(A1)", "Heat", ""]  # never a formula in a spreadsheet


def test_formulas_in_answers_and_labels_stay_text_in_both_exports(staff_client, org):
    concert = first_concert(org)
    label = ValueDimension.objects.filter(organisation=org).first()
    label.label = "@SUM(1)"
    label.save(update_fields=["label"])
    answer(concert, REGULAR, [2, 3], worthwhile="=1+1", in_the_way="-2+3")

    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(staff_client.get(url(org, "staff_insight_csv")).streaming_content).decode()
            )
        )
    )
    assert "'@SUM(1)" in rows[0]
    assert rows[-1][-3:-1] == ["'=1+1", "'-2+3"]

    content = staff_client.get(url(org, "staff_insight_xlsx")).content
    book = load_workbook(io.BytesIO(content))
    header = [cell for cell in next(book["Responses"].iter_rows(max_row=1))]
    labelled = next(cell for cell in header if cell.value == "@SUM(1)")
    assert labelled.data_type == "s"
    last = list(book["Responses"].iter_rows())[-1]
    worthwhile, in_the_way = last[-3], last[-2]
    assert (worthwhile.value, worthwhile.data_type) == ("=1+1", "s")
    assert (in_the_way.value, in_the_way.data_type) == ("-2+3", "s")
    summary_header = next(book["Summary by segment"].iter_rows(max_row=1))
    assert any(c.value == "@SUM(1)" and c.data_type == "s" for c in summary_header)


def test_xlsx_opens_with_the_responses_and_a_summary_by_segment(staff_client, org):
    season(org)
    response = staff_client.get(url(org, "staff_insight_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Responses", "Summary by segment", "Themes"]
    responses = list(book["Responses"].values)
    assert responses[0][0] == "Activity" and len(responses) == 21
    summary = list(book["Summary by segment"].values)
    assert len(summary) == 1 + 2 * 4  # two activities × four segments, level not known too
    messiah_novices = summary[1]
    assert messiah_novices[:6] == (
        "Messiah from scratch",
        messiah_novices[1],
        "Symphony concert",
        "Newcomers and novices",
        5,
        3.0,
    )
    assert messiah_novices[6] == pytest.approx(1.0368, abs=1e-4)


# ---- Access ----

NAMES = ("staff_insight", "staff_insight_csv", "staff_insight_xlsx")


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    concert = surveyed(org)
    for target in [url(org, n) for n in NAMES] + [
        url(org, "staff_activity_insight", pk=concert.pk)
    ]:
        response = client.get(target)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_participants_are_refused_and_other_organisations_are_not_found(
    participant_client, org, other_org
):
    concert = surveyed(org)
    theirs = surveyed(other_org)
    for target in [url(org, n) for n in NAMES] + [
        url(org, "staff_activity_insight", pk=concert.pk)
    ]:
        assert participant_client.get(target).status_code == 403
    staff = Client()
    staff.force_login(factories.staff(org))
    assert staff.get(url(org, "staff_activity_insight", pk=theirs.pk)).status_code == 404


def test_staff_navigation_links_to_value_and_insight(staff_client, org):
    page = staff_client.get(url(org, "staff_dashboard")).content.decode()
    assert url(org, "staff_insight") in page
