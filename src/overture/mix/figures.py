"""The figures of an activity's audience mix: fetch its registrants, compute with the engines.

Three small steps, so that one activity and a whole season share them:

- `mix_inputs(activities)` reads what the engines need for any number of activities in a
  fixed number of queries (requirements, zones, registrants with their levels, preferences
  and parties, buddies, the latest zoning runs);
- `compute_mix(inputs)` runs the engines for one activity: the four indices, the conflict
  in detail, each registrant's fit, the split suggestion;
- `figures_of(inputs, results, now)` names the numbers as `overture.engines.mix.advice.FIGURES`
  does, ready for `advise`.

`activity_figures(activity)` does all three for one activity; `rule_of(row)` turns an
AdviceRule row into the engine's `Rule`, and `active_rules(organisation, scope)` loads them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from overture.audience.levels import registrant_levels
from overture.audience.models import NormsPreference, Registration
from overture.buddies.models import Buddy, BuddyPair, BuddyRequest
from overture.engines.mix.advice import FIGURES, Condition, Rule
from overture.engines.mix.conflict import NO_PREFERENCE, RELAXED, TRADITIONAL, Conflict
from overture.engines.mix.indices import (
    Indices,
    activity_indices,
    conflict_risk,
    key_practice,
    key_practice_shares,
)
from overture.engines.mix.splits import Split, suggest_split
from overture.engines.signposting import Activities, Fit, assess
from overture.organisations.models import Organisation
from overture.rows import positions
from overture.season.matrix import FORMAT_CODES
from overture.season.models import Activity, Requirement, Zone

from .models import AdviceRule, ZoningRun

Figures = dict[str, float | int | str | None]

# How the app's stated preferences read in the engines.
PREFERENCE_CODES = {
    NormsPreference.NONE: NO_PREFERENCE,
    NormsPreference.RELAXED: RELAXED,
    NormsPreference.TRADITIONAL: TRADITIONAL,
}
# A separate session only makes sense with enough people in each: at least this many, and
# at least this share of the registrants.
SPLIT_MIN_SESSION = 5
SPLIT_MIN_SHARE = 0.2
UNSETTLED_FITS = (int(Fit.PREPARE_FIRST), int(Fit.STRETCH))


@dataclass(frozen=True, eq=False)
class Audience:
    """An activity's confirmed registrants as the engines see them, one row each."""

    registration_ids: np.ndarray  # (N,) int64, in order of registration
    levels: np.ndarray  # (N, P) int8 over the activity's practices, -1 not known yet
    preference: np.ndarray  # (N,) -1 none, 0 relaxed, 1 traditional
    party: np.ndarray  # (N,) -1 alone, equal ids ≥ 0 sit together
    preferred_zone: np.ndarray  # (N,) index into the activity's zones, -1 none
    places: np.ndarray | None = None  # (N,) places each holds, for them and their party

    @property
    def places_taken(self) -> int:
        return int(self.places.sum()) if self.places is not None else self.count

    @property
    def count(self) -> int:
        return int(self.registration_ids.size)


@dataclass(frozen=True)
class BuddySupply:
    """The buddies who will be at an activity and the requests for one there."""

    attending: int = 0  # active buddies who said they will be there
    buddy_places: int = 0  # newcomers with a buddy there already, plus the places still free
    free_buddies: int = 0  # of the buddies there, those with room left
    unmatched_requests: int = 0  # active requests for the activity without a buddy
    paired: int = 0  # requests for the activity (or season ones meeting there) with a buddy


@dataclass(frozen=True, eq=False)
class MixInputs:
    """Everything the engines need about one activity; requirements give the columns."""

    activity: Activity
    requirements: tuple[Requirement, ...]
    zones: tuple[Zone, ...]
    audience: Audience
    buddies: BuddySupply
    runs: tuple[ZoningRun, ...]  # proposed and confirmed zonings, newest first

    @property
    def practice_names(self) -> list[str]:
        return [r.practice.name for r in self.requirements]

    @property
    def required(self) -> np.ndarray:
        return np.array([r.required_level for r in self.requirements], dtype=np.int64)

    @property
    def strictness(self) -> np.ndarray:
        return np.array([r.strictness for r in self.requirements], dtype=np.float64)

    @property
    def latest_run(self) -> ZoningRun | None:
        return self.runs[0] if self.runs else None


