"""Learning journeys for the “How to get there” page: load the season, plan, put into words.

Fetch → compute: the season matrix and the participant's levels come from the signposting
selectors (the matrix is cached), the activities' end times and the few activities shown are
loaded here, `engines.journeys` plans, and the result is put into what the page shows
(activities, dates, plain words). Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from overture.audience.selectors import participant_of
from overture.engines.journeys import (
    ActivityTarget,
    Journey,
    NoPath,
    PracticeTarget,
    Step,
    plan_journey,
)
from overture.engines.level_words import level_name
from overture.organisations.models import Organisation
from overture.season.models import Activity, Practice

from .selectors import (
    SeasonMatrix,
    build_season_matrix,
    participant_levels,
    registered_activity_ids,
    season_matrix,
)


def _ends_at(organisation: Organisation, matrix: SeasonMatrix, now: datetime) -> np.ndarray:
    """End time (epoch seconds) of every row of the matrix that starts after `now` (1 query).

    Rows not found (changed since the matrix was built) keep their start as their end; they
    are the ones that started or were withdrawn meanwhile, which no journey uses.
    """
    ends = matrix.activities.starts_at.copy()
    found = Activity.objects.filter(
        organisation=organisation, status=Activity.Status.PUBLISHED, starts_at__gt=now
    ).values_list("pk", "ends_at")
    pairs = list(found)
    if pairs:
        rows = matrix.rows_of(pk for pk, _ in pairs)
        seconds = np.array([int(end.timestamp()) for _, end in pairs], dtype=np.int64)
        ends[rows[rows >= 0]] = seconds[rows >= 0]
    return ends


def _plan(
    user: AbstractBaseUser | AnonymousUser,
    organisation: Organisation,
    matrix: SeasonMatrix,
    target: PracticeTarget | ActivityTarget,
    now: datetime,
) -> Journey | NoPath:
    participant = participant_of(user, organisation)
    levels = participant_levels(participant, matrix.practice_ids)
    places = matrix.rows_of(registered_activity_ids(participant))
    return plan_journey(
        levels,
        matrix.activities,
        target,
        now=now,
        registered=places[places >= 0],
        ends_at=_ends_at(organisation, matrix, now),
    )


@dataclass(frozen=True)
class StepView:
    """One step of the journey as the page shows it."""

    activity: Activity
    builds: list[str]
    registered: bool


@dataclass
class JourneyPage:
    """Everything the page shows; `error` and `status` when the request made no sense."""

    status: int = 200
    error: str = ""
    target_activity: Activity | None = None
    target_practice: Practice | None = None
    target_level: str = ""
    needs: list[str] = field(default_factory=list)
    already_there: bool = False
    found: bool = False
    steps: list[StepView] = field(default_factory=list)
    stuck: str = ""  # where the participant gets stuck, e.g. "beginner level in Singing"
    missing: str = ""  # the kind of activity that is missing
    missing_plural: str = ""
    cause: str = ""  # Cause value
    blocked_by: list[str] = field(default_factory=list)
    before: datetime | None = None


def _shown_activities(organisation: Organisation, ids: list[int]) -> dict[int, Activity]:
    """The few activities the page names, by id (1 query)."""
    return Activity.objects.filter(organisation=organisation).in_bulk(ids)


def _step_views(
    matrix: SeasonMatrix, steps: tuple[Step, ...], shown: dict[int, Activity]
) -> list[StepView]:
    names = matrix.practice_names
    views = []
    for step in steps:
        activity = shown.get(int(matrix.activity_ids[step.activity]))
        if activity is None:  # removed since the season matrix was built
            continue
        builds = [
            f"{names[gain.practice]}: from {level_name(gain.before)} to {level_name(gain.after)}"
            for gain in step.gains
        ]
        views.append(StepView(activity=activity, builds=builds, registered=step.registered))
    return views


def _fill(
    page: JourneyPage,
    organisation: Organisation,
    matrix: SeasonMatrix,
    result: Journey | NoPath,
) -> JourneyPage:
    names = matrix.practice_names
    page.needs = [
        f"{level_name(level)} level in {names[practice]}"
        for practice, level in result.needs
        if level > 0
    ]
    steps = result.steps if isinstance(result, Journey) else result.partial
    ids = [int(matrix.activity_ids[step.activity]) for step in steps]
    page.steps = _step_views(matrix, steps, _shown_activities(organisation, ids) if ids else {})
    if isinstance(result, Journey):
        page.found = True
        page.already_there = result.already_there
        return page
    page.stuck = f"{level_name(result.level)} level in {names[result.practice]}"
    page.missing = result.describe_missing(names)
    page.missing_plural = result.describe_missing(names, plural=True)
    page.cause = result.cause.value
    page.blocked_by = [names[p] for p in result.blocked_by]
    if result.before is not None:
        page.before = datetime.fromtimestamp(result.before, tz=timezone.get_current_timezone())
    return page


NOT_FOUND = (
    "We couldn’t find that activity among the season’s upcoming ones — it may have started "
    "already, or been cancelled."
)


def journey_to_activity(
    user: AbstractBaseUser | AnonymousUser, organisation: Organisation, activity_id: int
) -> JourneyPage:
    """How to become ready for an upcoming activity that asks the participant to prepare."""
    now = timezone.now()
    matrix = season_matrix(organisation)
    row = int(matrix.rows_of([activity_id])[0])
    activity = (
        Activity.objects.filter(
            pk=activity_id,
            organisation=organisation,
            status=Activity.Status.PUBLISHED,
            starts_at__gt=now,
        ).first()
        if row >= 0
        else None
    )
    if activity is None:
        return JourneyPage(status=404, error=NOT_FOUND)
    result = _plan(user, organisation, matrix, ActivityTarget(row), now)
    return _fill(JourneyPage(target_activity=activity), organisation, matrix, result)


def journey_to_level(
    user: AbstractBaseUser | AnonymousUser,
    organisation: Organisation,
    practice: Practice,
    level: int,
) -> JourneyPage:
    """How to reach `level` in `practice` through the season's upcoming activities."""
    now = timezone.now()
    matrix = season_matrix(organisation)
    if practice.pk not in matrix.practice_ids:  # added since the season matrix was built
        matrix = build_season_matrix(organisation)
    page = JourneyPage(target_practice=practice, target_level=level_name(level))
    target = PracticeTarget(matrix.practice_ids.index(practice.pk), int(level))
    result = _plan(user, organisation, matrix, target, now)
    return _fill(page, organisation, matrix, result)
