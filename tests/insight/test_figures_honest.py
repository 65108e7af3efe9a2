"""Season figures that count only what they say: opened surveys, answers by people with a
place, and a level not known as its own segment."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from overture.audience.models import Registration
from overture.insight.models import Survey
from overture.insight.services import respondent_key
from tests import factories
from tests.insight.test_analytics import answer, by_registrants, invite, surveyed, text_of


def url(org, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": org.slug, **kwargs})


def test_a_survey_not_yet_open_adds_nothing_to_the_season_rate(staff_client, org):
    concert = surveyed(org, "Messiah from scratch")
    answer(concert, 0, [4])
    answer(concert, 3, [5])
    invite(concert, 2)
    by_registrants(concert)
    upcoming = factories.activity(org, "Winter gala", days_ahead=20)
    Survey.objects.create(
        activity=upcoming,
        opens_at=upcoming.ends_at,
        closes_at=upcoming.ends_at + timedelta(days=14),
    )
    invite(upcoming, 6)

    response = staff_client.get(url(org, "staff_insight"))
    insight = response.context["insight"]
    # 2 answers of 2 places; the gala's 6 places would have made it 2 of 8 (25 %).
    assert (insight.rate.counted, insight.rate.invited, insight.rate.rate) == (2, 2, 1.0)
    assert [row.title for row in insight.activities] == ["Messiah from scratch"]
    page = text_of(response)
    assert "100% (2 answers from the 2 people with a confirmed place" in page
    assert "Winter gala" not in page and "25%" not in page
    assert "1 survey of activities to come has not opened yet" in page


def test_an_anonymous_answer_by_someone_with_a_place_counts_and_others_are_apart(staff_client, org):
    concert = surveyed(org, "Messiah from scratch")
    invite(concert, 4)
    holder = Registration.objects.filter(
        activity=concert, status=Registration.Status.CONFIRMED
    ).first()
    hidden = answer(concert, -1, [4])  # answered anonymously while logged in
    hidden.respondent = respondent_key(holder.participant)
    hidden.save(update_fields=["respondent"])
    stranger = factories.participant(org, name="No ticket")
    outside = answer(concert, -1, [2])
    outside.respondent = respondent_key(stranger)
    outside.save(update_fields=["respondent"])
    named = answer(concert, -1, [3])
    named.participant = stranger  # named, but without a place (someone else's ticket)
    named.save(update_fields=["participant"])
    answer(concert, -1, [5])  # a visitor not logged in

    response = staff_client.get(url(org, "staff_activity_insight", pk=concert.pk))
    rate = response.context["insight"].rate
    # 1 of 4 places answered; 2 from people without a place, 1 from a visitor.
    assert (rate.counted, rate.invited, rate.without_place, rate.anonymous) == (1, 4, 2, 1)
    page = text_of(response)
    assert "25% (1 answer from the 4 people with a confirmed place" in page
    assert (
        "plus 2 answers from people without a place and 1 answer from visitors not logged "
        "in, not counted in the rate" in page
    )


def unknown_level_concert(org):
    """Novices 5 and 5, experts 3 and 3, and one person whose level is not known: 1."""
    concert = surveyed(org, "Messiah from scratch")
    for level, score in ((0, 5), (1, 5), (3, 3), (3, 3), (-1, 1)):
        answer(concert, level, [score])
    return concert


def test_level_not_known_is_its_own_segment_and_stays_out_of_the_gap(staff_client, org):
    concert = unknown_level_concert(org)
    response = staff_client.get(url(org, "staff_activity_insight", pk=concert.pk))
    breakdown = response.context["breakdown"]
    novices, regulars, experts, not_known = breakdown.by_level
    assert (novices.n, novices.mean) == (2, 5.0)  # merged, it would read 3.7 over 3
    assert (experts.n, experts.mean, regulars.n) == (2, 3.0, 0)
    assert (not_known.n, not_known.mean) == (1, 1.0)
    assert breakdown.gap.difference == pytest.approx(-2.0)
    assert (breakdown.gap.novice_n, breakdown.gap.expert_n) == (2, 2)
    page = text_of(response)
    assert "Experts rated it 2.0 points lower than newcomers and novices" in page
    assert "Level not known" in page
    assert (
        "1 respondent whose level is not known is shown as their own group, “Level not known”, "
        "and left out of the gap" in page
    )


def test_both_exports_keep_level_not_known_apart(staff_client, org):
    unknown_level_concert(org)
    content = b"".join(staff_client.get(url(org, "staff_insight_csv")).streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert [row[3] for row in rows[1:]] == [
        "Newcomers and novices",
        "Newcomers and novices",
        "Experts",
        "Experts",
        "Level not known",
    ]
    book = load_workbook(io.BytesIO(staff_client.get(url(org, "staff_insight_xlsx")).content))
    responses = [row[3].value for row in list(book["Responses"].iter_rows())[1:]]
    assert responses[-1] == "Level not known"
    summary = {
        row[3]: row[4:6] for row in book["Summary by segment"].values if row[0] != "Activity"
    }
    assert summary == {
        "Newcomers and novices": (2, 5.0),
        "Regulars": (0, None),
        "Experts": (2, 3.0),
        "Level not known": (1, 1.0),
    }
