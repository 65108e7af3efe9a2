"""Staff “audience mix across the season”: the heat map of upcoming activities and season advice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overture.audience.models import Competence, NormsPreference, Registration
from overture.audience.services import register
from overture.buddies import services as buddy_services
from overture.mix import figures, selectors_season
from overture.mix.models import AdviceRule
from overture.mix.views_season import ACTIVITIES_PER_PAGE
from overture.season import services as season_services
from overture.season.models import Activity, AudienceLabel, Format, Zone
from tests import factories

OBSERVED = Competence.Source.OBSERVED
INDICES = ("rigidity", "conflict", "access", "clarity")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def season_url(org) -> str:
    return reverse("staff_season_mix", kwargs={"org": org.slug})


def text_of(response) -> str:
    """The page's text with tags dropped and spaces collapsed, as a reader gets it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def registrant(org, activity, name: str, levels: dict, preference=NormsPreference.NONE):
    """A confirmed registrant with observed levels per practice and a stated preference."""
    person = factories.participant(org, name=name)
    for practice, level in levels.items():
        factories.competence(person, practice, level, OBSERVED)
    registration = register(person, activity.pk)
    Registration.objects.filter(pk=registration.pk).update(norms_preference=preference)
    return person


@pytest.fixture
def season(org, other_org):
    """A strict concert with a mixed audience, a come-and-sing with zones, an empty family
    concert; and activities the page leaves out."""
    listening = factories.practice(org, "Listening in silence", strictness=0.9)
    singing = factories.practice(org, "Singing in a choir")
    mahler = factories.activity(
        org, "Mahler 5", days_ahead=3, requirements=[(listening, 2, 0.9)], capacity=50
    )
    family = factories.activity(org, "Family concert", days_ahead=5, format=Format.FAMILY_CONCERT)
    messiah = factories.activity(
        org, "Messiah", days_ahead=10, format=Format.COME_AND_SING, requirements=[(singing, 1, 0.3)]
    )
    Zone.objects.create(activity=messiah, name="Stalls", capacity=30, norms="Quiet")
    Zone.objects.create(
        activity=messiah, name="Relaxed circle", capacity=20, norms="Moving welcome", strictness=0.2
    )
    for i in range(6):
        registrant(org, mahler, f"Newcomer {i}", {listening: 0}, NormsPreference.RELAXED)
        registrant(org, mahler, f"Expert {i}", {listening: 3}, NormsPreference.TRADITIONAL)
    for i in range(3):
        registrant(org, messiah, f"Singer {i}", {singing: 1})
    helper = registrant(org, mahler, "Helpful Hana", {listening: 3})  # a buddy who booked
    buddy = buddy_services.volunteer(
        helper,
        practice_ids=[listening.pk],
        languages=["en"],
        activity_ids=[mahler.pk],
        per_activity=2,
    )
    buddy_services.approve(org, buddy.pk, by=None)  # only approved volunteers are matched
    factories.activity(org, "Draft", days_ahead=4, status=Activity.Status.DRAFT)
    factories.activity(org, "Cancelled", days_ahead=4, status=Activity.Status.CANCELLED)
    factories.activity(org, "Last week", days_ahead=-7)
    factories.activity(other_org, "Elsewhere", days_ahead=4)
    return {"mahler": mahler, "family": family, "messiah": messiah}


# ---- Who may see it ----


def test_anonymous_visitors_are_asked_to_log_in(client, org):
    response = client.get(season_url(org))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_participants_and_other_organisations_staff_are_refused(
    client, participant_client, org, other_org
):
    assert participant_client.get(season_url(org)).status_code == 403
    assert participant_client.post(season_url(org)).status_code == 403
    client.force_login(factories.staff(other_org, username="otto"))
    assert client.get(season_url(org)).status_code == 403


def test_the_staff_navigation_and_dashboard_link_to_the_page(staff_client, org):
    page = staff_client.get(reverse("staff_dashboard", kwargs={"org": org.slug})).content.decode()
    assert page.count(f'href="{season_url(org)}"') == 2  # navigation and dashboard
    page = staff_client.get(season_url(org)).content.decode()
    assert f'<a href="{season_url(org)}" aria-current="page">Audience mix</a>' in page


# ---- The heat map ----


def test_rows_are_the_upcoming_published_activities_in_order_of_start(staff_client, season):
    response = staff_client.get(season_url(season["mahler"].organisation))
    assert response.status_code == 200
    titles = [row.title for row, _ in response.context["rows"]]
    assert titles == ["Mahler 5", "Family concert", "Messiah"]


