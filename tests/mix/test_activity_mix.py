"""The staff audience mix page of one activity: levels, the four indices, zones and advice."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overture.audience.models import Competence, NormsPreference, Registration
from overture.audience.services import register
from overture.buddies import services as buddy_services
from overture.engines.mix.advice import Condition
from overture.mix import figures, services
from overture.mix.models import AdviceRule, Variable
from overture.season.models import Activity, Format, Zone
from tests import factories

OBSERVED = Competence.Source.OBSERVED
RELAXED, TRADITIONAL = NormsPreference.RELAXED, NormsPreference.TRADITIONAL


# ---- Builders (also used by the zoning tests) ----


def strict_concert(org, *, capacity: int = 100, zones=()) -> Activity:
    """A symphony concert kept strictly, with zones given as (name, places, strictness)."""
    listening = factories.practice(org, name="Listening in silence", strictness=0.9)
    applause = factories.practice(org, name="Applauding at the right moment")
    concert = factories.activity(
        org,
        "Mahler 5",
        capacity=capacity,
        format=Format.SYMPHONY_CONCERT,
        requirements=[(listening, 2, 0.9), (applause, 1, 0.5)],
    )
    for name, places, strictness in zones:
        Zone.objects.create(
            activity=concert,
            name=name,
            capacity=places,
            strictness=strictness,
            norms="Moving and talking welcome" if strictness < 0.5 else "Quiet, as in the hall",
        )
    return concert


def registrant(
    org, activity, name: str, level: int | None, *, preference=NormsPreference.NONE, party=""
) -> Registration:
    """A confirmed registrant at `level` (observed) in every practice; None: not known yet."""
    person = factories.participant(org, name=name)
    if level is not None:
        for requirement in activity.requirements.all():
            factories.competence(person, requirement.practice, level, OBSERVED)
    registration = register(person, activity.pk)
    Registration.objects.filter(pk=registration.pk).update(norms_preference=preference, party=party)
    registration.refresh_from_db()
    return registration


def mixed_audience(org, activity, newcomers: int = 6, experts: int = 6) -> list[Registration]:
    """Newcomers who would like it relaxed and experts who would like it traditional."""
    people = [
        registrant(org, activity, f"Newcomer {i}", 0 if i % 2 else None, preference=RELAXED)
        for i in range(newcomers)
    ]
    people += [
        registrant(org, activity, f"Expert {i}", 3, preference=TRADITIONAL) for i in range(experts)
    ]
    return people


def mix_url(activity: Activity, name: str = "staff_activity_mix", **extra) -> str:
    return reverse(name, kwargs={"org": activity.organisation.slug, "pk": activity.pk, **extra})


def text_of(response) -> str:
    """The page's text with tags dropped and spaces collapsed, as a reader gets it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# ---- The page ----


