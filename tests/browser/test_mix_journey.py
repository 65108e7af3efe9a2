"""Staff see a mixed audience, work out zones and confirm them; a participant sees their zone."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from overture.mix.models import AdviceRule, Variable, ZoningRun
from tests.mix.test_activity_mix import RELAXED, mixed_audience, registrant, strict_concert


def conflict_change(text: str) -> tuple[float, float]:
    before, after = re.search(r"Expected conflict (\d\.\d\d) → (\d\.\d\d)", text).groups()
    return float(before), float(after)


def test_staff_zone_a_mixed_audience_and_the_participant_sees_their_zone(
    open_as, org, staff_user, transactional_db
):
    concert = strict_concert(org, zones=[("Quiet stalls", 8, 1.0), ("Relaxed circle", 8, 0.2)])
    mixed_audience(org, concert, newcomers=6, experts=6)
    sam = registrant(org, concert, "Sam Newcomer", 0, preference=RELAXED).participant
    AdviceRule.objects.create(
        organisation=org,
        name="Open the relaxed area",
        variable=Variable.HETEROGENEITY_CONFLICT,
        when_figure="conflict",
        when_comparison=">=",
        when_value=0.3,
        advice="{relaxed share} would like it relaxed: open {relaxed zone} to them.",
        weight=10,
    )

    # Staff find the audience mix from the activity list.
    staff = open_as(staff_user, width=1100)
    staff.goto(reverse("staff_activities", kwargs={"org": org.slug}))
    staff.get_by_role("link", name="Audience mix of Mahler 5").click()
    expect(staff.get_by_role("heading", name="Audience mix of “Mahler 5”")).to_be_visible()
    expect(staff.get_by_role("img", name=re.compile("Registrants by level"))).to_be_visible()
    conflict_card = staff.locator("#index-conflict")
    expect(conflict_card.get_by_role("heading", name="Heterogeneity conflict")).to_be_visible()
    expect(
        conflict_card.get_by_text("7 would like it relaxed, 6 quiet and traditional")
    ).to_be_visible()
    advice = staff.locator("#advice")
    expect(
        advice.get_by_text("54 % would like it relaxed: open Relaxed circle to them.")
    ).to_be_visible()

    # They work out zones: conflict falls, everyone is seated, nobody sees it yet.
    staff.get_by_role("button", name="Work out zones").click()
    proposal = staff.locator("article", has=staff.get_by_role("heading", name="Proposed zones"))
    expect(proposal).to_be_visible()
    before, after = conflict_change(proposal.inner_text())
    assert after < before
    expect(proposal.get_by_text("13 of 13 registrants seated")).to_be_visible()
    expect(staff.get_by_role("status")).to_contain_text("Zones worked out")

    # They confirm; the participant then sees their zone and its norms.
    proposal.get_by_role("button", name="Confirm zones").click()
    expect(staff.get_by_role("heading", name="Confirmed zones")).to_be_visible()
    expect(staff.get_by_role("button", name="Confirm zones")).to_have_count(0)
    assert ZoningRun.objects.get().status == ZoningRun.Status.CONFIRMED

    participant = open_as(sam.user)
    participant.goto(reverse("activity", kwargs={"org": org.slug, "pk": concert.pk}))
    expect(participant.get_by_text("Your zone: Relaxed circle")).to_be_visible()
    expect(participant.get_by_text("Moving and talking welcome").first).to_be_visible()