@dataclass(frozen=True, eq=False)
class MixResults:
    """What the engines say about one activity's audience."""

    indices: Indices
    conflict: Conflict  # the conflict index in its three parts
    key: int  # column of the key practice, -1 without practices
    fits: np.ndarray  # (N,) values of Fit, one per registrant
    split: Split | None
    min_session: int


# ---- Fetch ----


def mix_inputs(activities: Sequence[Activity], *, with_runs: bool = True) -> dict[int, MixInputs]:
    """Activity id → its inputs, in seven queries (six without the zoning runs), whatever
    the number of activities and registrants."""
    ids = [a.pk for a in activities]
    if not ids:
        return {}
    requirements = _by_activity(
        Requirement.objects.filter(activity_id__in=ids)
        .select_related("practice")
        # Practice order, as the season matrix has its columns: ties for the key practice
        # then fall the same way on the activity's page and on the season heat map.
        .order_by("activity_id", "practice_id", "pk")
    )
    zones = _by_activity(Zone.objects.filter(activity_id__in=ids).order_by("activity_id", "name"))
    audiences = _audiences(ids, requirements, zones)
    supply = buddy_supply(ids)
    runs: dict[int, list[ZoningRun]] = defaultdict(list)
    if with_runs:
        runs = _by_activity(
            ZoningRun.objects.filter(activity_id__in=ids)
            .exclude(status=ZoningRun.Status.SUPERSEDED)
            .select_related("started_by", "confirmed_by")
            .order_by("activity_id", "-created_at", "-pk")
        )
    return {
        a.pk: MixInputs(
            activity=a,
            requirements=tuple(requirements.get(a.pk, ())),
            zones=tuple(zones.get(a.pk, ())),
            audience=audiences[a.pk],
            buddies=supply.get(a.pk, BuddySupply()),
            runs=tuple(runs.get(a.pk, ())),
        )
        for a in activities
    }


def _by_activity(rows: Iterable) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.activity_id].append(row)
    return grouped


def confirmed_registrations(activity_ids: Sequence[int]):
    return Registration.objects.filter(
        activity_id__in=list(activity_ids), status=Registration.Status.CONFIRMED
    )


def _audiences(
    ids: Sequence[int],
    requirements: Mapping[int, list[Requirement]],
    zones: Mapping[int, list[Zone]],
) -> dict[int, Audience]:
    """Confirmed registrants per activity with their levels (two queries)."""
    rows = list(
        confirmed_registrations(ids)
        .order_by("activity_id", "created_at", "pk")
        .values_list(
            "activity_id",
            "pk",
            "participant_id",
            "norms_preference",
            "zone_preference_id",
            "party",
            "places",
        )
    )
    practice_ids = np.array(
        sorted({r.practice_id for reqs in requirements.values() for r in reqs}), dtype=np.int64
    )
    levels = registrant_levels(confirmed_registrations(ids), [row[2] for row in rows], practice_ids)
    by_activity: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_activity[row[0]].append(index)
    audiences = {}
    for pk in ids:
        mine = by_activity.get(pk, [])
        columns = positions(practice_ids, [r.practice_id for r in requirements.get(pk, [])])
        audiences[pk] = _audience(
            [rows[i][1:] for i in mine], levels[np.ix_(mine, columns)], zones.get(pk, [])
        )
    return audiences


def _audience(rows: Sequence[tuple], levels: np.ndarray, zones: Sequence[Zone]) -> Audience:
    """One activity's registrants (rows without the activity id) and their levels."""
    count = len(rows)
    zone_index = {zone.pk: z for z, zone in enumerate(zones)}
    parties: dict[str, int] = {}
    preference = np.full(count, NO_PREFERENCE, dtype=np.int64)
    party = np.full(count, -1, dtype=np.int64)
    preferred = np.full(count, -1, dtype=np.int64)
    for i, (_, _participant_id, norms, zone_id, code, _places) in enumerate(rows):
        preference[i] = PREFERENCE_CODES.get(norms, NO_PREFERENCE)
        preferred[i] = zone_index.get(zone_id, -1)
        if code:
            party[i] = parties.setdefault(code, len(parties))
    return Audience(
        registration_ids=np.array([row[0] for row in rows], dtype=np.int64),
        levels=levels,
        preference=preference,
        party=party,
        preferred_zone=preferred,
        places=np.array([row[-1] for row in rows], dtype=np.int64),
    )