def test_the_page_shows_levels_indices_and_advice_for_a_mixed_audience(staff_client, org):
    concert = strict_concert(org, zones=[("Stalls", 20, 1.0), ("Relaxed circle", 20, 0.2)])
    mixed_audience(org, concert)
    AdviceRule.objects.create(
        organisation=org,
        name="Seat the relaxed apart",
        variable=Variable.HETEROGENEITY_CONFLICT,
        when_figure="conflict",
        when_comparison=">=",
        when_value=0.3,
        and_figure="relaxed_share",
        and_comparison=">=",
        and_value=0.2,
        advice="Conflict is {conflict} and {relaxed share} would like it relaxed: "
        "seat them in {relaxed zone}.",
        weight=9,
    )
    AdviceRule.objects.create(
        organisation=org,
        name="Too quiet to matter",
        variable=Variable.SIGNPOSTING,
        when_figure="registrants",
        when_comparison=">=",
        when_value=1000,
        advice="Very many people.",
    )
    AdviceRule.objects.create(
        organisation=org,
        name="Switched off",
        variable=Variable.ROLE_RIGIDITY,
        when_figure="rigidity",
        when_comparison=">=",
        when_value=0,
        advice="Never shown.",
        active=False,
    )

    response = staff_client.get(mix_url(concert))

    assert response.status_code == 200
    mix = response.context["mix"]
    assert mix.registrants == 12
    page = text_of(response)
    for heading in (
        "Role rigidity",
        "Heterogeneity conflict",
        "Participation access",
        "Signposting",
    ):
        assert heading in page
    conflict = mix.figures["conflict"]
    assert conflict > 0.3
    assert (
        f"Conflict is {conflict:.2f} and 50 % would like it relaxed: seat them in Relaxed circle."
        in page
    )
    assert "Heterogeneity conflict" in page  # the advice names its variable
    names = [item.advice.name for item in mix.advice]
    assert "Seat the relaxed apart" in names
    assert "Too quiet to matter" not in names and "Switched off" not in names
    assert "Never shown." not in page
    # The numbers behind the advice and the indices.
    assert "Share of registrants who would like it relaxed" in page
    assert "6 would like it relaxed, 6 quiet and traditional" in page
    assert (
        "Listening in silence: regular level asked; the room expects this to be followed closely"
        in page
    )
    assert "Listening in silence 0.90" in page  # behind “How is this worked out?”
    # Who is coming: the chart has a text alternative and the table the same numbers.
    assert "<svg" in response.content.decode()
    assert (
        "Listening in silence: newcomer 3, novice 0, regular 0 (the level asked), expert 6, "
        "not yet known 3." in page
    )
    assert "Registrants by level (12 confirmed)" in page
    # Zones with their norms, and the way to work them out.
    assert "Relaxed circle" in page and "Moving and talking welcome" in page
    assert "Work out zones" in page


def test_advice_is_ranked_most_pressing_first(staff_client, org):
    concert = strict_concert(org)
    mixed_audience(org, concert)
    AdviceRule.objects.filter(organisation=org).delete()
    for name, weight in (("Light", 2), ("Heavy", 9)):
        AdviceRule.objects.create(
            organisation=org,
            name=name,
            variable=Variable.HETEROGENEITY_CONFLICT,
            when_figure="conflict",
            when_comparison=">=",
            when_value=0.1,
            advice=f"{name}: conflict {{conflict}}.",
            weight=weight,
        )
    mix = staff_client.get(mix_url(concert)).context["mix"]
    assert [item.advice.name for item in mix.advice] == ["Heavy", "Light"]


def test_rules_staff_delete_stay_deleted(staff_client, org):
    concert = strict_concert(org)
    mixed_audience(org, concert)
    assert staff_client.get(mix_url(concert)).context["mix"].advice, "the defaults advise"
    AdviceRule.objects.filter(organisation=org).delete()

    response = staff_client.get(mix_url(concert))

    assert response.status_code == 200
    assert not AdviceRule.objects.filter(organisation=org).exists()
    assert not response.context["mix"].advice


def test_without_practices_or_registrants_the_page_explains_what_to_do(staff_client, org):
    bare = factories.activity(org, "Open day", format=Format.OPEN_REHEARSAL)

    response = staff_client.get(mix_url(bare))

    assert response.status_code == 200
    page = text_of(response)
    edit = reverse("staff_activity_edit", kwargs={"org": org.slug, "pk": bare.pk})
    assert "involves no practice yet" in page
    assert "This activity has no zones yet" in page
    assert f'href="{edit}"' in response.content.decode()
    assert "The four variables" in page  # indices still shown
    mix = response.context["mix"]
    assert mix.figures["registrants"] == 0 and mix.figures["clarity"] is None
    assert mix.split is None and mix.proposal is None


def test_with_practices_but_nobody_registered_yet(staff_client, org):
    concert = strict_concert(org, zones=[("Stalls", 10, 1.0)])

    response = staff_client.get(mix_url(concert))

    page = text_of(response)
    assert "Nobody has a confirmed registration yet" in page
    assert "Not known yet" in page  # signposting clarity with nobody to signpost
    assert 'disabled aria-describedby="zoning-nobody"' in response.content.decode()


