"""Fit badges on the season and activity pages for someone logged in, with their reasons."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overture.engines.signposting import Fit
from overture.season.models import Format
from overture.signposting.templatetags.signposting_tags import signposts
from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def silence(org):
    practice = factories.practice(org, "Listening in silence", strictness=0.9)
    practice.slug = "listening-in-silence"
    practice.save()
    return practice


def season_url(org) -> str:
    return reverse("season", kwargs={"org": org.slug})


def activity_url(activity) -> str:
    return reverse("activity", kwargs={"org": activity.organisation.slug, "pk": activity.pk})


def test_each_card_carries_the_participant_s_fit(participant_client, org, participant, silence):
    factories.competence(participant, silence, 1)
    relaxed = factories.activity(
        org, "Relaxed", format=Format.RELAXED_PERFORMANCE, requirements=[(silence, 0, 0.1)]
    )
    talk = factories.activity(
        org, "Pre-concert talk", format=Format.PRE_CONCERT_TALK, requirements=[(silence, 2, 0.3)]
    )
    mahler = factories.activity(org, "Mahler", requirements=[(silence, 2, 0.9)])

    response = participant_client.get(season_url(org))

    fits = {a.title: a.fit for a in response.context["activities"]}
    assert fits == {
        relaxed.title: Fit.RIGHT_FOR_YOU,
        talk.title: Fit.STRETCH,
        mahler.title: Fit.PREPARE_FIRST,
    }
    page = response.content.decode()
    for words in ("Right for you", "A stretch", "Prepare first"):
        assert words in page


def build(org, practices, count: int) -> None:
    for i in range(count):
        factories.activity(
            org,
            f"Concert {i:02}",
            days_ahead=1 + i,
            requirements=[(practices[(i + k) % 4], k, 0.3 * k) for k in range(3)],
        )


def test_badges_cost_the_same_queries_whatever_the_size_of_the_season(client, db):
    counts = []
    for slug, size in (("small", 3), ("large", 12)):
        org = factories.organisation(slug=slug)
        build(org, [factories.practice(org) for _ in range(4)], size)
        person = factories.participant(org, "Pat")
        client.force_login(person.user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(season_url(org))
        assert all(a.fit is not None for a in response.context["activities"])
        counts.append(len(queries))
    assert counts[0] == counts[1]
    client.logout()
    with CaptureQueriesContext(connection) as anonymous:
        client.get(season_url(org))
    # Session, user, participant, registrations on the page, staff role, and the levels; for
    # the activities asking to prepare first, the ways there: the season matrix (three
    # queries, cold), and the levels and places it is read with.
    assert counts[1] - len(anonymous) == 6 + 5


def test_the_activity_page_gives_reasons_and_a_way_to_get_there(
    participant_client, org, participant, silence
):
    applause = factories.practice(org, "Applauding at the right moment")
    factories.competence(participant, silence, 0)
    mahler = factories.activity(
        org, "Mahler 5", requirements=[(silence, 2, 0.9), (applause, 0, 0.2)]
    )
    factories.activity(org, "Listening club", days_ahead=2, requirements=[(silence, 1, 0.3)])

    response = participant_client.get(activity_url(mahler))

    fit = response.context["fit"]
    assert fit.fit is Fit.PREPARE_FIRST
    assert [(r.practice, r.situation) for r in fit.reasons] == [
        ("Listening in silence", "prepare"),
        ("Applauding at the right moment", "unknown_open"),
    ]
    page = response.content.decode()
    assert "How it fits you: prepare first" in page
    assert "The hall listens in complete silence here, and expects you to know how" in page
    assert fit.reasons[1].text == "We don't know yet whether you've done this — newcomers welcome"
    journey = reverse("journey", kwargs={"org": org.slug}) + f"?activity={mahler.pk}"
    assert f'href="{journey}"' in page
    assert "How to get there" in page


def test_no_journey_link_when_the_activity_fits(participant_client, org, participant, silence):
    factories.competence(participant, silence, 3)
    mahler = factories.activity(org, "Mahler 5", requirements=[(silence, 2, 0.9)])
    response = participant_client.get(activity_url(mahler))
    assert response.context["fit"].fit is Fit.RIGHT_FOR_YOU
    page = response.content.decode()
    assert "How to get there" not in page
    assert "You’ll listen in silence for about 40 minutes — you’ve done this before" in page


def test_an_activity_without_practices_suits_everyone(participant_client, org):
    open_day = factories.activity(org, "Open day")
    response = participant_client.get(activity_url(open_day))
    assert response.context["fit"].fit is Fit.RIGHT_FOR_YOU
    assert "suits you as you are" in response.content.decode()


def test_anonymous_visitors_get_labels_but_no_fit(client, org, silence):
    mahler = factories.activity(org, "Mahler 5", requirements=[(silence, 2, 0.9)])
    for url in (season_url(org), activity_url(mahler)):
        page = client.get(url).content.decode()
        assert "For regulars and experts" in page
        assert "badge fit-" not in page
        assert "How it fits you" not in page


def test_a_full_or_cancelled_activity_says_so_and_no_fit_invites_booking(
    participant_client, org, participant, silence
):
    from overture.audience import services as audience
    from overture.season.models import Activity

    full = factories.activity(org, "Sold out", capacity=1, requirements=[(silence, 0, 0.1)])
    audience.register(factories.participant(org, name="Early Bird", username="early"), full.pk)
    cancelled = factories.activity(
        org, "Called off", status=Activity.Status.CANCELLED, requirements=[(silence, 0, 0.1)]
    )
    open_one = factories.activity(org, "Still open", requirements=[(silence, 0, 0.1)])

    page = participant_client.get(season_url(org)).content.decode()
    cards = {
        a: page.split(f">{a}</a>")[1].split("</li>")[0]
        for a in [full.title, cancelled.title, open_one.title]
    }
    assert "Full" in cards["Sold out"] and "For you:" not in cards["Sold out"]
    assert "Cancelled" in cards["Called off"] and "For you:" not in cards["Called off"]
    assert "For you:" in cards["Still open"]
    for activity, status in [(full, "Full"), (cancelled, "Cancelled")]:
        detail = participant_client.get(activity_url(activity)).content.decode()
        assert status in detail
        assert "For you:" not in detail  # the badge; how it fits stays below as information


def test_no_journey_link_when_nothing_in_the_season_leads_there(
    participant_client, org, participant, silence
):
    factories.competence(participant, silence, 0)
    mahler = factories.activity(org, "Mahler 5", requirements=[(silence, 2, 0.9)])
    # Too late to help, and one that builds nothing the concert asks.
    factories.activity(org, "After the concert", days_ahead=9, requirements=[(silence, 1, 0.3)])
    factories.activity(org, "Open day", days_ahead=2, requirements=[])

    response = participant_client.get(activity_url(mahler))

    assert response.context["fit"].fit is Fit.PREPARE_FIRST
    assert response.context["fit"].way_there is False
    assert "How to get there" not in response.content.decode()


def test_the_fit_and_the_organisations_label_never_look_alike_or_say_the_same(client, org):
    practice = factories.practice(org, "Listening in silence")
    welcoming = factories.activity(org, "Open rehearsal", requirements=[(practice, 0, 0.2)])
    demanding = factories.activity(org, "Late concert", requirements=[(practice, 3, 0.9)])
    first_step = signposts(welcoming, Fit.GOOD_FIRST_STEP)
    assert first_step["fit"] is Fit.GOOD_FIRST_STEP and first_step["label"] is None
    right = signposts(welcoming, Fit.RIGHT_FOR_YOU)
    assert right["label"] == "Newcomers welcome"
    assert right["fit_class"] != right["label_class"]
    prepare = signposts(demanding, Fit.PREPARE_FIRST)
    assert prepare["label"] == "For regulars and experts"
    assert signposts(welcoming, None) == {
        "fit": None,
        "fit_class": "",
        "label": "Newcomers welcome",
        "label_class": "label-ideal",
    }
