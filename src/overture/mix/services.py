"""Zoning an activity's registrants and confirming the zones: load, compute, persist."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.audience.models import Registration
from overture.engines.zoning import Zoning, ZoningProblem, zone
from overture.organisations.refusals import Refusal
from overture.season.models import Activity, Zone

from .figures import MixInputs, mix_inputs
from .models import ZoneAllocation, ZoningRun
from .wording import unseated_record

ALLOCATION_BATCH = 1000
ATTEMPTS = 2  # a registration during the computation: work the zones out once more
OUT_OF_DATE = gettext_lazy(
    "Registrations or zones changed since these zones were worked out: work them out again, "
    "then confirm."
)
KEPT_CHANGING = gettext_lazy(
    "Registrations or zones kept changing while the zones were being worked out: "
    "try again in a moment."
)

ZoneSettings = tuple[tuple[int, int, float], ...]
RegistrationStamp = tuple[int, datetime | None]


class ZoningRefused(Refusal):
    """Zoning cannot be worked out or confirmed; the message says why, for staff."""


def zone_settings(zones: Iterable[Zone]) -> ZoneSettings:
    """What a zoning depends on in each zone: id, capacity and strictness, in id order."""
    return tuple(sorted((z.pk, z.capacity, round(z.strictness, 6)) for z in zones))


def run_zone_settings(run: ZoningRun) -> ZoneSettings:
    """The zones as they were when the run was worked out (see `zone_settings`)."""
    return tuple(
        sorted(
            (int(z.get("id", 0)), int(z.get("capacity", 0)), round(z.get("strictness", 1.0), 6))
            for z in run.zones
        )
    )


def zoning_problem(inputs: MixInputs) -> ZoningProblem:
    """The activity's confirmed registrants and zones, as the zoning engine takes them."""
    audience = inputs.audience
    return ZoningProblem(
        levels=audience.levels,
        strictness=inputs.strictness,
        preference=audience.preference,
        zone_capacity=[z.capacity for z in inputs.zones],
        zone_norms=[z.strictness for z in inputs.zones],
        preferred_zone=audience.preferred_zone,
        party=audience.party,
    )


def _zone_rows(inputs: MixInputs, result: Zoning) -> list[dict]:
    per_zone = result.per_zone
    return [
        {
            "id": z.pk,
            "name": z.name,
            "capacity": z.capacity,
            "strictness": z.strictness,
            "seated": int(per_zone.size[i]),
            "conflict": float(per_zone.total[i]),
        }
        for i, z in enumerate(inputs.zones)
    ]


def _unseated_rows(inputs: MixInputs, result: Zoning) -> list[dict]:
    ids = inputs.audience.registration_ids
    return [
        unseated_record(int(ids[i]), reason)
        for i, reason in zip(result.unseated.tolist(), result.unseated_reason, strict=True)
    ]


def _refuse_unless_open(activity: Activity, now: datetime | None = None) -> None:
    """Zones of a cancelled or ended activity stay as they are."""
    if activity.status == Activity.Status.CANCELLED:
        raise ZoningRefused(
            _("“%(activity)s” is cancelled, so there is nobody to seat.")
            % {"activity": activity.title}
        )
    if activity.ends_at <= (now or timezone.now()):
        raise ZoningRefused(
            _("“%(activity)s” has ended, so its zones stay as they were.")
            % {"activity": activity.title}
        )


def _registration_stamp(activity_id: int) -> RegistrationStamp:
    """How many registrations the activity has and when the latest changed (one query)."""
    found = Registration.objects.filter(activity_id=activity_id).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    return found["count"], found["latest"]


def _current_zones(activity_id: int) -> ZoneSettings:
    return zone_settings(Zone.objects.filter(activity_id=activity_id))


def _work_out(activity_id: int) -> tuple[MixInputs, RegistrationStamp, Zoning]:
    """Read the activity's registrants and zones and seat them, without holding a lock."""
    activity = Activity.objects.select_related("organisation").get(pk=activity_id)
    _refuse_unless_open(activity)
    stamp = _registration_stamp(activity_id)  # read first: a later change shows as a new stamp
    inputs = mix_inputs([activity], with_runs=False)[activity_id]
    if not inputs.zones:
        raise ZoningRefused(
            _(
                "“%(activity)s” has no zones yet: add zones with their capacity and norms on "
                "its edit page, then work them out here."
            )
            % {"activity": activity.title}
        )
    if not inputs.audience.count:
        raise ZoningRefused(
            _("Nobody has a confirmed registration yet, so there is nobody to seat.")
        )
    return inputs, stamp, zone(zoning_problem(inputs))


