"""Staff figures that mean places count every place of a booking; figures about people don't."""

from __future__ import annotations

import re

from django.urls import reverse

from overture.audience import services as audience_services
from overture.mix import figures, selectors_season
from overture.season.models import Zone
from tests import factories


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_dashboard_counts_places_and_registrations(staff_client, org, participant):
    soon = factories.activity(org, "Soon", capacity=10, days_ahead=3)
    audience_services.register(participant, soon.pk, places=3)
    audience_services.register(factories.participant(org, name="Zoe"), soon.pk)

    response = staff_client.get(reverse("staff_dashboard", kwargs={"org": org.slug}))

    counts = response.context["counts"]
    assert (counts.registrations_next_30_days, counts.places_next_30_days) == (2, 4)
    assert "4 places booked for the next 30 days by 2 registrations" in text_of(response)
    assert "4 of 10" in text_of(response)


def test_the_registrations_list_shows_the_places_of_each_and_in_all(staff_client, org):
    listening = factories.practice(org, "Listening")
    concert = factories.activity(
        org, "Family concert", capacity=20, requirements=[(listening, 0, 0.5)]
    )
    ann, ben, cat = (factories.participant(org, name=n) for n in ("Ann", "Ben", "Cat"))
    audience_services.register(ann, concert.pk, places=4)
    audience_services.register(ben, concert.pk, places=2)
    audience_services.register(cat, concert.pk, places=3)
    audience_services.cancel_registration(cat, concert.pk)

    url = reverse("staff_activity_registrations", kwargs={"org": org.slug, "pk": concert.pk})
    response = staff_client.get(url)

    text = text_of(response)
    assert "6 of 20 places taken" in text
    assert "3 registrations, newest first · 6 places held by the confirmed ones" in text
    assert "Cat Cancelled 3, given back" in text
    assert "Ben Confirmed 2 " in text and "Ann Confirmed 4 " in text
    assert "Places held by confirmed registrations 6" in text
    assert "(2 confirmed registrants; the people they bring are not counted)" in text


def test_the_mix_fills_with_places_but_counts_registrants_as_people(org):
    concert = factories.activity(org, "Open rehearsal", capacity=10)
    audience_services.register(factories.participant(org, name="Ann"), concert.pk, places=3)
    audience_services.register(factories.participant(org, name="Ben"), concert.pk, places=2)

    found = figures.activity_figures(concert)

    assert found["registrants"] == 2 and found["fill"] == 0.5


def test_the_season_heat_map_shows_places_taken_and_by_how_many_people(staff_client, org):
    concert = factories.activity(org, "Open rehearsal", capacity=10)
    audience_services.register(factories.participant(org, name="Ann"), concert.pk, places=3)
    audience_services.register(factories.participant(org, name="Ben"), concert.pk, places=2)

    (row,) = selectors_season.SEASON_MIX.get(org).rows
    assert (row.places_taken, row.registrants, row.capacity) == (5, 2, 10)
    response = staff_client.get(reverse("staff_season_mix", kwargs={"org": org.slug}))
    assert "Places taken" in text_of(response)
    assert "5 of 10, by 2 people" in text_of(response)


def test_the_zoning_says_each_registrant_takes_one_seat(staff_client, org):
    concert = factories.activity(org, "Open rehearsal", capacity=10)
    Zone.objects.create(activity=concert, name="Stalls", capacity=10, norms="Quiet")
    audience_services.register(factories.participant(org, name="Ann"), concert.pk, places=3)

    url = reverse("staff_activity_mix", kwargs={"org": org.slug, "pk": concert.pk})
    text = text_of(staff_client.get(url))

    assert "1 confirmed registrant holding 3 of 10 places" in text
    assert (
        "Zones seat each registrant in one place; 3 places are booked by 1 registrant, so "
        "leave room in each zone for the people they bring." in text
    )