def buddy_supply(ids: Sequence[int]) -> dict[int, BuddySupply]:
    """Per activity: its buddies, the newcomers they can take there and open requests.

    A newcomer who already has a buddy there (a live pair for a request at the activity, or
    a season request meeting there) holds a place whoever the buddy is; each attending buddy
    adds the places still free, within `per_activity` there and what is left of
    `per_season`. Making a pair therefore never lowers the places of its own activity
    (three queries).
    """
    attending = list(
        # Only volunteers who may be matched: active and approved.
        Buddy.activities.through.objects.filter(
            activity_id__in=list(ids), buddy__active=True, buddy__approved_at__isnull=False
        )
        .order_by()
        .values_list("activity_id", "buddy_id", "buddy__per_activity", "buddy__per_season")
    )
    loads, paired = _pair_loads(ids, {buddy_id for _, buddy_id, _, _ in attending})
    unmatched = dict(
        BuddyRequest.objects.filter(activity_id__in=list(ids), status=BuddyRequest.Status.ACTIVE)
        .exclude(
            Exists(BuddyPair.objects.filter(request=OuterRef("pk"), status__in=BuddyPair.LIVE))
        )
        .order_by()
        .values_list("activity_id")
        .annotate(n=Count("pk"))
    )
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for activity_id, buddy_id, per_activity, per_season in attending:
        load = loads.get(buddy_id, {})
        free = max(min(per_activity - load.get(activity_id, 0), per_season - sum(load.values())), 0)
        total = totals[activity_id]
        total[0] += 1
        total[1] += free
        total[2] += free > 0
    supply = {}
    for pk in ids:
        buddies, free, with_room = totals.get(pk, (0, 0, 0))
        supply[pk] = BuddySupply(
            buddies,
            paired.get(pk, 0) + free,
            with_room,
            unmatched_requests=unmatched.get(pk, 0),
            paired=paired.get(pk, 0),
        )
    return supply


