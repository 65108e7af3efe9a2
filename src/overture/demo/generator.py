"""Generate the demo: plan it all from the seed, then write it in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from overture.organisations.models import Organisation

from . import writers
from .audience import plan_audience, plan_observed, settle_assessments
from .buddies import plan_buddies
from .door import plan_check_ins
from .insight import plan_insight
from .insight_writers import write_insight
from .mix import concert_selectivity, plan_mix
from .mix_writers import write_mix
from .organisation import DEMO_PASSWORD, DEMO_SLUG, NEWCOMER, STAFF, Login, demo_organisation
from .practices import practice_index
from .registrations import plan_registrations
from .season import plan_season
from .writers import DemoPlan


class DemoExists(Exception):
    """The demo organisation, or one of its login names, is already in the database."""


@dataclass(frozen=True)
class Phase:
    name: str
    seconds: float
    rows: int
    detail: str


@dataclass
class DemoSeason:
    organisation: Organisation
    logins: tuple[Login, ...]
    phases: list[Phase] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.phases)

    @property
    def seconds(self) -> float:
        return sum(p.seconds for p in self.phases)


PhaseListener = Callable[[Phase], None]


class _Clock:
    """Times each phase and tells the listener as soon as one ends."""

    def __init__(self, listener: PhaseListener | None) -> None:
        self.phases: list[Phase] = []
        self.listener = listener

    @contextmanager
    def phase(self, name: str) -> Iterator[dict]:
        report: dict = {"rows": 0, "detail": ""}
        started = time.perf_counter()
        yield report
        done = Phase(name, time.perf_counter() - started, report["rows"], report["detail"])
        self.phases.append(done)
        if self.listener:
            self.listener(done)


def generate(
    *,
    seed: int = 7,
    participants: int = 2000,
    activities: int = 48,
    today: date | None = None,
    on_phase: PhaseListener | None = None,
) -> DemoSeason:
    """Create the demo orchestra with a season and an audience; same arguments, same data."""
    today = today or timezone.localdate()
    clock = _Clock(on_phase)
    with transaction.atomic():
        _refuse_if_present()
        with clock.phase("planning") as report:
            plan = _plan(seed, participants, activities, today)
            report["detail"] = f"{len(plan.season)} activities, {participants:,} participants"
        with clock.phase("practices") as report:
            org, practice_ids = writers.write_practices(report)
        with clock.phase("season") as report:
            activity_ids = writers.write_season(org, plan.season, practice_ids, report)
        with clock.phase("accounts") as report:
            password = make_password(DEMO_PASSWORD)
            logins = writers.write_logins(org, password, plan.now)
            participant_ids = writers.write_participants(org, plan.audience, password, report)
        with clock.phase("competences") as report:
            writers.write_competences(plan, participant_ids, practice_ids, report)
        with clock.phase("registrations") as report:
            writers.write_registrations(org, plan, participant_ids, activity_ids, report)
        with clock.phase("buddies") as report:
            writers.write_buddies(plan, participant_ids, activity_ids, practice_ids, report)
        with clock.phase("audience mix") as report:
            write_mix(org, plan, activity_ids, report)
        with clock.phase("surveys") as report:
            write_insight(org, plan, participant_ids, activity_ids, report)
    return DemoSeason(org, logins, clock.phases)


def _refuse_if_present() -> None:
    if demo_organisation():
        raise DemoExists(f"The demo organisation “{DEMO_SLUG}” already exists.")
    names = [s[0] for s in STAFF] + [NEWCOMER[0]]
    taken = get_user_model().objects.filter(username__in=names).values_list("username", flat=True)
    if taken:
        raise DemoExists(f"User names already taken: {', '.join(sorted(taken))}.")


def _plan(seed: int, participants: int, activities: int, today: date) -> DemoPlan:
    tz = timezone.get_current_timezone()
    now = int(datetime.combine(today, datetime.min.time(), tzinfo=tz).timestamp())
    # One random stream per part of the plan, all from the seed: the season's activities and
    # zones; the audience and when they assessed themselves; who books what, and cancels;
    # the levels seen at past activities; the buddy programme; the audience mix (how people
    # like it, the zones they ask for, who comes together); the value surveys; who came
    # through the door (the last, so adding it left every other stream as it was).
    streams = np.random.SeedSequence(seed).spawn(8)
    season_rng, audience_rng, registration_rng, observed_rng, buddy_rng, mix_rng, insight_rng = (
        np.random.Generator(np.random.PCG64(s)) for s in streams[:7]
    )
    door_rng = np.random.Generator(np.random.PCG64(streams[7]))
    season = plan_season(season_rng, activities=activities, today=today, tz=tz)
    audience = plan_audience(audience_rng, participants, now=now)
    selectivity = concert_selectivity(season, now)
    registrations = plan_registrations(
        registration_rng, season, audience, now=now, selectivity=selectivity
    )
    # Nobody signs up before joining.
    if len(registrations):
        first = np.full(len(audience), np.iinfo(np.int64).max)
        np.minimum.at(first, registrations.participant, registrations.created_at)
        audience.joined_at = np.minimum(audience.joined_at, first - 86_400)
    settle_assessments(audience_rng, audience, now=now)
    ends = np.array([int(a.ends_at.timestamp()) for a in season], dtype=np.int64)
    requirements = [[practice_index(r.practice) for r in a.requirements] for a in season]
    observed = plan_observed(
        observed_rng, audience, registrations.attended(ends, now), requirements
    )
    buddies = plan_buddies(
        buddy_rng, season, audience, registrations, observed, requirements, now=now
    )
    mix = plan_mix(mix_rng, season, audience, registrations, now=now, selectivity=selectivity)
    insight = plan_insight(insight_rng, season, audience, registrations, observed, now=now)
    check_ins = plan_check_ins(door_rng, season, registrations, now=now)
    return DemoPlan(
        season, audience, registrations, observed, now, buddies, mix, insight, check_ins
    )
