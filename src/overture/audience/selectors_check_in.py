"""Reads at the door: who is in, who has not arrived, who did not come, and the registrants
export. Each read is a fixed number of queries whatever the activity's size."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.organisations.exports import csv_row
from overture.season.models import Activity

from .models import Registration

__all__ = [
    "EXPORT_HEADER",
    "Arrival",
    "DoorCounts",
    "DoorTime",
    "arrivals",
    "door_counts",
    "door_list",
    "door_time",
    "export_rows",
]

CONFIRMED = Registration.Status.CONFIRMED


@dataclass(frozen=True)
class DoorCounts:
    """Confirmed registrations and the places they hold, and how many of each are in."""

    registrations_in: int
    registrations: int
    places_in: int
    places: int

    @property
    def text(self) -> str:
        """E.g. "57 of 120 checked in (places: 63 of 131)"."""
        return _(
            "%(registrations_in)s of %(registrations)s checked in "
            "(places: %(places_in)s of %(places)s)"
        ) % {
            "registrations_in": self.registrations_in,
            "registrations": self.registrations,
            "places_in": self.places_in,
            "places": self.places,
        }

    @property
    def not_in(self) -> int:
        """Confirmed registrations not checked in."""
        return self.registrations - self.registrations_in

    @property
    def any_in(self) -> bool:
        return self.registrations_in > 0


def door_counts(activity: Activity) -> DoorCounts:
    """Check-in counts of the activity's confirmed registrations (one query)."""
    checked_in = Q(checked_in_at__isnull=False)
    figures = Registration.objects.filter(activity=activity, status=CONFIRMED).aggregate(
        n=Count("pk"),
        n_in=Count("pk", filter=checked_in),
        held=Coalesce(Sum("places"), 0),
        held_in=Coalesce(Sum("places", filter=checked_in), 0),
    )
    return DoorCounts(
        registrations_in=figures["n_in"],
        registrations=figures["n"],
        places_in=figures["held_in"],
        places=figures["held"],
    )


def door_list(activity: Activity, name: str = "") -> QuerySet[Registration]:
    """The activity's confirmed registrations by name, those whose name contains `name`."""
    registrations = Registration.objects.filter(activity=activity, status=CONFIRMED)
    name = " ".join(name.split())
    if name:
        registrations = registrations.filter(participant__display_name__icontains=name)
    return (
        registrations.select_related("participant")
        .only(
            "places",
            "status",
            "checked_in_at",
            "activity_id",
            "participant__display_name",
            "participant__accessibility_needs",
        )
        .order_by("participant__display_name", "pk")
    )


@dataclass(frozen=True)
class DoorTime:
    """Where the activity is in time, and whether anyone was checked in at its door.

    People not checked in are "not arrived" once it has started and no-shows once it has
    ended, but only when the door was kept at all: with no check-ins, nothing is known.
    """

    started: bool
    ended: bool
    door_kept: bool


def door_time(activity: Activity, counts: DoorCounts, now: datetime | None = None) -> DoorTime:
    now = now or timezone.now()
    return DoorTime(
        started=activity.starts_at <= now, ended=activity.ends_at <= now, door_kept=counts.any_in
    )


@dataclass(frozen=True)
class Arrival:
    """One registration with what the door knows of it: "Checked in 19:02", "No-show"…"""

    registration: Registration
    word: str  # empty when there is nothing to say
    css_class: str


def _arrival(registration: Registration, time: DoorTime) -> tuple[str, str]:
    if registration.status != CONFIRMED:
        return "", ""
    if registration.checked_in_at is not None:
        at = timezone.localtime(registration.checked_in_at)
        return _("Checked in %(time)s") % {"time": f"{at:%H:%M}"}, "open"
    if not time.door_kept or not time.started:
        return "", ""
    if time.ended:
        return _("No-show"), "cancelled"
    return _("Not arrived"), "waiting"


def arrivals(registrations: list[Registration], time: DoorTime) -> list[Arrival]:
    return [Arrival(r, *_arrival(r, time)) for r in registrations]


EXPORT_HEADER = [
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Places"),
    gettext_lazy("Status"),
    gettext_lazy("Checked in"),
    gettext_lazy("Access needs"),
]


def _export_time(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else ""


def export_rows(activity: Activity) -> Iterator[list]:
    """One CSV row per registration, by name; the email only where the person agreed to contact.

    Text cells go through `csv_row`, so nothing a person typed opens as a formula.
    """
    registrations = (
        Registration.objects.filter(activity=activity)
        .select_related("participant__user")
        .only(
            "places",
            "status",
            "checked_in_at",
            "participant__display_name",
            "participant__consent_contact",
            "participant__accessibility_needs",
            "participant__user__email",
        )
        .order_by("participant__display_name", "pk")
    )
    for registration in registrations.iterator(chunk_size=500):
        person = registration.participant
        yield csv_row(
            [
                person.display_name,
                person.user.email if person.consent_contact else "",
                registration.places,
                registration.get_status_display(),
                _export_time(registration.checked_in_at),
                person.accessibility_needs,
            ]
        )