def test_each_activity_reads_as_on_its_own_audience_mix_page(staff_client, season, org):
    # Two practices asked at the same level, kept as strictly: the key practice is the same
    # on both pages (the one set up first), whatever their names.
    zither = factories.practice(org, "Zither playing", strictness=0.8)
    applause = factories.practice(org, "Applauding at the right moment", strictness=0.8)
    tied = factories.activity(
        org, "Zither evening", days_ahead=12, requirements=[(zither, 2, 0.8), (applause, 2, 0.8)]
    )
    for i in range(4):  # at home with the zither, new to the applause
        registrant(org, tied, f"Zither player {i}", {zither: 3, applause: 0})
    rows = {
        row.activity_id: row
        for row, _ in staff_client.get(season_url(season["mahler"].organisation)).context["rows"]
    }
    assert figures.activity_figures(tied)["strict_practice"] == "Zither playing"
    assert rows[tied.pk].access == 1.0  # no newcomer in the key practice
    for activity in (*season.values(), tied):
        own = figures.activity_figures(activity)
        row = rows[activity.pk]
        for index in INDICES:
            assert getattr(row, index) == pytest.approx(own[index]), (activity.title, index)
    mahler = rows[season["mahler"].pk]
    assert mahler.access == pytest.approx(2 / 6)  # two buddy places, six newcomers
    assert mahler.registrants == 13 and mahler.zones == 0
    assert rows[season["family"].pk].clarity is None  # nobody registered
    assert rows[season["messiah"].pk].zones == 2


def test_the_heat_map_is_a_table_with_values_words_a_legend_and_links(staff_client, season):
    org = season["mahler"].organisation
    response = staff_client.get(season_url(org))
    page = response.content.decode()

    assert "<caption>The four indices of the upcoming published activities" in page
    for name in ("Role rigidity", "Heterogeneity conflict", "Participation access"):
        assert f'<th scope="col">{name}</th>' in page
    assert page.count('<th scope="row"><a href=') == 3
    mahler_page = reverse("staff_activity_mix", kwargs={"org": org.slug, "pk": season["mahler"].pk})
    assert f'<a href="{mahler_page}">Mahler 5' in page

    _, cells = response.context["rows"][0]
    text = text_of(response)
    for cell in cells:  # colour is never alone: the value and a word are printed
        assert f"{cell.value:.2f} {cell.word}" in text
    assert [cell.word for cell in cells] == ["High", "High", "Low", "Partial"]
    assert 'class="heat concern-2"' in page
    assert "— Not known yet" in text  # the family concert's signposting, nobody registered
    assert "What the colours mean" in page and "Most concern" in text
    assert "Heterogeneity conflict Low below 0.20 · Moderate 0.20–0.40 · High from 0.40" in text


def test_season_figures_and_advice_with_the_numbers_behind_it(staff_client, season):
    org = season["mahler"].organisation
    response = staff_client.get(season_url(org))
    found = response.context["mix"].figures
    labels = dict(
        Activity.objects.filter(pk__in=[a.pk for a in season.values()]).values_list(
            "pk", "audience_label"
        )
    )
    first_visits = sum(label == AudienceLabel.IDEAL_FIRST_VISIT for label in labels.values())
    assert found["activities"] == 3
    assert found["high_conflict_activities"] == 1  # Mahler: newcomers and experts together
    assert found["unzoned_high_conflict"] == 1
    assert found["rigid_share"] == pytest.approx(1 / 3)  # Mahler: 2/3 · 0.9 = 0.6
    assert found["first_visit_share"] == pytest.approx(first_visits / 3)
    assert found["low_access_activities"] == 1
    assert found["mean_access"] == pytest.approx((2 / 6 + 1 + 1) / 3)

    text = text_of(response)
    assert "Advice for the season" in text
    names = [item.advice.name for item in response.context["advice"]]
    assert "Zone the high-conflict activities" in names
    assert "high expected conflict (0.4 or more) but no zones: 1 of 1." in text
    assert "Of those, activities without zones 1" in text  # the figures behind it
    assert "Upcoming published activities 3" in text  # the season figures table


def test_advice_rules_edited_show_at_once(staff_client, season):
    org = season["mahler"].organisation
    staff_client.get(season_url(org))
    AdviceRule.objects.filter(organisation=org).update(active=False)
    response = staff_client.get(season_url(org))
    assert response.context["advice"] == ()
    assert "None of the organisation’s advice rules for the season applies" in text_of(response)


def test_figures_are_kept_and_worked_out_again_on_request(staff_client, season):
    org = season["mahler"].organisation
    first = staff_client.get(season_url(org)).context["mix"]
    registrant(org, season["family"], "Latecomer", {})
    kept = staff_client.get(season_url(org)).context["mix"]
    assert kept.computed_at == first.computed_at
    assert sum(row.registrants for row in kept.rows) == 16

    response = staff_client.post(season_url(org))
    assert response.status_code == 302 and response.url == season_url(org)
    again = staff_client.get(season_url(org))
    assert sum(row.registrants for row in again.context["mix"].rows) == 17
    assert "Audience mix worked out again just now." in text_of(again)


