"""The advice rule form's preview: how a rule reads now for the season's current figures."""

from __future__ import annotations

import importlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overture.mix.models import AdviceRule, Variable
from overture.season.models import Activity
from tests import factories
from tests.mix.test_activity_mix import registrant

plain = importlib.import_module("overture.mix.migrations.0004_plain_advice_texts")

NEWCOMER_TEXT = (
    "Only {newcomer share} of the audience are newcomers at {activity}: {registrants} booked "
    "of {capacity} places; it asks {required level}."
)


def rule_data(**changes) -> dict:
    data = {
        "name": "Welcome the newcomers",
        "variable": Variable.PARTICIPATION_ACCESS,
        "scope": "activity",
        "when_figure": "newcomer_share",
        "when_comparison": ">=",
        "when_value": "0.25",
        "and_figure": "",
        "and_comparison": "",
        "and_value": "",
        "advice": NEWCOMER_TEXT,
        "weight": "5",
        "active": "on",
    }
    return {**data, **changes}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


@pytest.fixture
def season(org, other_org):
    """Mahler 5: 2 of 4 registrants newcomers; Brahms 2: 1 of 4; a family concert nobody has
    booked yet; and activities the preview leaves out (a draft, another organisation's)."""
    listening = factories.practice(org, "Listening in silence", strictness=0.9)
    needs = [(listening, 2, 0.9)]
    mahler = factories.activity(org, "Mahler 5", capacity=1500, days_ahead=7, requirements=needs)
    brahms = factories.activity(org, "Brahms 2", capacity=200, days_ahead=14, requirements=needs)
    family = factories.activity(org, "Family concert", days_ahead=21, requirements=needs)
    for activity, levels in ((mahler, (0, 0, 3, 3)), (brahms, (0, 3, 3, 3))):
        for i, level in enumerate(levels):
            registrant(org, activity, f"{activity.title} guest {i}", level)
    factories.activity(org, "Draft", status=Activity.Status.DRAFT, requirements=needs)
    factories.activity(other_org, "Elsewhere", requirements=[])
    return {"mahler": mahler, "brahms": brahms, "family": family}


@pytest.fixture
def admin_in(client, staff_user):
    assert factories.log_in(client, staff_user.username, factories.PASSWORD)
    return client


def preview_url(org) -> str:
    return reverse("staff_advice_rule_preview", kwargs={"org": org.slug})


def on(activity) -> str:
    return f"{activity.title} ({activity.starts_at:%-d %b %Y})"


