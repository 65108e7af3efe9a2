"""The demo's buddy programme as arrays: volunteers and newcomers asking for a buddy.

Everyone is planned by the same rules the site applies, reading levels the way it does
(observed, else self-assessed, else not known): volunteers offer only practices they know as
a regular or an expert, requesters ask only about practices they know as a novice at most,
and a request for an activity comes from someone holding a place there. Some speak Polish
or Welsh, a few requesters are under 18, and about a third of the volunteers are vetted.
Nobody is matched yet: staff run the matching in the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from overture.season.models import Activity

from .audience import AudiencePlan, ObservedPlan
from .registrations import RegistrationPlan
from .season import ActivityPlan

VOLUNTEER_SHARE = 0.15  # of the audience: 300 for the default 2,000 participants
REQUEST_SHARE = 0.15
ACTIVITY_REQUEST_SHARE = 0.6  # of requesters with a place at an upcoming activity
VETTED_SHARE = 0.35
MINOR_SHARE = 0.04
# (code, share of volunteers who also speak it, share of requesters who ask in it)
OTHER_LANGUAGES = (("pl", 0.10, 0.08), ("cy", 0.08, 0.05), ("ur", 0.03, 0.02), ("ro", 0.02, 0.01))
PER_ACTIVITY = (np.array([1, 2, 3]), np.array([0.7, 0.25, 0.05]))
MAX_OFFERED = 3
MAX_ASKED = 2


@dataclass
class BuddyPlan:
    """Volunteer v is row v of the volunteer arrays; request r of the request arrays."""

    volunteer: np.ndarray  # participant index
    offers: np.ndarray  # (V, P) bool practices offered
    languages: list[list[str]]
    attends: list[list[int]]  # activity indices (upcoming places) where they can be a buddy
    per_activity: np.ndarray
    per_season: np.ndarray
    vetted: np.ndarray
    requester: np.ndarray  # participant index
    activity: np.ndarray  # activity index, -1 for the whole season
    asks: np.ndarray  # (R, P) bool practices asked about
    language: list[str]
    minor: np.ndarray


def combined_levels(audience: AudiencePlan, observed: ObservedPlan) -> np.ndarray:
    """Each planned person's level per practice as the site will read it (-1 not known)."""
    levels = np.where(audience.assessed[:, None], audience.levels, -1).astype(np.int8)
    levels[observed.participant, observed.practice] = observed.level
    return levels


def upcoming_places(
    season: list[ActivityPlan], registrations: RegistrationPlan, now: int, people: int
) -> list[list[int]]:
    """Per participant index: the upcoming published activities they hold a place at."""
    upcoming = np.array(
        [
            a.status == Activity.Status.PUBLISHED and int(a.ends_at.timestamp()) > now
            for a in season
        ],
        dtype=bool,
    )
    keep = registrations.confirmed & upcoming[registrations.activity]
    places: dict[int, list[int]] = {}
    for person, activity in zip(
        registrations.participant[keep].tolist(), registrations.activity[keep].tolist(), strict=True
    ):
        places.setdefault(person, []).append(activity)
    return [sorted(places.get(i, [])) for i in range(people)]


def _extra_languages(rng: np.random.Generator, count: int, column: int) -> list[list[str]]:
    spoken: list[list[str]] = [[] for _ in range(count)]
    for code, *shares in OTHER_LANGUAGES:
        for i in np.flatnonzero(rng.random(count) < shares[column]).tolist():
            spoken[i].append(code)
    return spoken


def _pick(rng: np.random.Generator, allowed: np.ndarray, most: int) -> np.ndarray:
    """A random non-empty subset (up to `most`) of the True columns of `allowed`."""
    columns = np.flatnonzero(allowed)
    chosen = rng.choice(
        columns, size=min(int(rng.integers(1, most + 1)), columns.size), replace=False
    )
    row = np.zeros(allowed.size, dtype=bool)
    row[chosen] = True
    return row


def plan_buddies(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    audience: AudiencePlan,
    registrations: RegistrationPlan,
    observed: ObservedPlan,
    requirements: list[list[int]],
    *,
    now: int,
) -> BuddyPlan:
    """Volunteers among regulars and experts, requests among newcomers and novices."""
    levels = combined_levels(audience, observed)
    people = len(audience)
    places = upcoming_places(season, registrations, now, people)

    can_help = np.flatnonzero((levels >= 2).any(axis=1))
    volunteers = np.sort(
        rng.choice(
            can_help, size=min(round(people * VOLUNTEER_SHARE), can_help.size), replace=False
        )
    )
    offers = np.array(
        [_pick(rng, levels[v] >= 2, MAX_OFFERED) for v in volunteers.tolist()], dtype=bool
    ).reshape(volunteers.size, levels.shape[1])
    languages = [["en", *extra] for extra in _extra_languages(rng, volunteers.size, 0)]
    attends = [[a for a in places[v] if rng.random() < 0.8] for v in volunteers.tolist()]
    per_activity = rng.choice(PER_ACTIVITY[0], size=volunteers.size, p=PER_ACTIVITY[1])
    per_season = per_activity + rng.integers(1, 5, size=volunteers.size)
    vetted = rng.random(volunteers.size) < VETTED_SHARE

    others = np.setdiff1d(np.arange(people), volunteers)
    may_ask = others[(levels[others] <= 1).any(axis=1)]
    requesters = np.sort(
        rng.choice(may_ask, size=min(round(people * REQUEST_SHARE), may_ask.size), replace=False)
    )
    activity = np.full(requesters.size, -1, dtype=np.int64)
    asks = np.zeros((requesters.size, levels.shape[1]), dtype=bool)
    new_to = levels <= 1
    for k, person in enumerate(requesters.tolist()):
        held = [a for a in places[person] if new_to[person, requirements[a]].any()]
        if held and rng.random() < ACTIVITY_REQUEST_SHARE:
            activity[k] = held[int(rng.integers(len(held)))]
            involved = np.zeros(levels.shape[1], dtype=bool)
            involved[requirements[activity[k]]] = True
            asks[k] = _pick(rng, new_to[person] & involved, MAX_ASKED)
        else:
            asks[k] = _pick(rng, new_to[person], MAX_ASKED)
    extra = _extra_languages(rng, requesters.size, 1)
    language = [spoken[0] if spoken else "en" for spoken in extra]
    return BuddyPlan(
        volunteer=volunteers,
        offers=offers,
        languages=languages,
        attends=attends,
        per_activity=per_activity,
        per_season=per_season,
        vetted=vetted,
        requester=requesters,
        activity=activity,
        asks=asks,
        language=language,
        minor=_share(rng, requesters.size, MINOR_SHARE),
    )


def _share(rng: np.random.Generator, size: int, share: float) -> np.ndarray:
    """`size` flags of which a `share` (at least one, when there are any) are set."""
    flags = np.zeros(size, dtype=bool)
    if size:
        flags[rng.choice(size, size=max(1, round(size * share)), replace=False)] = True
    return flags
