"""The demo's audience mix as arrays: how registrants like it, where they would sit, with whom.

- Some upcoming zoned concerts draw a wide mix of newcomers and experts, others the usual
  experienced crowd, so their level mix, stated preferences, buddy cover and what zoning
  gains differ from one concert to the next.
- About half the registrants state how they like it; the more at home they are in the
  activity's strictest practice (and the stricter it is), the likelier "quiet and traditional".
- At zoned activities some ask for a zone, mostly the one that suits their stated preference.
- A quarter or so of the places are booked in parties of 2–6: families at family concerts,
  friends of much the same experience elsewhere. Parties are formed among places already
  taken at an activity, so they never take more places than the activity has.
- Sam, the demo's newcomer, has a place at a zoned concert whose zoning staff have confirmed.

Nothing here touches the database; `mix_writers` turns the plan into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from overture.audience.models import NormsPreference
from overture.audience.services import PARTY_CODE_ALPHABET, PARTY_CODE_LENGTH
from overture.season.models import Activity, Format

from .audience import DAY, AudiencePlan
from .practices import practice_index
from .registrations import RegistrationPlan
from .season import ActivityPlan, is_upcoming_concert

# Selectivity of the upcoming zoned concerts in date order, repeated: a wide mix, the usual
# crowd, a fair mix, and so on.
CONCERT_SELECTIVITY = (0.15, 1.0, 0.35, 0.7)
STATED_SHARE = 0.5
# Log-odds of "quiet and traditional" over "relaxed": level 0–3 in the strictest practice,
# and that practice's strictness around the middle.
TRADITIONAL_BASE, TRADITIONAL_PER_LEVEL, TRADITIONAL_PER_STRICTNESS = -1.8, 1.2, 2.5
ZONE_ASKED_SHARE = 0.45  # of those who stated a preference, at a zoned activity
ZONE_ASKED_UNSTATED_SHARE = 0.08
ZONE_MATCHES_SHARE = 0.85
# (share of an activity's places booked in parties: low, high), party sizes 2–6 and their odds
FRIENDS = ((0.15, 0.3), np.array([0.55, 0.22, 0.13, 0.06, 0.04]))
FAMILIES = ((0.5, 0.7), np.array([0.15, 0.3, 0.3, 0.15, 0.1]))
PARTY_SIZES = np.arange(2, 7)
PARTY_ALPHABET = np.array(list(PARTY_CODE_ALPHABET))
ZONINGS = 3  # upcoming zoned activities whose zoning staff have confirmed
ZONED_FORMATS = (Format.FAMILY_CONCERT, Format.CHAMBER_CONCERT, Format.SYMPHONY_CONCERT)


@dataclass
class MixPlan:
    """Per registration (rows of the RegistrationPlan), and the demo's confirmed zonings."""

    norms_preference: np.ndarray  # NormsPreference values
    zone_preference: np.ndarray  # index into the activity's zones, -1 none
    party: list[str]  # "" alone
    newcomer_booking: int | None  # activity index where Sam has a place
    zonings: list[int] = field(default_factory=list)  # activity indices, in order


def concert_selectivity(season: list[ActivityPlan], now: int) -> np.ndarray:
    """Per activity: 1, but lower for some upcoming zoned concerts, which draw a wider mix."""
    selectivity = np.ones(len(season))
    moment = datetime.fromtimestamp(now, UTC)
    zoned = [i for i, a in enumerate(season) if a.zones and is_upcoming_concert(a, moment)]
    for k, index in enumerate(zoned):
        selectivity[index] = CONCERT_SELECTIVITY[k % len(CONCERT_SELECTIVITY)]
    return selectivity


def plan_mix(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    audience: AudiencePlan,
    registrations: RegistrationPlan,
    *,
    now: int,
    selectivity: np.ndarray,
) -> MixPlan:
    """Preferences and parties for the planned registrations, Sam's place, the zonings."""
    norms = _norms_preferences(rng, season, audience, registrations)
    zones = _zone_preferences(rng, season, registrations, norms)
    party = _parties(rng, season, audience, registrations)
    _share_zone_within_parties(zones, party, registrations)
    taken = registrations.places_taken(len(season))
    booking = _newcomer_booking(season, taken, selectivity, now)
    zonings = _zonings(season, taken, booking, now)
    return MixPlan(norms, zones, _party_codes(rng, party), booking, zonings)


def strictest_practice(activity: ActivityPlan) -> tuple[int, float]:
    """(practice index, strictness) of the requirement kept most strictly.

    Ties go to the higher required level, then to the earlier requirement.
    """
    order = range(len(activity.requirements))
    requirements = activity.requirements
    best = max(order, key=lambda i: (requirements[i].strictness, requirements[i].level, -i))
    return practice_index(requirements[best].practice), requirements[best].strictness


def _norms_preferences(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    audience: AudiencePlan,
    registrations: RegistrationPlan,
) -> np.ndarray:
    strictest = [strictest_practice(a) for a in season]
    key = np.array([practice for practice, _ in strictest])
    strictness = np.array([s for _, s in strictest])
    level = audience.levels[registrations.participant, key[registrations.activity]]
    odds = (
        TRADITIONAL_BASE
        + TRADITIONAL_PER_LEVEL * level
        + TRADITIONAL_PER_STRICTNESS * (strictness[registrations.activity] - 0.5)
    )
    count = len(registrations)
    stated = rng.random(count) < STATED_SHARE
    traditional = rng.random(count) < 1 / (1 + np.exp(-odds))
    preference = np.where(traditional, NormsPreference.TRADITIONAL, NormsPreference.RELAXED)
    # A cancelled place keeps no wishes, as when a participant cancels on the site.
    stated &= registrations.confirmed
    return np.where(stated, preference, NormsPreference.NONE).astype(np.int8)


