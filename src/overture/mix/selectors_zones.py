"""Where each participant sits, as staff last confirmed it: a zone, no zone, or not yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, FilteredRelation, JSONField, OuterRef, Q, QuerySet, Subquery

from overture.audience.models import Registration
from overture.season.models import Zone

from .models import ZoningRun
from .wording import NO_ROOM, stored_unseated_words, unseated_words

ZONE_FIELDS = ("id", "activity_id", "name", "capacity", "norms", "strictness")


@dataclass(frozen=True)
class ZonePlace:
    """A registration's place in its activity's zones.

    Exactly one holds: `zone` is set (seated by the confirmed zoning), `unseated_reason` is
    set (the confirmed zoning found no zone for them), or neither (not zoned yet: no zoning is
    confirmed, or they registered after it was).
    """

    zone: Zone | None = None
    unseated_reason: str = ""

    @property
    def seated(self) -> bool:
        return self.zone is not None

    @property
    def unseated(self) -> bool:
        return self.zone is None and bool(self.unseated_reason)

    @property
    def pending(self) -> bool:
        return self.zone is None and not self.unseated_reason


def _latest_confirmed_run() -> QuerySet[ZoningRun]:
    return ZoningRun.objects.filter(
        activity_id=OuterRef("activity_id"), status=ZoningRun.Status.CONFIRMED
    ).order_by("-confirmed_at", "-id")


def zone_places(registration_ids: Iterable[int]) -> dict[int, ZonePlace]:
    """Registration id → its place in the zones, for confirmed registrations at activities
    with zones or a confirmed zoning (absent otherwise). One query, however many."""
    ids = list(registration_ids)
    if not ids:
        return {}
    latest = _latest_confirmed_run()
    rows = (
        Registration.objects.filter(pk__in=ids, status=Registration.Status.CONFIRMED)
        .order_by()
        .annotate(
            run_id=Subquery(latest.values("id")[:1]),
            run_unseated=Subquery(latest.values("unseated")[:1], output_field=JSONField()),
            has_zones=Exists(Zone.objects.filter(activity_id=OuterRef("activity_id"))),
        )
        .annotate(
            seat=FilteredRelation(
                "zone_allocations", condition=Q(zone_allocations__run_id=F("run_id"))
            )
        )
        .values(
            "id", "run_id", "run_unseated", "has_zones", *(f"seat__zone__{f}" for f in ZONE_FIELDS)
        )
    )
    return {row["id"]: place for row in rows if (place := _place(row)) is not None}


def _place(row: dict) -> ZonePlace | None:
    if row["seat__zone__id"] is not None:
        return ZonePlace(zone=Zone(**{f: row[f"seat__zone__{f}"] for f in ZONE_FIELDS}))
    if row["run_id"] is None:
        return ZonePlace() if row["has_zones"] else None
    for item in row["run_unseated"] or ():
        if item.get("registration") == row["id"]:
            return ZonePlace(unseated_reason=stored_unseated_words(item) or unseated_words(NO_ROOM))
    return ZonePlace()


def confirmed_zones(registration_ids: Iterable[int]) -> dict[int, Zone]:
    """Registration id → its zone in the activity's confirmed zoning (absent when none)."""
    return {pk: place.zone for pk, place in zone_places(registration_ids).items() if place.zone}