def test_a_zoning_shows_conflict_before_and_after_and_warns_after_changes(staff_client, org):
    concert = strict_concert(org, zones=[("Stalls", 6, 1.0), ("Relaxed circle", 6, 0.2)])
    mixed_audience(org, concert)
    run = services.run_zoning(concert, None)

    page = text_of(staff_client.get(mix_url(concert)))
    assert f"Expected conflict {run.conflict_before:.2f} → {run.conflict_after:.2f}" in page
    assert "Proposed zones" in page and "Confirm zones" in page
    assert "12 of 12 registrants seated" in page
    assert "changed since" not in page

    registrant(org, concert, "Late booker", 1)
    page = text_of(staff_client.get(mix_url(concert)))
    assert "1 registration changed since this was worked out" in page


def test_a_split_is_suggested_with_sizes_and_the_conflict_it_takes_away(staff_client, org):
    concert = strict_concert(org)
    mixed_audience(org, concert, newcomers=8, experts=8)

    response = staff_client.get(mix_url(concert))

    split = response.context["mix"].split
    assert split is not None and split.reduction > 0
    assert split.relaxed + split.traditional == 16
    page = text_of(response)
    assert f"from {split.conflict_before:.2f} to {split.conflict_after:.2f}" in page


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_audience(staff_client, org):
    def queries_for(count: int) -> int:
        concert = strict_concert(org, zones=[("Stalls", count, 1.0), ("Relaxed circle", 2, 0.2)])
        mixed_audience(org, concert, newcomers=count, experts=count)
        services.run_zoning(concert, None)  # some are left without a seat
        registrant(org, concert, f"Late {count}", 2)
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(mix_url(concert))
        assert response.status_code == 200
        assert response.context["mix"].proposal.unseated
        return len(captured)

    assert queries_for(3) == queries_for(30)