def test_the_preview_reads_the_advice_for_the_first_activity_it_applies_to(admin_in, org, season):
    response = admin_in.post(preview_url(org), rule_data(), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    text = text_of(response)
    mahler, brahms = season["mahler"], season["brahms"]
    assert f"Applies now to 2 activities: {on(mahler)}, {on(brahms)}." in text
    assert (
        "Only 50 % of the audience are newcomers at Mahler 5: 4 booked of 1,500 places; "
        "it asks regular."
    ) in text
    assert "{newcomer share} Share of registrants new to that practice 50 %" in text
    assert "{capacity} Places at the activity 1,500" in text
    assert "Family concert" in text and "Draft" not in text and "Elsewhere" not in text


def test_the_preview_reads_the_advice_for_a_chosen_activity(admin_in, org, season):
    brahms = season["brahms"]
    data = rule_data(preview_activity=str(brahms.pk))

    text = text_of(admin_in.post(preview_url(org), data))

    assert (
        "Only 25 % of the audience are newcomers at Brahms 2: 4 booked of 200 places; "
        "it asks regular."
    ) in text


def test_the_preview_says_which_figure_is_not_known_yet(admin_in, org, season):
    family = season["family"]
    data = rule_data(preview_activity=str(family.pk))

    text = text_of(admin_in.post(preview_url(org), data))

    assert "Not shown for Family concert: {newcomer share} is not known yet." in text
    assert "{registrants} People registered 0" in text


def test_a_rule_that_applies_nowhere_says_so_and_still_reads(admin_in, org, season):
    data = rule_data(when_value="0.9")

    text = text_of(admin_in.post(preview_url(org), data))

    assert "Applies now to none of the 3 upcoming activities." in text
    assert "Only 50 % of the audience are newcomers at Mahler 5" in text
    assert "it does not show now, as its conditions do not hold" in text


def test_a_season_rule_reads_the_season_figures(admin_in, org, season):
    data = rule_data(
        scope="season",
        when_figure="activities",
        when_value="3",
        advice="{activities} upcoming activities, {rigid share} of them rigid.",
    )

    text = text_of(admin_in.post(preview_url(org), data))

    assert "Applies now to the season." in text
    assert "3 upcoming activities, " in text


@pytest.mark.parametrize(
    ("advice", "message"),
    [
        (
            "Only {newcomer shares} are new.",
            "There is no figure called {newcomer shares} — did you mean {newcomer share}?",
        ),
        (
            "Only {newcomer share are new.",
            "The advice text opens a brace after “Only” that is never closed",
        ),
        ("Only newcomer share} are new.", "closes a brace after “Only newcomer share”"),
    ],
)
def test_the_preview_names_what_to_put_right(admin_in, org, season, advice, message):
    text = text_of(admin_in.post(preview_url(org), rule_data(advice=advice)))
    assert "Put these right to see the advice:" in text
    assert message in text


def test_the_preview_without_scripts_shows_on_the_form_and_saves_nothing(admin_in, org, season):
    rule = AdviceRule.objects.create(organisation=org, **_fields(rule_data(advice="Old text.")))
    url = reverse("staff_advice_rule_edit", kwargs={"org": org.slug, "pk": rule.pk})

    response = admin_in.post(url, rule_data(preview="1"))

    assert response.status_code == 200
    assert "Only 50 % of the audience are newcomers at Mahler 5" in text_of(response)
    rule.refresh_from_db()
    assert rule.advice == "Old text."
    # The stored rule is previewed as the form opens.
    assert "Old text." in text_of(admin_in.get(url))


def test_the_preview_asks_a_fixed_number_of_queries(admin_in, org, season):
    with CaptureQueriesContext(connection) as small:
        admin_in.post(preview_url(org), rule_data())
    listening = factories.practice(org, "Singing along")
    for i in range(4):
        activity = factories.activity(org, f"Extra {i}", requirements=[(listening, 1, 0.5)])
        registrant(org, activity, f"Extra guest {i}", 1)
    with CaptureQueriesContext(connection) as large:
        admin_in.post(preview_url(org), rule_data())
    assert len(large) == len(small)


def _fields(data: dict) -> dict:
    fields = {k: v for k, v in data.items() if k not in ("active", "preview")}
    fields["when_value"] = float(fields["when_value"])
    fields["and_value"] = None
    fields["weight"] = int(fields["weight"])
    return fields


# ---- Texts in the earlier form ----


@pytest.mark.parametrize(
    ("formatted", "words"),
    [
        ("{newcomer_share:.0%} are new", "{newcomer share} are new"),
        ("{free_buddies} buddies, {{braces}}", "{free buddies} buddies, {{braces}}"),
        (
            "Conflict {conflict:.2f} from {mean_conflict:.2f}",
            "Conflict {conflict} from {mean conflict}",
        ),
        ("{strict_practice} for {days_to_go} days", "{strict practice} for {days to go} days"),
    ],
)
def test_texts_in_the_earlier_form_convert_both_ways(formatted, words):
    assert plain.plain_text(formatted) == words
    assert plain.format_text(words) == formatted


def test_a_format_the_defaults_did_not_use_becomes_the_usual_one_when_reversed():
    assert plain.plain_text("{strictness:.1f} and {fill:.1%}") == "{strictness} and {fill}"
    assert plain.format_text("{strictness} and {fill}") == "{strictness:.2f} and {fill:.0%}"


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_stored_texts_and_back():
    org = factories.organisation(slug="converted")
    rule = AdviceRule.objects.create(organisation=org, **_fields(rule_data()))
    before, after = (
        [("mix", "0003_one_line_text_and_text_limits")],
        [("mix", "0004_plain_advice_texts")],
    )

    MigrationExecutor(connection).migrate(before)
    rule.refresh_from_db()
    assert rule.advice == (
        "Only {newcomer_share:.0%} of the audience are newcomers at {activity}: {registrants} "
        "booked of {capacity} places; it asks {required_level}."
    )
    MigrationExecutor(connection).migrate(after)
    rule.refresh_from_db()
    assert rule.advice == NEWCOMER_TEXT
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
