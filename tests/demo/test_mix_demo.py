"""The demo shows the audience mix: zones with their norms, registrants' preferences and
parties, mixed audiences at strict concerts, advice rules and confirmed zonings."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from overture.audience.models import Competence, NormsPreference, Registration
from overture.audience.services import PARTY_CODE_ALPHABET
from overture.demo import DEMO_PASSWORD, DEMO_SLUG, delete_demo, generate
from overture.mix.defaults import DEFAULT_RULES
from overture.mix.figures import activity_figures
from overture.mix.models import AdviceRule, ZoneAllocation, ZoningRun
from overture.mix.selectors_zones import confirmed_zones
from overture.season.models import Activity, Format, Requirement, Zone
from tests import factories

SIZE = 300
STRICT = (Format.SYMPHONY_CONCERT, Format.CHAMBER_CONCERT)


@pytest.fixture
def season(db):
    # Today, so that the confirmed zonings are for activities still to come.
    return generate(seed=7, participants=SIZE)


def demo_registrations():
    return Registration.objects.filter(activity__organisation__slug=DEMO_SLUG)


def upcoming_zoned_concerts(org) -> list[Activity]:
    return list(
        Activity.objects.filter(
            organisation=org,
            format__in=STRICT,
            status=Activity.Status.PUBLISHED,
            starts_at__gt=timezone.now(),
            zones__isnull=False,
        )
        .distinct()
        .order_by("starts_at")
    )


def test_zones_keep_their_own_norms(season):
    zones = Zone.objects.filter(activity__organisation=season.organisation)
    strictness = dict(zones.values_list("name", "strictness").distinct())
    assert strictness["Traditional stalls"] == strictness["Traditional seating"] == 1.0
    assert strictness["Relaxed area: moving and talking welcome"] == 0.2
    assert strictness["Chill-out room"] == 0.6
    assert all(0 <= s <= 1 for s in strictness.values())
    for activity in Activity.objects.filter(organisation=season.organisation, zones__isnull=False):
        kept = sorted(activity.zones.values_list("strictness", flat=True))
        assert kept[0] < kept[-1], f"{activity}: its zones should differ in how strict they are"
    assert len(upcoming_zoned_concerts(season.organisation)) >= 4


def test_parties_sit_at_one_activity_and_never_exceed_capacity(season):
    in_parties = demo_registrations().exclude(party="")
    parties = list(
        in_parties.values("party").annotate(
            size=Count("pk"), activities=Count("activity", distinct=True)
        )
    )
    assert parties
    assert all(p["activities"] == 1 for p in parties), "a code stands for one activity"
    assert all(2 <= p["size"] <= 6 for p in parties)
    assert all(
        len(p["party"]) == 6 and set(p["party"]) <= set(PARTY_CODE_ALPHABET) for p in parties
    )
    assert not in_parties.exclude(status=Registration.Status.CONFIRMED).exists()
    confirmed = demo_registrations().filter(status=Registration.Status.CONFIRMED).count()
    assert 0.2 <= in_parties.count() / confirmed <= 0.3
    activities = Activity.objects.filter(organisation=season.organisation).annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed"))
    )
    for activity in activities:
        assert activity.places_taken == activity.confirmed <= activity.capacity


def test_families_come_in_bigger_parties_than_friends(season):
    def party_sizes(family: bool) -> list[int]:
        rows = demo_registrations().exclude(party="")
        rows = (
            rows.filter(activity__format=Format.FAMILY_CONCERT)
            if family
            else rows.exclude(activity__format=Format.FAMILY_CONCERT)
        )
        return list(rows.values("party").annotate(n=Count("pk")).values_list("n", flat=True))

    families, friends = party_sizes(True), party_sizes(False)
    assert families and friends
    assert sum(families) / len(families) > sum(friends) / len(friends)


def key_practice_of(org) -> dict[int, int]:
    """Activity id → the practice it keeps most strictly (ties: the higher level asked)."""
    best: dict[int, tuple[float, int, int]] = {}
    for activity, practice, level, strictness in Requirement.objects.filter(
        activity__organisation=org
    ).values_list("activity_id", "practice_id", "required_level", "strictness"):
        if activity not in best or (strictness, level) > best[activity][:2]:
            best[activity] = (strictness, level, practice)
    return {activity: key[2] for activity, key in best.items()}


def test_experts_lean_traditional_newcomers_relaxed_and_half_say_nothing(season):
    org = season.organisation
    key = key_practice_of(org)
    levels = {
        (person, practice): level
        for person, practice, level in Competence.objects.filter(
            participant__organisation=org, source=Competence.Source.SELF
        ).values_list("participant_id", "practice_id", "level")
    }
    confirmed = demo_registrations().filter(status=Registration.Status.CONFIRMED)
    stated = Counter(confirmed.values_list("norms_preference", flat=True))
    assert 0.4 < stated[NormsPreference.NONE] / sum(stated.values()) < 0.6
    traditional = defaultdict(list)
    for person, activity, preference in confirmed.exclude(
        norms_preference=NormsPreference.NONE
    ).values_list("participant_id", "activity_id", "norms_preference"):
        if (person, key[activity]) in levels:
            level = levels[(person, key[activity])]
            traditional[level].append(preference == NormsPreference.TRADITIONAL)
    share = {level: sum(said) / len(said) for level, said in traditional.items()}
    assert share[0] < 0.5 < share[3]
    assert share[0] < share[1] < share[2] < share[3]
    cancelled = demo_registrations().filter(status=Registration.Status.CANCELLED)
    assert not cancelled.exclude(norms_preference=NormsPreference.NONE).exists()


def test_zone_wishes_are_for_the_activitys_own_zones_and_mostly_suit_the_preference(season):
    wishes = demo_registrations().filter(zone_preference__isnull=False)
    assert wishes.exists()
    assert not wishes.exclude(zone_preference__activity=F("activity")).exists()
    least_strict = dict(
        Zone.objects.filter(activity__organisation=season.organisation)
        .values("activity")
        .annotate(least=Min("strictness"))
        .values_list("activity", "least")
    )
    suits = [
        (preference == NormsPreference.RELAXED) == (strictness == least_strict[activity])
        for activity, preference, strictness in wishes.exclude(
            norms_preference=NormsPreference.NONE
        ).values_list("activity_id", "norms_preference", "zone_preference__strictness")
    ]
    assert sum(suits) / len(suits) > 0.7


def test_strict_concerts_draw_both_mixed_and_traditional_crowds(season):
    figures = [activity_figures(a) for a in upcoming_zoned_concerts(season.organisation)]
    novices = [f["novice_share"] for f in figures]
    widest, narrowest = figures[novices.index(max(novices))], figures[novices.index(min(novices))]
    assert widest["novice_share"] - narrowest["novice_share"] > 0.2
    assert widest["expert_share"] > 0.05, "newcomers and experts in the same hall"
    assert widest["relaxed_share"] > narrowest["relaxed_share"]


def test_the_demo_organisation_has_the_default_advice_rules(season):
    rules = AdviceRule.objects.filter(organisation=season.organisation)
    assert rules.count() == len(DEFAULT_RULES)


def test_some_upcoming_zonings_are_confirmed_within_capacity_and_keep_parties_together(season):
    runs = ZoningRun.objects.filter(
        activity__organisation=season.organisation, status=ZoningRun.Status.CONFIRMED
    ).select_related("activity")
    assert runs.count() >= 2
    for run in runs:
        assert run.activity.starts_at > timezone.now()
        assert run.conflict_after <= run.conflict_before
        allocations = ZoneAllocation.objects.filter(run=run)
        assert allocations.count() == run.seated > 0
        for zone, seated in Counter(allocations.values_list("zone", flat=True)).items():
            assert seated <= Zone.objects.get(pk=zone).capacity
        zones_per_party = (
            allocations.exclude(registration__party="")
            .values("registration__party")
            .annotate(zones=Count("zone", distinct=True))
        )
        assert all(p["zones"] == 1 for p in zones_per_party)


def test_the_audience_mix_phase_counts_the_rows_it_wrote(season):
    org = season.organisation
    runs = ZoningRun.objects.filter(activity__organisation=org)
    written = (
        AdviceRule.objects.filter(organisation=org).count()
        + demo_registrations().filter(participant__user__username="sam").count()
        + runs.count()
        + ZoneAllocation.objects.filter(run__in=runs).count()
    )
    [phase] = [phase for phase in season.phases if phase.name == "audience mix"]
    assert phase.rows == written


def test_sam_sees_his_zone_on_my_activities(season, client):
    (booking,) = Registration.objects.filter(
        participant__user__username="sam", status=Registration.Status.CONFIRMED
    ).select_related("activity")
    assert booking.activity.format in STRICT
    zone = confirmed_zones([booking.pk])[booking.pk]
    assert zone.is_relaxed, "Sam asked for relaxed norms"
    assert factories.log_in(client, "sam", DEMO_PASSWORD)
    page = client.get(reverse("my_activities", kwargs={"org": DEMO_SLUG}))
    assert page.status_code == 200
    assert f"Your zone: {escape(zone.name)}" in page.content.decode()


def mix_snapshot() -> list[tuple]:
    return sorted(
        demo_registrations().values_list(
            "participant__user__username",
            "activity__title",
            "activity__starts_at",
            "norms_preference",
            "zone_preference__name",
            "party",
        ),
        key=str,
    ) + sorted(
        ZoneAllocation.objects.values_list(
            "registration__participant__user__username", "run__activity__title", "zone__name"
        )
    )


def test_same_seed_same_preferences_parties_and_zonings(db):
    generate(seed=5, participants=150)
    first = mix_snapshot()
    assert delete_demo()
    assert not ZoningRun.objects.exists() and not AdviceRule.objects.exists()
    generate(seed=5, participants=150)
    assert mix_snapshot() == first