def run_zoning(activity: Activity, user: AbstractBaseUser | None) -> ZoningRun:
    """Seat the confirmed registrants in the activity's zones and keep it as a proposal.

    The zones are worked out without holding the activity's lock, so registering there never
    waits for them; they are saved only if no registration or zone changed meanwhile, else
    worked out once more. The activity's earlier proposals are superseded. Raises
    ZoningRefused without zones or registrants, for a cancelled or ended activity, or when
    registrations kept changing.
    """
    for _attempt in range(ATTEMPTS):
        inputs, stamp, result = _work_out(activity.pk)
        run = _save_unless_changed(inputs, stamp, result, user)
        if run is not None:
            return run
    raise ZoningRefused(KEPT_CHANGING)


@transaction.atomic
def _save_unless_changed(
    inputs: MixInputs, stamp: RegistrationStamp, result: Zoning, user: AbstractBaseUser | None
) -> ZoningRun | None:
    """Keep the zoning as the activity's proposal; None when what it was worked out from
    changed since it was read."""
    locked = Activity.objects.select_for_update().get(pk=inputs.activity.pk)
    _refuse_unless_open(locked)
    if _registration_stamp(locked.pk) != stamp or _current_zones(locked.pk) != zone_settings(
        inputs.zones
    ):
        return None
    ZoningRun.objects.filter(activity=locked, status=ZoningRun.Status.PROPOSED).update(
        status=ZoningRun.Status.SUPERSEDED
    )
    run = ZoningRun.objects.create(
        activity=locked,
        started_by=user if user is not None and user.is_authenticated else None,
        registrants=inputs.audience.count,
        seated=result.seated,
        parties=result.parties,
        preferences_stated=result.preferences_stated,
        preferences_honoured=result.preferences_honoured,
        conflict_before=result.conflict_before,
        conflict_after=result.conflict_after,
        zones=_zone_rows(inputs, result),
        unseated=_unseated_rows(inputs, result),
    )
    zone_ids = [z.pk for z in inputs.zones]
    ZoneAllocation.objects.bulk_create(
        (
            ZoneAllocation(run=run, registration_id=int(registration), zone_id=zone_ids[z])
            for registration, z in zip(
                inputs.audience.registration_ids.tolist(), result.zone_of.tolist(), strict=True
            )
            if z >= 0
        ),
        batch_size=ALLOCATION_BATCH,
    )
    return run


def is_out_of_date(run: ZoningRun) -> bool:
    """Whether a registration or a zone of the run's activity changed since it was worked out."""
    changed = Registration.objects.filter(
        activity_id=run.activity_id, updated_at__gt=run.created_at
    ).exists()
    return changed or _current_zones(run.activity_id) != run_zone_settings(run)


@transaction.atomic
def confirm_zoning(run: ZoningRun, user: AbstractBaseUser | None) -> ZoningRun:
    """Make a proposed zoning the one participants see; the earlier confirmed one steps down.

    Confirming twice is harmless; a zoning a newer one replaced, one worked out before
    registrations or zones changed, and one of a cancelled or ended activity are refused.
    """
    activity = Activity.objects.select_for_update().get(pk=run.activity_id)
    current = ZoningRun.objects.select_for_update().get(pk=run.pk)
    _refuse_unless_open(activity)
    if current.status == ZoningRun.Status.CONFIRMED:
        return current
    if current.status == ZoningRun.Status.SUPERSEDED:
        raise ZoningRefused(
            _("A newer zoning has replaced this one: check the latest proposal and confirm that.")
        )
    if is_out_of_date(current):
        raise ZoningRefused(OUT_OF_DATE)
    ZoningRun.objects.filter(
        activity_id=current.activity_id, status=ZoningRun.Status.CONFIRMED
    ).update(status=ZoningRun.Status.SUPERSEDED)
    current.status = ZoningRun.Status.CONFIRMED
    current.confirmed_at = timezone.now()
    current.confirmed_by = user if user is not None and user.is_authenticated else None
    current.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    return current


def leave_zonings(registration: Registration, **_signal: object) -> None:
    """Take a cancelled place out of the activity's current zonings (proposed or confirmed).

    Receives `audience.signals.registration_cancelled`, inside the cancellation's transaction.
    The same registration comes back if the participant registers again, and then it has no
    zone (nor a reason it had none) until staff work the zones out again. Superseded zonings
    stay as they were: they are the record of what was proposed.
    """
    current = ZoningRun.objects.filter(activity_id=registration.activity_id).exclude(
        status=ZoningRun.Status.SUPERSEDED
    )
    registration.zone_allocations.filter(run__in=current).delete()
    for run in current.only("unseated"):
        kept = [item for item in run.unseated if item.get("registration") != registration.pk]
        if len(kept) != len(run.unseated):
            run.unseated = kept
            run.save(update_fields=["unseated"])
