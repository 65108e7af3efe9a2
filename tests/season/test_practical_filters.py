"""The season filtered to free activities and to the access a person needs."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from overture.pages.season import SEASON_PAGE_SIZE
from overture.season.models import Format
from tests import factories


def season_url(org, params: list[tuple[str, str]] = ()) -> str:
    url = reverse("season", kwargs={"org": org.slug})
    return f"{url}?{urlencode(params)}" if params else url


def titles(response) -> list[str]:
    return [a.title for a in response.context["activities"]]


def test_free_only_leaves_out_priced_activities(client, org):
    factories.activity(org, "Open rehearsal", days_ahead=1)
    factories.activity(org, "Mahler 5", days_ahead=2, price=Decimal("25"))
    factories.activity(org, "Come and sing", days_ahead=3, price=Decimal("0.00"))
    factories.activity(org, "Coffee concert", days_ahead=4, price=Decimal("0.50"))

    assert titles(client.get(season_url(org, [("free", "on")]))) == [
        "Open rehearsal",
        "Come and sing",
    ]
    assert len(titles(client.get(season_url(org)))) == 4


def test_every_access_need_ticked_must_be_offered(client, org):
    factories.activity(org, "Step-free only", days_ahead=1, step_free=True)
    factories.activity(org, "Captions only", days_ahead=2, captioned=True)
    factories.activity(org, "Both", days_ahead=3, step_free=True, captioned=True)
    factories.activity(org, "Everything", days_ahead=4, step_free=True, captioned=True, bsl=True)

    both = [("access", "step_free"), ("access", "captioned")]
    assert titles(client.get(season_url(org, both))) == ["Both", "Everything"]
    assert titles(client.get(season_url(org, [("access", "step_free")]))) == [
        "Step-free only",
        "Both",
        "Everything",
    ]
    assert titles(client.get(season_url(org, [*both, ("access", "bsl")]))) == ["Everything"]


def test_relaxed_and_quiet_space_needs(client, org):
    factories.activity(org, "Relaxed", days_ahead=1, relaxed=True)
    factories.activity(
        org, "Relaxed with a quiet room", days_ahead=2, relaxed=True, quiet_space=True
    )
    needs = [("access", "relaxed"), ("access", "quiet_space")]
    assert titles(client.get(season_url(org, needs))) == ["Relaxed with a quiet room"]


def test_free_and_access_combine_with_the_other_filters(client, org):
    factories.activity(org, "Free step-free symphony", days_ahead=1, step_free=True)
    factories.activity(
        org, "Free step-free sing", format=Format.COME_AND_SING, days_ahead=2, step_free=True
    )
    factories.activity(
        org,
        "Paid step-free sing",
        format=Format.COME_AND_SING,
        days_ahead=3,
        step_free=True,
        price=Decimal("10"),
    )
    factories.activity(org, "Free sing with steps", format=Format.COME_AND_SING, days_ahead=4)

    params = [("format", Format.COME_AND_SING), ("free", "on"), ("access", "step_free")]
    response = client.get(season_url(org, params))
    assert titles(response) == ["Free step-free sing"]
    assert "1 activity matches your filters" in response.content.decode()


def test_no_match_says_which_needs_none_offers_and_how_to_clear(client, org):
    factories.activity(org, "Step-free only", step_free=True)
    params = [("access", "step_free"), ("access", "captioned")]
    page = client.get(season_url(org, params)).content.decode()
    assert "No activities match these filters" in page
    assert (
        "None of the activities coming up offers all of: Step-free access, Captions. "
        "Try ticking fewer access needs" in page
    )
    assert f'<a href="{season_url(org)}">clear filters</a>' in page


def test_the_ticked_boxes_stay_ticked_and_the_pages_keep_the_filters(client, org):
    for day in range(SEASON_PAGE_SIZE + 1):
        factories.activity(org, f"Day {day:02}", days_ahead=day + 1, step_free=True)
    factories.activity(org, "Paid", days_ahead=1, step_free=True, price=Decimal("5"))

    params = [("free", "on"), ("access", "step_free")]
    response = client.get(season_url(org, params))
    page = response.content.decode()
    assert f"{SEASON_PAGE_SIZE + 1} activities match your filters — page 1 of 2" in page
    assert 'name="free" id="id_free" checked' in page
    assert 'name="access" value="step_free" id="id_access_0" checked' in page
    assert 'name="access" value="captioned" id="id_access_1">' in page
    assert 'href="?free=on&amp;access=step_free&amp;page=2"' in page

    second = client.get(season_url(org, [*params, ("page", "2")]))
    assert titles(second) == [f"Day {SEASON_PAGE_SIZE:02}"]


def test_an_unknown_access_need_is_reported_and_ignored(client, org):
    factories.activity(org, "Anything")
    response = client.get(season_url(org, [("access", "teleport")]))
    assert titles(response) == ["Anything"]
    assert "One of the access needs isn’t one we list, so they were ignored." in (
        response.content.decode()
    )


def test_the_filters_are_labelled_for_everyone(client, org):
    page = client.get(season_url(org)).content.decode()
    assert "<legend>Access I need</legend>" in page
    assert "Only activities that offer everything you tick." in page
    assert "Free only</label>" in page
    for words in ("Step-free access", "Captions", "British Sign Language (BSL)", "Quiet space"):
        assert f"{words}</label>" in page