# ---- Access ----


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    concert = strict_concert(org, zones=[("Stalls", 10, 1.0)])
    for url in (mix_url(concert), mix_url(concert, "staff_activity_zoning")):
        response = client.get(url) if url == mix_url(concert) else client.post(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_participants_are_refused(participant_client, org):
    concert = strict_concert(org, zones=[("Stalls", 10, 1.0)])
    assert participant_client.get(mix_url(concert)).status_code == 403
    assert participant_client.post(mix_url(concert, "staff_activity_zoning")).status_code == 403


def test_another_organisations_activity_is_not_found(staff_client, org, other_org):
    theirs = strict_concert(other_org, zones=[("Stalls", 10, 1.0)])
    mixed_audience(other_org, theirs, 1, 1)
    run = services.run_zoning(theirs, None)
    kwargs = {"org": org.slug, "pk": theirs.pk}
    assert staff_client.get(reverse("staff_activity_mix", kwargs=kwargs)).status_code == 404
    assert staff_client.post(reverse("staff_activity_zoning", kwargs=kwargs)).status_code == 404
    confirm = reverse("staff_zoning_confirm", kwargs={**kwargs, "run": run.pk})
    assert staff_client.post(confirm).status_code == 404


def test_zoning_and_confirming_take_posts_only(staff_client, org):
    concert = strict_concert(org, zones=[("Stalls", 10, 1.0)])
    mixed_audience(org, concert, 1, 1)
    run = services.run_zoning(concert, None)
    assert staff_client.get(mix_url(concert, "staff_activity_zoning")).status_code == 405
    assert staff_client.get(mix_url(concert, "staff_zoning_confirm", run=run.pk)).status_code == 405
    assert staff_client.post(mix_url(concert)).status_code == 405


# ---- Figures, for the page and the season ----


def test_figures_name_the_numbers_advice_rules_use(org):
    concert = strict_concert(org, capacity=10, zones=[("Stalls", 5, 1.0), ("Garden", 5, 0.1)])
    registrant(org, concert, "Ann", 0, preference=RELAXED)
    registrant(org, concert, "Ben", None)
    registrant(org, concert, "Cat", 3, preference=TRADITIONAL)
    dan = registrant(org, concert, "Dan", 2)
    listening = concert.requirements.get(practice__name="Listening in silence").practice
    buddy = buddy_services.volunteer(
        dan.participant,
        practice_ids=[listening.pk],
        languages=["en"],
        activity_ids=[concert.pk],
        per_activity=2,
    )
    buddy_services.approve(org, buddy.pk, by=None)  # only approved volunteers are matched

    found = figures.activity_figures(concert)

    assert found["registrants"] == 4 and found["capacity"] == 10 and found["fill"] == 0.4
    assert found["strict_practice"] == "Listening in silence" and found["strictness"] == 0.9
    assert found["newcomers"] == 1  # Ann; Ben's level is not known yet, counted apart
    assert found["level_unknown"] == 1
    assert found["newcomer_share"] == 0.25 and found["novice_share"] == 0.25
    assert found["expert_share"] == 0.25
    assert found["relaxed_share"] == 0.25 and found["traditional_share"] == 0.25
    assert found["buddy_places"] == 2 and found["free_buddies"] == 1
    assert found["access"] == 1.0
    assert found["zones"] == 2 and found["relaxed_zone"] == "Garden"
    assert found["conflict_after"] == found["conflict"] and found["zoning_reduction"] == 0.0
    assert 0 <= found["clarity"] <= 1 and 0 <= found["prepare_share"] <= 1
    assert found["days_to_go"] in (6, 7)


def test_an_advice_rule_row_becomes_the_engines_rule(org):
    row = AdviceRule.objects.create(
        organisation=org,
        name="Buddies for newcomers",
        variable=Variable.PARTICIPATION_ACCESS,
        when_figure="newcomer_share",
        when_comparison=">=",
        when_value=0.3,
        and_figure="access",
        and_comparison="<",
        and_value=0.5,
        advice="{newcomers} newcomers, {free buddies} free buddies.",
        weight=7,
    )
    rule = figures.rule_of(row)
    assert rule.conditions == (
        Condition("newcomer_share", ">=", 0.3),
        Condition("access", "<", 0.5),
    )
    assert (rule.key, rule.name, rule.variable, rule.scope, rule.weight) == (
        row.pk,
        "Buddies for newcomers",
        "participation_access",
        "activity",
        7,
    )
    row.and_figure = ""
    assert figures.rule_of(row).conditions == (Condition("newcomer_share", ">=", 0.3),)


@pytest.mark.parametrize("count", [0, 1])
def test_figures_of_an_activity_without_practices(org, count):
    bare = factories.activity(org, "Open day", format=Format.OPEN_REHEARSAL)
    for i in range(count):
        registrant(org, bare, f"Visitor {i}", None)
    found = figures.activity_figures(bare)
    assert found["rigidity"] == 0.0 and found["conflict"] == 0.0
    assert found["strict_practice"] == "" and found["newcomers"] == 0
    assert found["access"] == 1.0


def test_people_left_without_a_seat_are_named_with_the_reason(staff_client, org, monkeypatch):
    from overture.mix import selectors

    monkeypatch.setattr(selectors, "UNSEATED_SHOWN", 2)
    concert = strict_concert(org, zones=[("Stalls", 2, 1.0)])
    people = mixed_audience(org, concert, newcomers=2, experts=3)
    run = services.run_zoning(concert, None)

    page = text_of(staff_client.get(mix_url(concert)))

    assert "2 of 5 registrants seated" in page
    assert "Not seated (3)" in page
    first = next(item for item in run.unseated)
    name = next(r.participant.display_name for r in people if r.pk == first["registration"])
    assert f"{name}: {first['reason']}" in page
    assert "And 1 more, booked later." in page
