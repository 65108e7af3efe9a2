"""Reads for the public season pages, each in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from overture.organisations.models import Organisation

from .models import Activity, Requirement
from .practical import ACCESS_FEATURES

# The access features a visitor can ask for; each is a true/false field of Activity.
ACCESS_FIELDS = tuple(field for field, _ in ACCESS_FEATURES)

# Cancelled activities stay visible (with a badge) so people who planned to come find out.
PUBLIC_STATUSES = (Activity.Status.PUBLISHED, Activity.Status.CANCELLED)


@dataclass(frozen=True)
class SeasonFilters:
    """What a visitor narrowed the season down to; None means “any”."""

    date_from: date | None = None
    date_to: date | None = None
    format: str | None = None
    practice_id: int | None = None
    audience_label: int | None = None
    free: bool = False
    access: tuple[str, ...] = ()  # access features (Activity fields) that must all be offered

    @property
    def active(self) -> bool:
        values = (self.date_from, self.date_to, self.format, self.practice_id, self.audience_label)
        return any(v is not None for v in values) or self.free or bool(self.access)


def _with_requirements(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Requirements and their practices in one extra query, whatever the number of activities."""
    return activities.prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.select_related("practice"))
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def public_activities(organisation: Organisation) -> QuerySet[Activity]:
    """Every activity the public may open: published or cancelled, never drafts."""
    return Activity.objects.filter(organisation=organisation, status__in=PUBLIC_STATUSES)


# The reads below take the activities to read from (say, the public ones), so that an app
# above the season can add figures of its own to them first, such as places held by offers.


def activity_page(activities: QuerySet[Activity], pk: int) -> Activity | None:
    """One of these activities with its requirements, their practices and its zones."""
    return _with_requirements(activities).prefetch_related("zones").filter(pk=pk).first()


def season_activities(
    activities: QuerySet[Activity], filters: SeasonFilters | None = None
) -> QuerySet[Activity]:
    """The upcoming ones of these activities, earliest first, narrowed by the visitor's
    filters, with their requirements."""
    filters = filters or SeasonFilters()
    activities = _with_requirements(activities).upcoming()
    if filters.date_from is not None:
        activities = activities.filter(starts_at__gte=_start_of(filters.date_from))
    if filters.date_to is not None:
        activities = activities.filter(starts_at__lte=_end_of(filters.date_to))
    if filters.format is not None:
        activities = activities.filter(format=filters.format)
    if filters.practice_id is not None:
        # One requirement per (activity, practice), so the join never repeats an activity.
        activities = activities.filter(requirements__practice_id=filters.practice_id)
    if filters.audience_label is not None:
        activities = activities.filter(audience_label=filters.audience_label)
    if filters.free:
        activities = activities.filter(price=0)
    offered = {feature: True for feature in filters.access if feature in ACCESS_FIELDS}
    if offered:
        activities = activities.filter(**offered)
    return activities.order_by("starts_at", "id")


def season_version_key(organisation_id: int) -> str:
    """Cache key of a token that changes whenever staff change the organisation's season."""
    return f"overture:season-version:{organisation_id}"


def season_version(organisation_id: int) -> int:
    """The token of the season's last change (0 when none is remembered); no query."""
    return cache.get(season_version_key(organisation_id), 0)


def activities_in_order(activities: QuerySet[Activity], ids: list[int]) -> list[Activity]:
    """The ones of these activities with the given ids, with their requirements and
    practices, in the order of `ids`.

    Two queries whatever the number; ids that are not among the activities are left out.
    """
    found = _with_requirements(activities).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
