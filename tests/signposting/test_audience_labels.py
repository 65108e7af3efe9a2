"""Audience labels on the season: stored, kept up to date, shown to everyone, filterable."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from overture.demo import generate
from overture.season import services
from overture.season.models import Activity, AudienceLabel, Format
from overture.season.services import RequirementSpec
from tests import factories

IDEAL = AudienceLabel.IDEAL_FIRST_VISIT
SOME = AudienceLabel.SOME_EXPERIENCE_HELPS
EXPERIENCED = AudienceLabel.FOR_EXPERIENCED


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listening(org):
    practice = factories.practice(org, "Listening in silence", strictness=0.9)
    practice.slug = "listening-in-silence"
    practice.save()
    return practice


@pytest.fixture
def singing(org):
    practice = factories.practice(org, "Singing in a choir")
    practice.slug = "singing-in-a-choir"
    practice.save()
    return practice


@pytest.fixture
def season(org, listening, singing):
    return {
        "relaxed": factories.activity(
            org,
            "Relaxed Sunday",
            format=Format.RELAXED_PERFORMANCE,
            days_ahead=1,
            requirements=[(listening, 0, 0.05)],
        ),
        "sing": factories.activity(
            org,
            "Come and sing Messiah",
            format=Format.COME_AND_SING,
            days_ahead=2,
            requirements=[(singing, 1, 0.5)],
        ),
        "symphony": factories.activity(
            org,
            "Mahler 2",
            format=Format.SYMPHONY_CONCERT,
            days_ahead=3,
            requirements=[(listening, 2, 0.9)],
        ),
    }


def season_url(org, **params) -> str:
    url = reverse("season", kwargs={"org": org.slug})
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def titles(response) -> list[str]:
    return [a.title for a in response.context["activities"]]


def test_labels_follow_the_requirements(season):
    labels = {name: Activity.objects.get(pk=a.pk).audience_label for name, a in season.items()}
    assert labels == {"relaxed": IDEAL, "sing": SOME, "symphony": EXPERIENCED}


def test_anonymous_visitors_see_honest_labels_on_every_card_and_page(client, org, season):
    response = client.get(season_url(org))
    page = response.content.decode()
    assert page.count('class="org-label label-') == 3
    assert ">Newcomers welcome</span>" in page
    assert ">For beginners and up</span>" in page
    assert ">For regulars and experts</span>" in page
    assert "fit-" not in page  # no fit badges without a profile

    activity_page = client.get(
        reverse("activity", kwargs={"org": org.slug, "pk": season["sing"].pk})
    )
    assert "For beginners and up" in activity_page.content.decode()
    assert activity_page.context["fit"] is None


def test_cards_say_the_label_in_the_same_words_as_the_filter(client, org):
    practice = factories.practice(org, "Reading a full score")
    factories.activity(org, "Score reading", requirements=[(practice, 3, 0.2)])
    page = client.get(season_url(org)).content.decode()
    assert '<option value="2">For regulars and experts</option>' in page
    assert (
        '<span class="org-label label-experienced"><span class="visually-hidden">Who it’s for: '
        "</span>For regulars and experts</span>"
    ) in page


def test_the_season_filters_by_label(client, org, season):
    assert titles(client.get(season_url(org, audience=IDEAL))) == ["Relaxed Sunday"]
    assert titles(client.get(season_url(org, audience=EXPERIENCED))) == ["Mahler 2"]
    response = client.get(season_url(org, audience=SOME, format=Format.COME_AND_SING))
    assert titles(response) == ["Come and sing Messiah"]
    assert response.context["filters"].active


@pytest.mark.parametrize("bad", ["7", "first-visit", "-1"])
def test_a_bad_label_is_reported_and_ignored(client, org, season, bad):
    response = client.get(season_url(org, audience=bad))
    assert titles(response) == ["Relaxed Sunday", "Come and sing Messiah", "Mahler 2"]
    assert "That isn’t one of the choices for “Experience asked”, so it was ignored." in (
        response.content.decode()
    )
    assert response.context["filters"].audience_label is None


def test_the_label_filter_is_a_labelled_select(client, org, season):
    page = client.get(season_url(org)).content.decode()
    assert '<label for="id_audience">Experience asked</label>' in page
    assert '<option value="0">Newcomers welcome</option>' in page


def test_save_activity_recomputes_the_label_after_the_requirements(org, listening, singing):
    activity = Activity(
        title="Open day",
        format=Format.FAMILY_CONCERT,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
        capacity=50,
    )
    services.save_activity(org, activity, [RequirementSpec(listening.pk, 0, 0.2)], [])
    assert Activity.objects.get(pk=activity.pk).audience_label == IDEAL
    assert activity.audience_label == IDEAL

    services.save_activity(org, activity, [RequirementSpec(singing.pk, 2, 0.8)], [])
    assert Activity.objects.get(pk=activity.pk).audience_label == EXPERIENCED

    services.save_activity(org, activity, [], [])
    assert Activity.objects.get(pk=activity.pk).audience_label == IDEAL


def test_the_migration_fills_every_label(org, season):
    Activity.objects.update(audience_label=EXPERIENCED)
    migration = importlib.import_module("overture.season.migrations.0002_activity_audience_label")
    migration.fill_audience_labels(apps, None)
    labels = dict(Activity.objects.values_list("title", "audience_label"))
    assert labels == {
        "Relaxed Sunday": IDEAL,
        "Come and sing Messiah": SOME,
        "Mahler 2": EXPERIENCED,
    }


def test_the_demo_writes_the_labels_save_activity_would(db):
    demo = generate(participants=20, activities=30)
    activities = Activity.objects.filter(organisation=demo.organisation)
    written = dict(activities.values_list("pk", "audience_label"))
    assert set(written.values()) == {IDEAL, SOME, EXPERIENCED}
    assert services.refresh_audience_labels(list(written)) == written
