"""Learning journeys for the “How to get there” page: load the season, plan, put into words.

Fetch → compute: the season matrix and the participant's levels come from the signposting
selectors (the matrix is cached), the activities' end times and the few activities shown are
loaded here, `engines.signposting.journeys` plans, and the result is put into what the page shows
(activities, dates, plain words). When there is no way, the page offers what can be done
instead: the journey with a buddy, the nearest step (`engines.signposting.alternatives`), and
telling us they'd come. Nothing is written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from overture.audience.levels import participant_levels
from overture.audience.models import Participant
from overture.audience.selectors import participant_of
from overture.engines.signposting.alternatives import NearestStep, nearest_step
from overture.engines.signposting.journeys import (
    ActivityTarget,
    Journey,
    NoPath,
    PracticeTarget,
    Step,
    plan_journey,
)
from overture.organisations.models import Organisation
from overture.season.matrix import SeasonMatrix, build_season_matrix, season_matrix
from overture.season.models import Activity, Practice
from overture.season.wording import level_name, required_level_words

from .coverage import entry_point_words
from .selectors import registered_activity_ids, wish_recorded


@dataclass(frozen=True)
class _Planning:
    """What every plan for one participant and one page starts from."""

    participant: Participant | None
    levels: np.ndarray
    registered: np.ndarray
    ends_at: np.ndarray
    now: datetime

    def plan(self, matrix: SeasonMatrix, target, *, with_buddy: bool = False):
        return plan_journey(
            self.levels,
            matrix.activities,
            target,
            now=self.now,
            registered=self.registered,
            ends_at=self.ends_at,
            with_buddy=with_buddy,
        )

    def nearest(self, matrix: SeasonMatrix, target) -> NearestStep | None:
        return nearest_step(
            self.levels,
            matrix.activities,
            target,
            now=self.now,
            registered=self.registered,
            ends_at=self.ends_at,
        )


def _planning(
    user: AbstractBaseUser | AnonymousUser,
    organisation: Organisation,
    matrix: SeasonMatrix,
    now: datetime,
) -> _Planning:
    participant = participant_of(user, organisation)
    places = matrix.rows_of(registered_activity_ids(participant))
    return _Planning(
        participant,
        participant_levels(participant, matrix.practice_ids),
        places[places >= 0],
        matrix.ends_at,
        now,
    )


@dataclass(frozen=True)
class StepView:
    """One step of the journey as the page shows it."""

    activity: Activity
    builds: list[str]
    registered: bool
    with_buddy: bool = False


@dataclass(frozen=True)
class NearestView:
    """The nearest step towards the goal, as the page shows it."""

    activity: Activity
    practice: str
    asks: str  # what the activity asks in that practice, e.g. "No experience needed"
    within_reach: bool
    related: bool


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
    buddy_steps: list[StepView] = field(default_factory=list)  # the journey with a buddy
    buddy_all_the_way: bool = False  # or only further than alone
    nearest: NearestView | None = None
    wish_practice: Practice | None = None  # “Tell us you'd come”: the missing entry point
    wish_level: int | None = None
    wished: bool = False  # the participant has told us already

    @property
    def wish_words(self) -> str:
        """The entry point they would come to, e.g. "a newcomer activity in Singing"."""
        if self.wish_practice is None or self.wish_level is None:
            return ""
        return _("%(entry_point)s in %(practice)s") % {
            "entry_point": entry_point_words(self.wish_level),
            "practice": self.wish_practice.name,
        }


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
            _("%(practice)s: from %(before)s to %(after)s")
            % {
                "practice": names[gain.practice],
                "before": level_name(gain.before),
                "after": level_name(gain.after),
            }
            for gain in step.gains
        ]
        views.append(StepView(activity, builds, step.registered, step.with_buddy))
    return views


def _fill(
    page: JourneyPage,
    organisation: Organisation,
    matrix: SeasonMatrix,
    planning: _Planning,
    target: PracticeTarget | ActivityTarget,
) -> JourneyPage:
    names = matrix.practice_names
    result = planning.plan(matrix, target)
    page.needs = [
        _level_in(level, names[practice]) for practice, level in result.needs if level > 0
    ]
    if isinstance(result, Journey):
        page.found = True
        page.already_there = result.already_there
        page.steps = _step_views(matrix, result.steps, _shown(organisation, matrix, result.steps))
        return page
    page.stuck = _level_in(result.level, names[result.practice])
    page.missing = missing_words(result, names)
    page.missing_plural = missing_words(result, names, plural=True)
    page.cause = result.cause.value
    page.blocked_by = [names[p] for p in result.blocked_by]
    if result.before is not None:
        page.before = datetime.fromtimestamp(result.before, tz=timezone.get_current_timezone())
    _alternatives(page, organisation, matrix, planning, target, result)
    return page


def _level_in(level: int, practice: str) -> str:
    """E.g. "beginner level in Singing"."""
    return _("%(level)s level in %(practice)s") % {"level": level_name(level), "practice": practice}


def missing_words(result: NoPath, practice_names: Sequence[str], *, plural: bool = False) -> str:
    """The kind of activity that is missing, in plain words ("an activity that ...")."""
    words = {"practice": practice_names[result.practice], "level": level_name(result.level)}
    if result.level == 0:
        if plural:
            return _("activities that welcome newcomers in %(practice)s") % words
        return _("an activity that welcomes newcomers in %(practice)s") % words
    if plural:
        return (
            _(
                "activities that welcome people at %(level)s level in %(practice)s and are "
                "relaxed about getting it right"
            )
            % words
        )
    return (
        _(
            "an activity that welcomes people at %(level)s level in %(practice)s and is "
            "relaxed about getting it right"
        )
        % words
    )


def _alternatives(
    page: JourneyPage,
    organisation: Organisation,
    matrix: SeasonMatrix,
    planning: _Planning,
    target: PracticeTarget | ActivityTarget,
    result: NoPath,
) -> None:
    """What the page offers instead of a journey: part of the way, a buddy, the nearest step."""
    buddy = planning.plan(matrix, target, with_buddy=True)
    page.buddy_all_the_way = isinstance(buddy, Journey)
    if page.buddy_all_the_way:
        buddy_steps = buddy.steps
    elif result.partial and _gained(buddy.partial) > _gained(result.partial):
        buddy_steps = buddy.partial  # a buddy takes them further than they get alone
    else:
        buddy_steps = ()
    # Without a single step alone, the nearest step (which says when a buddy is needed).
    nearest = None if result.partial or page.buddy_all_the_way else planning.nearest(matrix, target)
    rows = [step.activity for step in (*result.partial, *buddy_steps)]
    rows += [nearest.activity] if nearest else []
    ids = [int(matrix.activity_ids[row]) for row in rows]
    shown = _shown_activities(organisation, ids) if ids else {}
    page.steps = _step_views(matrix, result.partial, shown)
    page.buddy_steps = _step_views(matrix, buddy_steps, shown)
    if nearest is not None:
        activity = shown.get(int(matrix.activity_ids[nearest.activity]))
        if activity is not None:
            page.nearest = NearestView(
                activity,
                matrix.practice_names[nearest.practice],
                required_level_words(nearest.required),
                nearest.within_reach,
                nearest.related,
            )
    page.wish_practice = Practice.objects.filter(
        pk=matrix.practice_ids[result.practice], organisation=organisation
    ).first()
    page.wish_level = result.level
    page.wished = page.wish_practice is not None and wish_recorded(
        planning.participant, page.wish_practice, result.level
    )


def _gained(steps: tuple[Step, ...]) -> int:
    """Levels the steps build, summed over the practices the goal needs."""
    return sum(gain.after - gain.before for step in steps for gain in step.gains)


def _shown(
    organisation: Organisation, matrix: SeasonMatrix, steps: tuple[Step, ...]
) -> dict[int, Activity]:
    ids = [int(matrix.activity_ids[step.activity]) for step in steps]
    return _shown_activities(organisation, ids) if ids else {}


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
    planning = _planning(user, organisation, matrix, now)
    page = JourneyPage(target_activity=activity)
    return _fill(page, organisation, matrix, planning, ActivityTarget(row))


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
    planning = _planning(user, organisation, matrix, now)
    return _fill(page, organisation, matrix, planning, target)
