"""Reads for the staff pages about the audience: headline counts, registrants, waiting lists
and level mixes, each with a fixed number of queries whatever the season's size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from overture.organisations.models import Organisation
from overture.season.models import Activity, Level, Practice, Requirement

from .levels import registrant_levels
from .models import Participant, Registration, WaitingListEntry

UPCOMING_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class DashboardCounts:
    published_upcoming: int
    drafts: int
    participants: int
    registrations_next_30_days: int
    places_next_30_days: int  # the places those registrations hold, parties included


def dashboard_counts(organisation: Organisation) -> DashboardCounts:
    """Headline numbers for the staff dashboard (three queries)."""
    now = timezone.now()
    activities = Activity.objects.filter(organisation=organisation).aggregate(
        published_upcoming=Count(
            "pk", filter=Q(status=Activity.Status.PUBLISHED, ends_at__gte=now)
        ),
        drafts=Count("pk", filter=Q(status=Activity.Status.DRAFT)),
    )
    registrations = Registration.objects.filter(
        activity__organisation=organisation,
        activity__status=Activity.Status.PUBLISHED,
        activity__starts_at__gte=now,
        activity__starts_at__lt=now + UPCOMING_WINDOW,
        status=Registration.Status.CONFIRMED,
    ).aggregate(count=Count("pk"), places=Coalesce(Sum("places"), 0))
    return DashboardCounts(
        published_upcoming=activities["published_upcoming"],
        drafts=activities["drafts"],
        participants=Participant.objects.filter(organisation=organisation).count(),
        registrations_next_30_days=registrations["count"],
        places_next_30_days=registrations["places"],
    )


def with_waiting_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Annotate `waiting_count`: people in line on each activity's waiting list (waiting or
    holding an offer)."""
    live = (
        WaitingListEntry.objects.filter(activity=OuterRef("pk"), status__in=WaitingListEntry.LIVE)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return activities.annotate(waiting_count=Coalesce(Subquery(live), 0))


def registrations_for_staff(activity: Activity) -> QuerySet[Registration]:
    """Everyone who registered for the activity, newest first, with their participant."""
    return (
        Registration.objects.filter(activity=activity)
        .select_related("participant")
        .only(
            "status",
            "places",
            "created_at",
            "checked_in_at",
            "participant__display_name",
            "participant__accessibility_needs",
        )
        .order_by("-created_at", "-id")
    )


LEVEL_CLASSES = {level: f"level-{level}" for level in Level.values}


@dataclass(frozen=True)
class LevelShare:
    """One segment of a practice's level mix."""

    level: int | None  # None: not yet known
    label: str
    count: int
    share: float  # percent of the confirmed registrants
    is_required: bool
    offset: float = 0.0  # percent taken by the segments before this one, where it starts

    @property
    def css_class(self) -> str:
        return LEVEL_CLASSES.get(self.level, "level-unknown")


@dataclass(frozen=True)
class PracticeLevelMix:
    """How the confirmed registrants of an activity spread over the levels of one practice."""

    practice: Practice
    required_level: int
    strictness: float
    total: int
    counts: dict[int | None, int]  # every level, and None for not yet known
    below_required: int

    @property
    def required_label(self) -> str:
        return Level(self.required_level).label

    @property
    def segments(self) -> list[LevelShare]:
        keys: list[int | None] = [*Level.values, None]
        segments = []
        offset = 0.0
        for key in keys:
            share = 100 * self.counts.get(key, 0) / self.total if self.total else 0.0
            segments.append(
                LevelShare(
                    level=key,
                    label=Level(key).label if key is not None else gettext_lazy("Not yet known"),
                    count=self.counts.get(key, 0),
                    share=share,
                    is_required=key == self.required_level,
                    offset=offset,
                )
            )
            offset += share
        return segments

    @property
    def unknown(self) -> int:
        return self.counts.get(None, 0)

    @property
    def below_share(self) -> float:
        return 100 * self.below_required / self.total if self.total else 0.0


def level_mix(activity: Activity) -> list[PracticeLevelMix]:
    """The level mix per required practice of the activity's confirmed registrants.

    A registrant's level is their observed competence when there is one, otherwise their
    self-assessment, otherwise not yet known. Three queries whatever the number of
    registrants or practices: the requirements, the confirmed registrants, and their
    competences in those practices.
    """
    requirements = list(
        Requirement.objects.filter(activity=activity)
        .select_related("practice")
        .order_by("-required_level", "practice__name")
    )
    if not requirements:
        return []
    confirmed = Registration.objects.filter(activity=activity, status=Registration.Status.CONFIRMED)
    people = confirmed.order_by().values_list("participant_id", flat=True)
    levels = registrant_levels(confirmed, list(people), [r.practice_id for r in requirements])
    return practice_level_mixes(requirements, levels)


def practice_level_mixes(
    requirements: Sequence[Requirement], levels: np.ndarray
) -> list[PracticeLevelMix]:
    """The level mix of each requirement's practice, from registrants × those practices."""
    mixes = []
    for j, requirement in enumerate(requirements):
        column = levels[:, j]
        counts = np.bincount(column.astype(np.int64) + 1, minlength=len(Level) + 1)
        mix: dict[int | None, int] = {level: int(counts[level + 1]) for level in Level.values}
        mix[None] = int(counts[0])
        mixes.append(
            PracticeLevelMix(
                practice=requirement.practice,
                required_level=requirement.required_level,
                strictness=requirement.strictness,
                total=len(levels),
                counts=mix,
                below_required=int(
                    np.count_nonzero((column >= 0) & (column < requirement.required_level))
                ),
            )
        )
    return mixes