def _zone_preferences(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    registrations: RegistrationPlan,
    norms: np.ndarray,
) -> np.ndarray:
    zones = np.array([len(a.zones) for a in season])[registrations.activity]
    strictness = [[z.strictness for z in a.zones] or [0.0] for a in season]
    relaxed = np.array([int(np.argmin(s)) for s in strictness])[registrations.activity]
    traditional = np.array([int(np.argmax(s)) for s in strictness])[registrations.activity]
    count = len(registrations)
    stated = norms != NormsPreference.NONE
    asks = (
        (zones > 0)
        & registrations.confirmed
        & (rng.random(count) < np.where(stated, ZONE_ASKED_SHARE, ZONE_ASKED_UNSTATED_SHARE))
    )
    suited = np.where(norms == NormsPreference.TRADITIONAL, traditional, relaxed)
    anywhere = (rng.random(count) * zones).astype(np.int64)
    matches = stated & (rng.random(count) < ZONE_MATCHES_SHARE)
    return np.where(asks, np.where(matches, suited, anywhere), -1).astype(np.int16)


def _parties(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    audience: AudiencePlan,
    registrations: RegistrationPlan,
) -> np.ndarray:
    """Party number per registration (-1 alone), among confirmed places only."""
    party = np.full(len(registrations), -1, dtype=np.int64)
    places = np.flatnonzero(registrations.confirmed)
    places = places[np.argsort(registrations.activity[places], kind="stable")]
    bounds = np.searchsorted(registrations.activity[places], np.arange(len(season) + 1))
    key = np.array([strictest_practice(a)[0] for a in season])
    parties = 0
    for index, activity in enumerate(season):
        held = places[bounds[index] : bounds[index + 1]]
        family = activity.format == Format.FAMILY_CONCERT
        (low, high), odds = FAMILIES if family else FRIENDS
        sizes = _party_sizes(rng, round(len(held) * rng.uniform(low, high)), odds)
        if not sizes.size:
            continue
        members = rng.choice(held, size=int(sizes.sum()), replace=False)
        if not family:
            # Friends go out with friends of much the same experience.
            level = audience.levels[registrations.participant[members], key[index]]
            members = members[np.argsort(level + rng.uniform(0, 1.5, members.size))]
        party[members] = parties + np.repeat(np.arange(sizes.size), sizes)
        parties += sizes.size
    return party


def _party_sizes(rng: np.random.Generator, places: int, odds: np.ndarray) -> np.ndarray:
    """Party sizes adding up to at most `places`."""
    sizes = rng.choice(PARTY_SIZES, size=places // 2 + 1, p=odds)
    return sizes[np.cumsum(sizes) <= places]


def _share_zone_within_parties(
    zones: np.ndarray, party: np.ndarray, registrations: RegistrationPlan
) -> None:
    """A party asks for the zone its first booker asked for."""
    members = np.flatnonzero(party >= 0)
    order = members[np.lexsort((registrations.created_at[members], party[members]))]
    first = np.ones(order.size, dtype=bool)
    first[1:] = party[order][1:] != party[order][:-1]
    leader = order[first][np.cumsum(first) - 1]
    zones[order] = zones[leader]


def _party_codes(rng: np.random.Generator, party: np.ndarray) -> list[str]:
    """A distinct six-character code per party, "" for everyone booked alone."""
    count = int(party.max()) + 1 if party.size else 0
    letters = rng.integers(len(PARTY_ALPHABET), size=(count, PARTY_CODE_LENGTH))
    while True:
        _, first = np.unique(letters, axis=0, return_index=True)
        repeated = np.setdiff1d(np.arange(count), first)
        if not repeated.size:
            break
        letters[repeated] = rng.integers(
            len(PARTY_ALPHABET), size=(repeated.size, PARTY_CODE_LENGTH)
        )
    codes = ["".join(row) for row in PARTY_ALPHABET[letters].tolist()] + [""]
    return [codes[p] for p in party.tolist()]


def _newcomer_booking(
    season: list[ActivityPlan], taken: np.ndarray, selectivity: np.ndarray, now: int
) -> int | None:
    """A zoned concert a week or more ahead with a place left, the widest mix first, the
    earliest of those; else the first such activity of any format."""
    soon = datetime.fromtimestamp(now + 7 * DAY, UTC)
    open_ = [
        i
        for i, a in enumerate(season)
        if a.zones
        and a.status == Activity.Status.PUBLISHED
        and a.starts_at > soon
        and taken[i] < a.capacity
    ]
    concerts = sorted(
        (i for i in open_ if is_upcoming_concert(season[i], soon)), key=lambda i: selectivity[i]
    )
    return (concerts or open_ or [None])[0]


def _zonings(
    season: list[ActivityPlan], taken: np.ndarray, booking: int | None, now: int
) -> list[int]:
    """Sam's activity and the first upcoming zoned activity with registrants of a few other
    formats."""
    moment = datetime.fromtimestamp(now, UTC)
    chosen = [] if booking is None else [booking]
    for fmt in ZONED_FORMATS:
        upcoming = [
            i
            for i, a in enumerate(season)
            if a.format == fmt
            and a.zones
            and a.status == Activity.Status.PUBLISHED
            and a.starts_at > moment
            and taken[i] > 0
        ]
        if upcoming and len(chosen) < ZONINGS and fmt not in {season[i].format for i in chosen}:
            chosen.append(upcoming[0])
    return chosen
