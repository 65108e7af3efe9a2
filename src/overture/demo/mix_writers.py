"""Rows for the demo's audience mix: advice rules, Sam's place, and confirmed zonings.

These go through the mix app's own services, as staff would use them, so the demo shows
exactly what the site computes.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from overture.audience.models import NormsPreference, Participant, Registration
from overture.mix.defaults import ensure_default_rules
from overture.mix.models import AdviceRule, ZoneAllocation
from overture.mix.services import confirm_zoning, run_zoning
from overture.organisations.models import Organisation
from overture.season.models import Activity

from .mix import MixPlan
from .organisation import NEWCOMER, STAFF
from .writers import DemoPlan

ZONED_BY = STAFF[1][0]  # the learning and participation team works out the zones


def write_mix(org: Organisation, plan: DemoPlan, activity_ids: list[int], report: dict) -> None:
    ensure_default_rules(org)
    rules = AdviceRule.objects.filter(organisation=org).count()
    mix = plan.mix
    if mix is None:
        report.update(rows=0, detail=f"{rules} advice rules")
        return
    booked = _book_newcomer(org, plan, activity_ids)
    staff = get_user_model().objects.get(username=ZONED_BY)
    runs = [
        confirm_zoning(run_zoning(activity, staff), staff)
        for activity in _still_open(mix, activity_ids)
    ]
    seated = ZoneAllocation.objects.filter(run__in=runs).count()
    report.update(
        rows=rules + booked + len(runs) + seated,  # a zoning is one run row and its seats
        detail=f"{rules} advice rules, {len(runs)} confirmed zonings ({seated:,} seated)",
    )


def _still_open(mix: MixPlan, activity_ids: list[int]) -> list[Activity]:
    """The planned zonings' activities, but for those already over by the clock (a demo made
    for a day long past), whose zones the site no longer works out."""
    activities = Activity.objects.filter(
        pk__in=[activity_ids[index] for index in mix.zonings], ends_at__gt=timezone.now()
    ).in_bulk()
    return [activities[pk] for index in mix.zonings if (pk := activity_ids[index]) in activities]


def _book_newcomer(org: Organisation, plan: DemoPlan, activity_ids: list[int]) -> int:
    """Sam's first concert, asking for relaxed norms; the plan chose one with a place left."""
    index = plan.mix.newcomer_booking if plan.mix else None
    if index is None:
        return 0
    sam = Participant.objects.get(organisation=org, user__username=NEWCOMER[0])
    Registration.objects.create(
        participant=sam, activity_id=activity_ids[index], norms_preference=NormsPreference.RELAXED
    )
    Activity.objects.filter(pk=activity_ids[index]).update(places_taken=F("places_taken") + 1)
    return 1