def test_changing_an_activity_shows_at_once(
    staff_client, season, org, django_capture_on_commit_callbacks
):
    staff_client.get(season_url(org))
    with django_capture_on_commit_callbacks(execute=True):
        season_services.change_activity_status(org, season["family"].pk, "cancel")
    titles = [row.title for row, _ in staff_client.get(season_url(org)).context["rows"]]
    assert "Family concert" not in titles


def visit_cold(client, org) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(season_url(org)).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_activities_or_their_audiences(staff_client, season, org):
    listening = org.practices.get(name="Listening in silence")
    before = visit_cold(staff_client, org)
    for i in range(6):
        activity = factories.activity(org, f"Extra {i}", requirements=[(listening, 1, 0.6)])
        Zone.objects.create(activity=activity, name="Stalls", capacity=10, norms="Quiet")
        for j in range(3):
            registrant(org, activity, f"Extra {i}.{j}", {listening: j})
    assert visit_cold(staff_client, org) == before


def test_the_heat_map_is_paginated(staff_client, org):
    for day in range(ACTIVITIES_PER_PAGE + 5):
        factories.activity(org, f"Concert {day + 1:02}", days_ahead=day + 1)
    first = staff_client.get(season_url(org))
    assert len(first.context["rows"]) == ACTIVITIES_PER_PAGE
    assert first.context["rows"][0][0].title == "Concert 01"
    assert "Page 1 of 2" in text_of(first)
    second = staff_client.get(season_url(org), {"page": 2})
    assert [row.title for row, _ in second.context["rows"]] == [
        f"Concert {n}" for n in range(26, 31)
    ]
    for bad in ("abc", "999", "-1"):
        assert staff_client.get(season_url(org), {"page": bad}).status_code == 200


def test_without_upcoming_activities_the_page_says_what_to_do(staff_client, org):
    factories.activity(org, "Last week", days_ahead=-7)
    response = staff_client.get(season_url(org))
    assert response.status_code == 200
    text = text_of(response)
    assert "No published activity is coming up" in text
    assert response.context["mix"].figures["activities"] == 0
    assert response.context["mix"].figures["mean_conflict"] is None
    assert "Mean heterogeneity conflict of upcoming activities —" in text


def test_levels_are_read_as_everywhere_observed_over_self_assessed(staff_client, org):
    listening = factories.practice(org, "Listening in silence", strictness=0.9)
    singing = factories.practice(org, "Singing in a choir")
    concert = factories.activity(
        org, "Brahms 4", requirements=[(listening, 2, 0.9), (singing, 0, 0.2)]
    )
    told_expert_seen_newcomer = registrant(org, concert, "Ann", {})
    factories.competence(told_expert_seen_newcomer, listening, 3)
    factories.competence(told_expert_seen_newcomer, listening, 0, OBSERVED)
    told_expert = registrant(org, concert, "Ben", {})
    factories.competence(told_expert, listening, 3)
    registrant(org, concert, "Cat", {})  # not known yet: not counted as a newcomer
    registrant(org, concert, "Dan", {listening: 2, singing: 3})

    [row] = [r for r, _ in staff_client.get(season_url(org)).context["rows"]]
    own = figures.activity_figures(concert)
    assert (own["newcomers"], own["level_unknown"]) == (1, 1)
    for index in INDICES:
        assert getattr(row, index) == pytest.approx(own[index]), index


def test_season_counts_agree_with_the_words_of_the_heat_map(staff_client, season):
    response = staff_client.get(season_url(season["mahler"].organisation))
    found = response.context["mix"].figures
    words = [{cell.key: cell.word for cell in cells} for _, cells in response.context["rows"]]
    assert found["high_conflict_activities"] == sum(w["conflict"] == "High" for w in words)
    assert found["low_access_activities"] == sum(w["access"] == "Low" for w in words)
    assert found["rigid_share"] == pytest.approx(
        sum(w["rigidity"] == "High" for w in words) / len(words)
    )


def test_every_colour_of_the_heat_map_can_be_given():
    """The stylesheet colours exactly the concerns a cell can have, and the legend names them."""
    stylesheet = (Path(settings.BASE_DIR) / "static" / "overture" / "site.css").read_text()
    coloured = {int(n) for n in re.findall(r"\.heat\.concern-(\d+)", stylesheet)}
    given = {
        selectors_season.heat_cell(key, value).concern
        for key in INDICES
        for value in (i / 100 for i in range(101))
    }
    assert coloured == given == {0, 1, 2}
