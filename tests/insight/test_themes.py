"""Practical themes: the code book page, themes on the insight pages and exports, quotes."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from overture.insight import coding
from overture.insight.models import Survey, SurveyResponse, TextCode, Theme
from overture.insight.selectors_themes import themes_of
from overture.organisations.models import Membership
from tests import factories

PRICE, SOUND, SEATS = "theme:price", "theme:sound", "theme:seating-and-view"
SUGGESTED, ACCEPTED, REJECTED, ADDED = (
    TextCode.Status.SUGGESTED,
    TextCode.Status.ACCEPTED,
    TextCode.Status.REJECTED,
    TextCode.Status.ADDED,
)
_tokens = itertools.count(1)


def url(org, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": org.slug, **kwargs})


def as_role(client, org, role=Membership.Role.ADMIN):
    user = factories.staff(org, role=role)
    assert factories.log_in(client, user.username, factories.PASSWORD)
    return client


def surveyed(org, title: str = "Brahms at Riverside", days_ago: int = 20):
    activity = factories.activity(org, title, days_ahead=-days_ago)
    Survey.objects.create(
        activity=activity,
        opens_at=activity.ends_at,
        closes_at=activity.ends_at + timedelta(days=14),
    )
    return activity


def respond(activity, level: int, may_quote: bool = True, **texts) -> SurveyResponse:
    return SurveyResponse.objects.create(
        survey=activity.surveys.get(),
        submission_token=f"theme-{next(_tokens)}",
        level=level,
        consented=True,
        may_quote=may_quote,
        **texts,
    )


def code(response, theme: str, status=ACCEPTED, confidence=None, field="in_the_way") -> None:
    TextCode.objects.create(
        response=response, field=field, code=theme, status=status, confidence=confidence
    )


@pytest.fixture
def concert(org):
    """Six people: levels not known, newcomer, regular and three experts.

    Price counts for four people (five answers): accepted, added, a likely suggestion, and
    one person on both questions; a suggestion below LIKELY and a rejected one do not count.
    """
    activity = surveyed(org)
    unknown = respond(activity, -1, in_the_way="Tickets were far too expensive")
    newcomer = respond(activity, 0, may_quote=False, in_the_way="The price put me off")
    regular = respond(
        activity, 2, in_the_way="Pricey bar", worthwhile="Cheap tickets for under-26s"
    )
    expert_a = respond(activity, 3, in_the_way="Could not hear the soloist")
    expert_b = respond(activity, 3, in_the_way="Parking cost a fortune")
    respond(activity, 3, worthwhile="Wonderful Brahms")
    code(unknown, PRICE, ACCEPTED)
    code(newcomer, PRICE, SUGGESTED, 0.9)
    code(regular, PRICE, ADDED)
    code(regular, PRICE, SUGGESTED, 0.6, field="worthwhile")
    code(expert_a, PRICE, SUGGESTED, 0.3)  # too unsure to count
    code(expert_a, SOUND, ACCEPTED)
    code(expert_b, PRICE, REJECTED)  # staff said no
    return activity


# The code book ------------------------------------------------------------------------------


def test_a_new_organisation_has_the_practical_themes_in_its_code_book(org):
    labels = list(Theme.objects.filter(organisation=org).values_list("label", flat=True))
    assert labels == [
        "Price", "Seating and view", "Bar and queues", "Transport and parking", "Toilets",
        "Staff friendliness", "Sound",
    ]  # fmt: skip
    book = coding.code_book_for(org)
    assert {PRICE, SOUND, SEATS, "theme:toilets"} <= set(book.keys)
    assert "variable:signposting" in book and "value:feeling-welcome" in book


def test_the_first_coder_suggests_themes_from_their_seed_words(org):
    activity = surveyed(org)
    answers = [
        respond(activity, 1, in_the_way="The seats were cramped and I could not see the stage"),
        respond(activity, 1, in_the_way="We missed the last train home"),
        respond(activity, 1, in_the_way="Half an hour in the queue at the bar"),
    ]
    coding.code_responses(answers)
    best = [
        TextCode.objects.filter(response=a)
        .order_by("-confidence")
        .values_list("code", flat=True)[0]
        for a in answers
    ]
    assert best == [SEATS, "theme:transport-and-parking", "theme:bar-and-queues"]


def test_admins_list_add_rename_and_switch_off_themes(client, org):
    admin = as_role(client, org)
    page = admin.get(url(org, "staff_themes"))
    assert page.status_code == 200 and "Seating and view" in page.content.decode()

    added = admin.post(
        url(org, "staff_theme_create"),
        {"label": "Cloakroom", "seed_words": "coats, cloakroom", "position": 9, "active": "on"},
    )
    assert added.status_code == 302
    cloakroom = Theme.objects.get(organisation=org, key="cloakroom")
    assert cloakroom.seeds == ["coats", "cloakroom"]
    assert "theme:cloakroom" in coding.code_book_for(org)

    price = Theme.objects.get(organisation=org, key="price")
    admin.post(
        url(org, "staff_theme_edit", pk=price.pk),
        {"label": "Ticket prices", "seed_words": price.seed_words, "position": 0, "active": "on"},
    )
    price.refresh_from_db()
    assert (price.label, price.key) == ("Ticket prices", "price")  # renamed, same code
    assert coding.code_labels(coding.code_book_for(org))[PRICE] == "Ticket prices"

    admin.post(url(org, "staff_theme_switch", pk=price.pk), {"active": "off"})
    admin.post(url(org, "staff_theme_switch", pk=price.pk), {"active": "off"})  # twice: same
    assert not Theme.objects.get(pk=price.pk).active
    assert PRICE not in coding.code_book_for(org)


def test_a_theme_needs_a_name_of_its_own(client, org):
    admin = as_role(client, org)
    blank = admin.post(url(org, "staff_theme_create"), {"label": "  ", "position": 1})
    assert blank.status_code == 200 and "This field is required." in blank.content.decode()
    twice = admin.post(url(org, "staff_theme_create"), {"label": "Sound", "position": 1})
    assert "A theme with this name already exists." in twice.content.decode()
    assert Theme.objects.filter(organisation=org).count() == 7


def test_another_organisations_admin_cannot_touch_its_themes(client, org, other_org):
    price = Theme.objects.get(organisation=org, key="price")
    outsider = as_role(client, other_org)
    edit = outsider.post(
        url(other_org, "staff_theme_edit", pk=price.pk), {"label": "Mine", "position": 0}
    )
    switch = outsider.post(url(other_org, "staff_theme_switch", pk=price.pk), {"active": "off"})
    assert (edit.status_code, switch.status_code) == (404, 404)
    price.refresh_from_db()
    assert (price.label, price.active) == ("Price", True)


# Themes on the insight pages ----------------------------------------------------------------


def test_theme_counts_and_shares_by_segment(org, concert):
    themes = themes_of(org, activity_id=concert.pk)
    assert themes.respondents == 6
    price, sound = themes.rows
    assert (price.label, price.answers, price.overall.with_theme) == ("Price", 4, 3)
    assert price.overall.share == pytest.approx(3 / 6)
    # Newcomers and novices, regulars, experts, level not known
    assert [(s.with_theme, s.respondents) for s in price.by_segment] == [
        (1, 1), (1, 1), (0, 3), (1, 1),
    ]  # fmt: skip
    assert (sound.label, sound.answers, sound.overall.with_theme) == ("Sound", 1, 1)
    assert [(s.with_theme, s.respondents) for s in sound.by_segment] == [
        (0, 1), (0, 1), (1, 3), (0, 1),
    ]  # fmt: skip


def test_quotes_come_only_from_people_who_agreed_to_be_quoted(org, concert):
    price = themes_of(org, activity_id=concert.pk).rows[0]
    assert "The price put me off" not in price.quotes  # did not agree to be quoted
    # staff-reviewed answers first, then the coder's surest suggestion
    assert price.quotes == (
        "Tickets were far too expensive", "Pricey bar", "Cheap tickets for under-26s",
    )  # fmt: skip


def test_a_trend_needs_three_months_of_answers(org, concert):
    assert not themes_of(org).enough_time
    assert themes_of(org).rows[0].trend == ()
    later = surveyed(org, "Spring concert", days_ago=1)
    code(respond(later, 2, in_the_way="Too expensive again"), PRICE)
    SurveyResponse.objects.filter(survey__activity=concert).update(
        created_at=timezone.now() - timedelta(days=120)
    )
    themes = themes_of(org)
    assert themes.enough_time
    first, last = themes.rows[0].trend[0], themes.rows[0].trend[-1]
    assert (first.share.with_theme, first.share.respondents) == (3, 6)
    assert (last.share.with_theme, last.share.respondents) == (1, 1)


def test_the_season_page_shows_themes_with_quotes_and_the_method(client, org, concert):
    page = as_role(client, org, Membership.Role.STAFF).get(url(org, "staff_insight"))
    text = page.content.decode()
    assert "What people wrote about" in text
    assert '50% <span class="meta">(3 of 6)</span>' in text
    assert "“Tickets were far too expensive”" in text
    assert "The price put me off" not in text
    assert "Not enough time to show a trend" in text
    assert "<summary>How a theme is given to an answer</summary>" in text


def test_the_activity_page_shows_its_themes_and_viewers_see_no_quotes(client, org, concert):
    page = as_role(client, org, Membership.Role.VIEWER).get(
        url(org, "staff_activity_insight", pk=concert.pk)
    )
    text = page.content.decode()
    assert '<th scope="row">Price</th>' in text and '<th scope="row">Sound</th>' in text
    assert "Tickets were far too expensive" not in text  # written answers need a staff role


def test_both_exports_carry_the_themes(client, org, concert):
    admin = as_role(client, org)
    response = admin.get(url(org, "staff_insight_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-1] == "Themes"
    by_text = {row[-2]: row[-1] for row in rows[1:]}
    assert by_text["Could not hear the soloist"] == "Sound"  # the unsure price left out
    assert by_text["Parking cost a fortune"] == ""  # rejected
    assert by_text["Tickets were far too expensive"] == "Price"

    book = load_workbook(io.BytesIO(admin.get(url(org, "staff_insight_xlsx")).content))
    sheet = list(book["Themes"].values)
    assert sheet[0][:5] == (
        "Theme", "Answers", "Respondents with the theme", "Share of respondents",
        "Share: Newcomers and novices",
    )  # fmt: skip
    assert sheet[1][:4] == ("Price", 4, 3, 0.5)
    assert sheet[1][7] == 1.0  # level not known: one of one
    assert sheet[2][:3] == ("Sound", 1, 1)


def test_a_theme_added_later_is_suggested_by_a_coder_made_for_the_new_code_book(client, org):
    activity = surveyed(org)
    coding.code_responses([respond(activity, 1, in_the_way="Too expensive")])
    before = coding.latest_model(org)
    admin = as_role(client, org)
    admin.post(
        url(org, "staff_theme_create"),
        {"label": "Cloakroom", "seed_words": "coats, cloakroom", "position": 9, "active": "on"},
    )
    coats = respond(activity, 1, in_the_way="Nowhere to leave our coats")
    coding.code_responses([coats])
    assert coding.latest_model(org).pk != before.pk  # the old coder no longer fits the book
    best = coats.codes.order_by("-confidence").values_list("code", flat=True)[0]
    assert best == "theme:cloakroom"
