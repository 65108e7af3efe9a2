"""What participants are told about their zone: seated, left without one, or not zoned yet."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overture.audience import services as audience
from overture.audience.forms import zone_choice_label
from overture.audience.models import Registration
from overture.mix import services
from overture.mix.models import ZoneAllocation, ZoningRun
from overture.mix.selectors_zones import confirmed_zones, zone_places
from overture.season.forms import ZONE_STRICTNESS_CHOICES
from overture.season.models import Zone
from tests import factories
from tests.mix.test_activity_mix import registrant, strict_concert

NOT_YET = "Your zone will be confirmed before the day."
NO_SEAT = "We could not seat you in a zone"
ON_THE_DAY = "Front of house will find you a place on the day."


def zoned(activity) -> ZoningRun:
    """Zones worked out and confirmed by staff, as through the staff page."""
    return services.confirm_zoning(services.run_zoning(activity, None), None)


def page_of(client, activity) -> str:
    address = reverse("activity", kwargs={"org": activity.organisation.slug, "pk": activity.pk})
    return " ".join(client.get(address).content.decode().split())


def my_activities(client, org) -> str:
    address = reverse("my_activities", kwargs={"org": org.slug})
    return " ".join(client.get(address).content.decode().split())


@pytest.fixture
def stalls_for_one(org):
    """A concert whose only zone has a single seat."""
    return strict_concert(org, zones=[("Stalls", 1, 1.0)])


# ---- Cancelling gives the zone back ----


def test_a_cancelled_place_keeps_no_zone_and_coming_back_gets_none_until_zoned_again(
    org, participant, stalls_for_one
):
    concert = stalls_for_one
    place = audience.register(participant, concert.pk)
    run = zoned(concert)
    assert confirmed_zones([place.pk])[place.pk].name == "Stalls"

    audience.cancel_registration(participant, concert.pk)

    assert confirmed_zones([place.pk]) == {}
    assert not ZoneAllocation.objects.filter(run=run, registration=place).exists()

    again = audience.register(participant, concert.pk)
    assert again.pk == place.pk  # the same row comes back
    assert confirmed_zones([again.pk]) == {}
    assert zone_places([again.pk])[again.pk].pending


def test_a_zone_of_a_cancelled_registration_is_never_shown_whatever_wrote_it(
    org, participant, stalls_for_one
):
    place = audience.register(participant, stalls_for_one.pk)
    zoned(stalls_for_one)
    Registration.objects.filter(pk=place.pk).update(status=Registration.Status.CANCELLED)

    assert confirmed_zones([place.pk]) == {}
    assert zone_places([place.pk]) == {}


def test_cancelling_leaves_superseded_zonings_as_the_record_of_what_was_proposed(
    org, participant, stalls_for_one
):
    place = audience.register(participant, stalls_for_one.pk)
    old = zoned(stalls_for_one)
    newer = services.run_zoning(stalls_for_one, None)
    services.confirm_zoning(newer, None)
    old.refresh_from_db()
    assert old.status == ZoningRun.Status.SUPERSEDED

    audience.cancel_registration(participant, stalls_for_one.pk)

    assert ZoneAllocation.objects.filter(run=old, registration=place).exists()
    assert not ZoneAllocation.objects.filter(run=newer, registration=place).exists()


def test_cancelling_takes_the_place_off_the_zonings_unseated_list(org, stalls_for_one):
    first = registrant(org, stalls_for_one, "First", 3)
    second = registrant(org, stalls_for_one, "Second", 3)
    run = zoned(stalls_for_one)
    [left_out] = [item["registration"] for item in run.unseated]
    person = (first if left_out == first.pk else second).participant

    audience.cancel_registration(person, stalls_for_one.pk)

    run.refresh_from_db()
    assert run.unseated == []
    again = audience.register(person, stalls_for_one.pk)
    assert zone_places([again.pk])[again.pk].pending


# ---- The three states, in words ----


def test_someone_left_without_a_zone_is_told_why_and_what_happens_on_the_day(
    client, org, stalls_for_one
):
    people = [registrant(org, stalls_for_one, name, 3) for name in ("First", "Second")]
    run = zoned(stalls_for_one)
    [item] = run.unseated
    left_out = next(p for p in people if p.pk == item["registration"])
    seated = next(p for p in people if p is not left_out)

    place = zone_places([left_out.pk])[left_out.pk]
    assert place.unseated and place.unseated_reason == item["reason"]
    client.force_login(left_out.participant.user)
    for page in (page_of(client, stalls_for_one), my_activities(client, org)):
        assert f"{NO_SEAT}: {item['reason']}. {ON_THE_DAY}" in page
        assert NOT_YET not in page and "Your zone:" not in page

    client.force_login(seated.participant.user)
    for page in (page_of(client, stalls_for_one), my_activities(client, org)):
        assert "Your zone: Stalls" in page
        assert NO_SEAT not in page and NOT_YET not in page


def test_someone_who_registered_after_the_zones_were_confirmed_is_told_it_is_coming(
    client, org, participant, stalls_for_one
):
    registrant(org, stalls_for_one, "Early", 3)
    zoned(stalls_for_one)
    late = audience.register(participant, stalls_for_one.pk)

    assert zone_places([late.pk])[late.pk].pending
    client.force_login(participant.user)
    for page in (page_of(client, stalls_for_one), my_activities(client, org)):
        assert NOT_YET in page
        assert NO_SEAT not in page and "Your zone:" not in page


def test_before_any_zoning_is_confirmed_zones_are_announced_and_without_zones_nothing_is(
    client, org, participant, stalls_for_one
):
    audience.register(participant, stalls_for_one.pk)
    plain = factories.activity(org, "Open rehearsal", days_ahead=9)
    audience.register(participant, plain.pk)
    client.force_login(participant.user)

    assert NOT_YET in page_of(client, stalls_for_one)
    assert NOT_YET not in page_of(client, plain)
    assert my_activities(client, org).count(NOT_YET) == 1


def test_my_activities_reads_every_state_in_a_fixed_number_of_queries(client, org, participant):
    client.force_login(participant.user)

    def coming_up(count: int) -> None:
        for i in range(count):
            concert = strict_concert(org, zones=[("Stalls", 1, 1.0)])
            registrant(org, concert, f"Early {concert.pk}", 3)
            audience.register(participant, concert.pk)
            if i % 3:
                zoned(concert)  # some seat Sam, some leave Sam out
        factories.activity(org, "Without zones", days_ahead=20 + count)

    coming_up(1)
    with CaptureQueriesContext(connection) as one:
        my_activities(client, org)
    coming_up(6)
    with CaptureQueriesContext(connection) as seven:
        page = my_activities(client, org)

    assert len(seven) == len(one)
    told = page.count("Your zone: Stalls") + page.count(NO_SEAT) + page.count(NOT_YET)
    assert told == 7


# ---- One word for how strictly a zone keeps the norms ----


@pytest.mark.parametrize(
    ("strictness", "word"),
    [
        (1.0, "Traditional"),
        (0.85, "Traditional"),
        (0.7, "Mostly kept"),
        (0.5, "Mostly kept"),
        (0.49, "Relaxed"),
        (0.3, "Relaxed"),
        (0.15, "Relaxed"),
        (0.1, "Anything goes"),
        (0.0, "Anything goes"),
    ],
)
def test_a_zone_is_described_by_one_word_for_how_it_keeps_the_norms(strictness, word):
    zone = Zone(name="Circle", capacity=10, norms="Some talking", strictness=strictness)
    assert zone.keeps_word == word
    assert zone.is_relaxed == (strictness < 0.5)
    assert zone_choice_label(zone) == f"Circle ({word.lower()}): Some talking"


def test_the_staff_choices_use_the_same_words_participants_see():
    for value, label in ZONE_STRICTNESS_CHOICES:
        word = Zone(strictness=value).keeps_word
        assert label.startswith(word), (value, label)


def test_a_mostly_kept_zone_is_called_so_on_the_activity_page(client, org, participant):
    concert = strict_concert(org, zones=[("Circle", 10, 0.7)])
    client.force_login(participant.user)
    audience.register(participant, concert.pk)
    zoned(concert)

    page = page_of(client, concert)

    assert '<span class="tag zone-keeps">Mostly kept</span>' in page
    assert "Traditional" not in page