def _pair_loads(
    ids: Sequence[int], buddy_ids: set[int]
) -> tuple[dict[int, dict[int | None, int]], dict[int, int]]:
    """Live pairs of the buddies per meeting activity, and live pairs covering each activity
    (one query)."""
    loads: dict[int, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
    paired: dict[int, int] = defaultdict(int)
    at_these = Q(request__activity_id__in=list(ids)) | Q(
        request__activity__isnull=True, meeting_activity_id__in=list(ids)
    )
    rows = (
        BuddyPair.objects.filter(status__in=BuddyPair.LIVE)
        .filter(Q(buddy_id__in=buddy_ids) | at_these)
        .order_by()
        .values_list("buddy_id", "meeting_activity_id", "request__activity_id", "request__status")
    )
    wanted = set(ids)
    for buddy_id, meeting_id, request_activity_id, request_status in rows:
        if buddy_id in buddy_ids:
            loads[buddy_id][meeting_id] += 1
        covers = request_activity_id or meeting_id
        if covers in wanted and request_status == BuddyRequest.Status.ACTIVE:
            paired[covers] += 1
    return loads, paired


# ---- Compute ----


def min_session(registrants: int) -> int:
    """The fewest people a separate session should have for an audience of this size."""
    return max(SPLIT_MIN_SESSION, math.ceil(SPLIT_MIN_SHARE * registrants))


def registrant_fits(inputs: MixInputs) -> np.ndarray:
    """Each registrant's fit for the activity, as signposting judges it (Fit values)."""
    audience, activity = inputs.audience, inputs.activity
    if audience.count == 0:
        return np.zeros(0, dtype=np.int8)
    matrix = Activities(
        required=inputs.required.reshape(1, -1),
        strictness=inputs.strictness.reshape(1, -1),
        scale=[activity.scale_position],
        starts_at=[int(activity.starts_at.timestamp())],
        places_left=[activity.places_left],
        format=[FORMAT_CODES.get(activity.format, len(FORMAT_CODES))],
    )
    everyone = np.arange(audience.count)
    return assess(audience.levels, matrix, everyone, np.zeros_like(everyone)).fit


def compute_mix(inputs: MixInputs) -> MixResults:
    """The engines' view of one activity's audience."""
    audience = inputs.audience
    required, strictness = inputs.required, inputs.strictness
    fits = registrant_fits(inputs)
    smallest = min_session(audience.count)
    return MixResults(
        indices=activity_indices(
            required,
            strictness,
            audience.levels,
            audience.preference,
            inputs.buddies.buddy_places,
            fits.tolist(),
        ),
        conflict=conflict_risk(audience.levels, strictness, audience.preference),
        key=key_practice(required, strictness),
        fits=fits,
        split=suggest_split(
            audience.levels,
            strictness,
            audience.preference,
            party=audience.party,
            min_session=smallest,
        )
        if audience.count
        else None,
        min_session=smallest,
    )


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def figures_of(inputs: MixInputs, results: MixResults, now: datetime | None = None) -> Figures:
    """The activity's figures under the names advice rules use (see engines.mix.advice.FIGURES).

    Shares are None with nobody registered, so that no rule fires on an empty room.
    """
    now = now or timezone.now()
    activity, audience, indices = inputs.activity, inputs.audience, results.indices
    registrants = audience.count
    key = results.key
    shares = key_practice_shares(audience.levels, key)
    relaxed_zones = sorted((z for z in inputs.zones if z.is_relaxed), key=lambda z: z.strictness)
    run = inputs.latest_run
    conflict_after = run.conflict_after if run else indices.conflict
    split = results.split
    return {
        "rigidity": indices.rigidity,
        "conflict": indices.conflict,
        "access": indices.access,
        "clarity": indices.clarity,
        "registrants": registrants,
        "capacity": activity.capacity,
        # Places, not people: a registration holds the places of its whole party.
        "fill": audience.places_taken / activity.capacity if activity.capacity else None,
        "activity": activity.title,
        "strict_practice": inputs.requirements[key].practice.name if key >= 0 else "",
        "required_level": int(inputs.required[key]) if key >= 0 else None,
        "strictness": float(inputs.strictness[key]) if key >= 0 else 0.0,
        "newcomers": shares["newcomers"],
        "level_unknown": shares["level_unknown"],
        "newcomer_share": shares["newcomer_share"] if registrants else None,
        "novice_share": shares["novice_share"] if registrants else None,
        "expert_share": shares["expert_share"] if registrants else None,
        "relaxed_share": _share(int(np.count_nonzero(audience.preference == RELAXED)), registrants),
        "traditional_share": _share(
            int(np.count_nonzero(audience.preference == TRADITIONAL)), registrants
        ),
        "buddy_places": inputs.buddies.buddy_places,
        "free_buddies": inputs.buddies.free_buddies,
        "unmatched_requests": inputs.buddies.unmatched_requests,
        "zones": len(inputs.zones),
        "relaxed_zone": relaxed_zones[0].name if relaxed_zones else "",
        "conflict_after": conflict_after,
        "zoning_reduction": max(run.conflict_before - run.conflict_after, 0.0) if run else 0.0,
        "split_reduction": split.reduction if split else 0.0,
        "prepare_share": _share(int(np.isin(results.fits, UNSETTLED_FITS).sum()), registrants),
        "days_to_go": (activity.starts_at - now).days,
    }


def activity_figures(activity: Activity, now: datetime | None = None) -> Figures:
    """The figures of one activity, fetched and computed (a fixed number of queries)."""
    inputs = mix_inputs([activity])[activity.pk]
    return figures_of(inputs, compute_mix(inputs), now)


# ---- Advice rules ----


def rule_of(row: AdviceRule) -> Rule:
    """The engine's rule for an AdviceRule row (its second condition only when complete)."""
    conditions = [Condition(row.when_figure, row.when_comparison, row.when_value)]
    if row.and_figure and row.and_comparison and row.and_value is not None:
        conditions.append(Condition(row.and_figure, row.and_comparison, row.and_value))
    return Rule(
        key=row.pk,
        name=row.name,
        variable=row.variable,
        scope=row.scope,
        conditions=tuple(conditions),
        advice=row.advice,
        weight=row.weight,
    )


def active_rules(organisation: Organisation, scope: str) -> list[Rule]:
    """The organisation's active rules of a scope (every organisation starts with the defaults:
    overture.mix.defaults; rules staff delete stay deleted)."""
    rows = AdviceRule.objects.filter(organisation=organisation, active=True, scope=scope)
    return [rule_of(row) for row in rows]


# ---- Words ----


def figure_label(name: str) -> str:
    """The figure's description for staff, or its name when the engine does not know it."""
    figure = FIGURES.get(name)
    return figure.description if figure else name.replace("_", " ")
