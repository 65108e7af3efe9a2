"""Reads for the season's staff pages, each with a fixed number of queries whatever the
season's size."""

from __future__ import annotations

from django.db.models import Case, Count, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from overture.organisations.models import Organisation

from .models import Activity, Practice


def next_activities(organisation: Organisation, limit: int = 5) -> list[Activity]:
    """The next published activities that have not ended yet, soonest first."""
    return list(Activity.objects.filter(organisation=organisation).published().upcoming()[:limit])


def practices_for_staff(organisation: Organisation) -> QuerySet[Practice]:
    """The organisation's practices, each with how many activities involve it."""
    return Practice.objects.filter(organisation=organisation).annotate(
        activity_count=Count("requirements")
    )


ACTIVITY_WHEN = {"upcoming": gettext_lazy("Upcoming"), "past": gettext_lazy("Past")}


def activities_for_staff(
    organisation: Organisation, status: str = "", when: str = ""
) -> QuerySet[Activity]:
    """The organisation's activities for the staff list, optionally by status and time."""
    activities = Activity.objects.filter(organisation=organisation).annotate(
        requirement_count=Count("requirements")
    )
    if status in Activity.Status.values:
        activities = activities.filter(status=status)
    now = timezone.now()
    if when == "upcoming":
        return activities.filter(ends_at__gte=now).order_by("starts_at", "id")
    if when == "past":
        return activities.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    # Any time: what is coming up first, then what has taken place.
    return activities.annotate(
        has_ended=Case(When(ends_at__lt=now, then=Value(1)), default=Value(0))
    ).order_by("has_ended", "starts_at", "id")
