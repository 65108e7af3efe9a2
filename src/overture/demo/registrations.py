"""Who signs up for what: registrations that follow fit and popularity.

Each published activity draws a demand from its popularity; some are in such demand that
they sell out. Places go to participants drawn without replacement with weights that fall
steeply with how far they are below the activity's requirements (weighted by strictness),
rise with their experience in its practices and with how often they go out at all. An
activity's selectivity (1 by default) scales how much fit and experience count: below 1 it
draws a wider mix of newcomers and experts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from overture.season.models import Activity, Format

from .audience import DAY, AudiencePlan
from .practices import practice_index
from .season import FORMATS, ActivityPlan

CANCELLED_SHARE = 0.03
SHORTFALL_PENALTY = 3.0
INTEREST_PULL = 0.8


@dataclass
class RegistrationPlan:
    participant: np.ndarray
    activity: np.ndarray
    confirmed: np.ndarray
    created_at: np.ndarray
    updated_at: np.ndarray

    def __len__(self) -> int:
        return len(self.participant)

    def places_taken(self, activities: int) -> np.ndarray:
        """Places held per activity: each planned registration books one place."""
        return np.bincount(self.activity[self.confirmed], minlength=activities)

    def attended(self, ends: np.ndarray, now: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(participant, activity end, activity) for confirmed places at past activities."""
        past = self.confirmed & (ends[self.activity] < now)
        return self.participant[past], ends[self.activity[past]], self.activity[past]


def plan_registrations(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    audience: AudiencePlan,
    *,
    now: int,
    selectivity: np.ndarray | None = None,
) -> RegistrationPlan:
    """Registrations for every activity but drafts; `selectivity[a]` defaults to 1."""
    parts: list[tuple[np.ndarray, ...]] = []
    headliner = _headliner(season)
    if selectivity is None:
        selectivity = np.ones(len(season))
    for index, activity in enumerate(season):
        if activity.status == Activity.Status.DRAFT:
            continue
        taken, released = _demand(rng, activity, len(audience), sold_out=index == headliner)
        weights = _weights(activity, audience, float(selectivity[index]))
        chosen = _draw(rng, weights, taken + released)
        if activity.status == Activity.Status.CANCELLED:
            taken = 0
        parts.append(_rows(rng, index, activity, chosen, taken, now))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return RegistrationPlan(empty, empty, empty.astype(bool), empty, empty)
    columns = [np.concatenate(column) for column in zip(*parts, strict=True)]
    return RegistrationPlan(*columns)


def _headliner(season: list[ActivityPlan]) -> int | None:
    """A small, published activity that always sells out, so every demo shows one."""
    for index, activity in enumerate(season):
        if (
            activity.format == Format.COMPOSITION_LAB
            and activity.status == Activity.Status.PUBLISHED
        ):
            return index
    return None


def _demand(
    rng: np.random.Generator, activity: ActivityPlan, audience: int, *, sold_out: bool
) -> tuple[int, int]:
    """Places taken and places given back, never more than the capacity or the audience."""
    plan = FORMATS[activity.format]
    in_demand = sold_out or rng.random() < plan.sell_out
    fill = rng.uniform(1.0, 1.5) if in_demand else rng.uniform(0.25, 0.9)
    # Only part of the audience would ever come, though a small activity can still fill up.
    reachable = max(round(audience * plan.reach), min(activity.capacity, audience // 4))
    taken = min(round(min(activity.capacity, reachable) * fill), activity.capacity, audience)
    released = min(int(rng.binomial(taken, CANCELLED_SHARE)), audience - taken)
    return taken, released


def _weights(activity: ActivityPlan, audience: AudiencePlan, selectivity: float) -> np.ndarray:
    practices = [practice_index(r.practice) for r in activity.requirements]
    needed = np.array([r.level for r in activity.requirements])
    strictness = np.array([r.strictness for r in activity.requirements])
    have = audience.levels[:, practices]
    shortfall = (np.maximum(needed - have, 0) * strictness).sum(axis=1)
    interest = have.mean(axis=1)
    pull = selectivity * (INTEREST_PULL * interest - SHORTFALL_PENALTY * shortfall)
    return audience.propensity * np.exp(pull)


def _draw(rng: np.random.Generator, weights: np.ndarray, count: int) -> np.ndarray:
    """Weighted draw without replacement, in order of drawing (exponential keys)."""
    keys = rng.exponential(size=len(weights)) / weights
    if count >= len(weights):
        return np.argsort(keys, kind="stable")
    chosen = np.argpartition(keys, count - 1)[:count] if count else np.zeros(0, np.int64)
    return chosen[np.argsort(keys[chosen], kind="stable")]


def _rows(
    rng: np.random.Generator,
    index: int,
    activity: ActivityPlan,
    chosen: np.ndarray,
    taken: int,
    now: int,
) -> tuple[np.ndarray, ...]:
    count = len(chosen)
    starts = int(activity.starts_at.timestamp())
    lead = (rng.exponential(21 * DAY, size=count) + 3600).astype(np.int64)
    created = np.minimum(starts - lead, now - rng.integers(600, 2 * DAY, size=count))
    confirmed = np.arange(count) < taken
    later = created + rng.integers(3600, 14 * DAY, size=count)
    updated = np.where(confirmed, created, np.minimum(np.minimum(later, now - 60), starts))
    return (
        chosen.astype(np.int64),
        np.full(count, index, dtype=np.int64),
        confirmed,
        created,
        updated,
    )
