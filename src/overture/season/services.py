"""Writes for the season: practices, activities with their requirements and zones, status."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overture.engines.signposting.labels import audience_labels
from overture.organisations.models import Organisation
from overture.organisations.refusals import Refusal

from . import signals
from .models import FORMAT_SCALE, Activity, Practice, Requirement, Zone
from .selectors import season_version_key

# The fields staff edit on the activity form; places_taken and status are never written from it.
ACTIVITY_FIELDS = (
    "title",
    "description",
    "format",
    "starts_at",
    "ends_at",
    "venue",
    "online",
    "capacity",
    "venue_address",
    "price",
    "concessions",
    "step_free",
    "captioned",
    "bsl",
    "relaxed",
    "quiet_space",
    "access_notes",
    "age_guidance",
    "places_per_booking",
)
# A zero-width word joiner keeps parked names apart from any name staff could type.
PARKED_ZONE_PREFIX = "\u2060renaming-"


@dataclass(frozen=True)
class RequirementSpec:
    """A practice the activity should involve, at a level and strictness."""

    practice_id: int
    required_level: int
    strictness: float


@dataclass(frozen=True)
class ZoneSpec:
    """A zone the activity should have; `zone_id` names an existing zone to keep."""

    name: str
    capacity: int
    norms: str
    zone_id: int | None = None
    strictness: float = 1.0  # how strictly the zone keeps the activity's norms


class ActivityChangeRefused(Refusal):
    """A change that cannot be made; the message tells staff why and what to do instead."""


@transaction.atomic
def save_practice(organisation: Organisation, practice: Practice) -> Practice:
    """Create or update a practice and its score in the organisation."""
    practice.organisation = organisation
    practice.save()
    return practice


@transaction.atomic
def save_activity(
    organisation: Organisation,
    activity: Activity,
    requirements: Sequence[RequirementSpec],
    zones: Sequence[ZoneSpec],
) -> Activity:
    """Create or update an activity together with its requirements and zones, all or nothing.

    `activity` carries the edited fields (a new activity starts as a draft). The requirements
    and zones given are the complete new set: rows not listed are removed. The activity row is
    locked while saving, so a capacity cut cannot race a registration for the last places.
    """
    _check_requirements(organisation, requirements)
    if activity.pk is None:
        activity.organisation = organisation
        activity.status = Activity.Status.DRAFT
        activity.places_taken = 0
        activity.save()
    else:
        places_taken = (
            Activity.objects.select_for_update()
            .filter(pk=activity.pk, organisation=organisation)
            .values_list("places_taken", flat=True)
            .get()
        )
        if activity.capacity < places_taken:
            raise ActivityChangeRefused(
                _(
                    "%(taken)s places are already taken, so the capacity can’t be lower "
                    "than %(taken)s."
                )
                % {"taken": places_taken},
                field="capacity",
            )
        activity.places_taken = places_taken
        activity.save(update_fields=ACTIVITY_FIELDS)
        signals.capacity_saved.send(sender=Activity, activity_id=activity.pk)
    _set_requirements(activity, requirements)
    _set_zones(activity, zones)
    activity.audience_label = refresh_audience_labels([activity.pk])[activity.pk]
    mark_season_changed(organisation.pk)
    return activity


def refresh_audience_labels(activity_ids: Iterable[int]) -> dict[int, int]:
    """Work out the audience label of these activities again from their saved requirements.

    Returns activity id → label. Three queries, whatever the number of activities.
    """
    ids = list(activity_ids)
    formats = dict(Activity.objects.filter(pk__in=ids).values_list("pk", "format"))
    ids = [pk for pk in ids if pk in formats]
    rows = Requirement.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "practice_id", "required_level", "strictness"
    )
    columns: dict[int, int] = {}
    cells: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for activity_id, practice_id, level, strictness in rows:
        column = columns.setdefault(practice_id, len(columns))
        cells[activity_id].append((column, level, strictness))
    required = np.full((len(ids), len(columns)), -1, dtype=np.int64)
    strictness = np.zeros(required.shape)
    for row, activity_id in enumerate(ids):
        for column, level, strict in cells[activity_id]:
            required[row, column], strictness[row, column] = level, strict
    scale = [FORMAT_SCALE.get(formats[pk], 0.5) for pk in ids]
    labels = dict(zip(ids, audience_labels(required, strictness, scale).tolist(), strict=True))
    by_label: dict[int, list[int]] = defaultdict(list)
    for activity_id, label in labels.items():
        by_label[label].append(activity_id)
    for label, same in by_label.items():
        Activity.objects.filter(pk__in=same).exclude(audience_label=label).update(
            audience_label=label
        )
    return labels


def mark_season_changed(organisation_id: int) -> None:
    """Tell readers that cache the season (signposting) to load it again, once committed."""
    transaction.on_commit(
        lambda: cache.set(season_version_key(organisation_id), time.time_ns(), None)
    )


def _check_requirements(organisation: Organisation, specs: Sequence[RequirementSpec]) -> None:
    practice_ids = {spec.practice_id for spec in specs}
    if len(practice_ids) != len(specs):
        raise ActivityChangeRefused(_("Each practice can appear only once."), field="requirements")
    if not practice_ids:
        return
    own = Practice.objects.filter(organisation=organisation, pk__in=practice_ids).count()
    if own != len(practice_ids):
        raise ActivityChangeRefused(
            _("Requirements can only use this organisation’s practices."), field="requirements"
        )


def _set_requirements(activity: Activity, specs: Sequence[RequirementSpec]) -> None:
    by_practice = {spec.practice_id: spec for spec in specs}
    Requirement.objects.filter(activity=activity).exclude(
        practice_id__in=list(by_practice)
    ).delete()
    existing = {r.practice_id: r for r in Requirement.objects.filter(activity=activity)}
    changed = []
    for practice_id, spec in by_practice.items():
        current = existing.get(practice_id)
        if current and (current.required_level, current.strictness) != (
            spec.required_level,
            spec.strictness,
        ):
            current.required_level, current.strictness = spec.required_level, spec.strictness
            changed.append(current)
    Requirement.objects.bulk_update(changed, ["required_level", "strictness"])
    Requirement.objects.bulk_create(
        Requirement(
            activity=activity,
            practice_id=spec.practice_id,
            required_level=spec.required_level,
            strictness=spec.strictness,
        )
        for practice_id, spec in by_practice.items()
        if practice_id not in existing
    )


def _set_zones(activity: Activity, specs: Sequence[ZoneSpec]) -> None:
    existing = {z.pk: z for z in Zone.objects.filter(activity=activity)}
    kept = {spec.zone_id for spec in specs if spec.zone_id in existing}
    Zone.objects.filter(activity=activity).exclude(pk__in=kept).delete()
    changed = []
    for spec in specs:
        zone = existing.get(spec.zone_id)
        if zone and (zone.name, zone.capacity, zone.norms, zone.strictness) != (
            spec.name,
            spec.capacity,
            spec.norms,
            spec.strictness,
        ):
            changed.append((zone, spec))
    for zone, spec in changed:
        if zone.name != spec.name:
            # Zones may swap names: park renamed ones under a unique name first, so the
            # one-name-per-activity constraint holds after every statement.
            Zone.objects.filter(pk=zone.pk).update(name=f"{PARKED_ZONE_PREFIX}{zone.pk}")
    for zone, spec in changed:
        zone.name, zone.capacity, zone.norms = spec.name, spec.capacity, spec.norms
        zone.strictness = spec.strictness
    Zone.objects.bulk_update(
        [zone for zone, _ in changed], ["name", "capacity", "norms", "strictness"]
    )
    Zone.objects.bulk_create(
        Zone(
            activity=activity,
            name=spec.name,
            capacity=spec.capacity,
            norms=spec.norms,
            strictness=spec.strictness,
        )
        for spec in specs
        if spec.zone_id not in existing
    )


@dataclass(frozen=True)
class StatusChange:
    """What a status action did, in words for staff."""

    activity: Activity
    changed: bool
    message: str
    warnings: list[str] = field(default_factory=list)


STATUS_ACTIONS = {
    "publish": Activity.Status.PUBLISHED,
    "cancel": Activity.Status.CANCELLED,
    "draft": Activity.Status.DRAFT,
}


@transaction.atomic
def change_activity_status(
    organisation: Organisation, activity_id: int, action: str
) -> StatusChange:
    """Publish, cancel or take an activity back to draft; raise ActivityChangeRefused if not.

    Cancelling keeps registrations (participants then see that the activity is cancelled).
    Going back to draft is refused while people are registered, since they could no longer
    see the activity.
    """
    if action not in STATUS_ACTIONS:
        raise ActivityChangeRefused(_("Unknown action: choose publish, cancel or draft."))
    target = STATUS_ACTIONS[action]
    activity = Activity.objects.select_for_update().get(pk=activity_id, organisation=organisation)
    if activity.status == target:
        state = activity.get_status_display().lower()
        return StatusChange(
            activity,
            False,
            _("“%(activity)s” is already %(state)s.") % {"activity": activity, "state": state},
        )
    confirmed = activity.places_taken  # people coming, parties included; true under this lock
    if target == Activity.Status.DRAFT and confirmed:
        raise ActivityChangeRefused(
            ngettext(
                "%(count)s person is registered for “%(activity)s”, so it can’t go back to "
                "draft. Cancel it instead if it will not take place.",
                "%(count)s people are registered for “%(activity)s”, so it can’t go back to "
                "draft. Cancel it instead if it will not take place.",
                confirmed,
            )
            % {"count": confirmed, "activity": activity}
        )
    activity.status = target
    activity.save(update_fields=["status"])
    mark_season_changed(organisation.pk)
    if target == Activity.Status.PUBLISHED:
        warnings = []
        if not Requirement.objects.filter(activity=activity).exists():
            warnings.append(
                _(
                    "“%(activity)s” has no practice requirements yet, so the season can’t tell "
                    "people whether it suits them. Add the practices it involves."
                )
                % {"activity": activity}
            )
        published = _("Published “%(activity)s”.") % {"activity": activity}
        return StatusChange(activity, True, published, warnings)
    if target == Activity.Status.CANCELLED:
        if confirmed:
            cancelled = ngettext(
                "Cancelled “%(activity)s”. %(count)s person is affected: their registrations "
                "are kept and they see that it is cancelled.",
                "Cancelled “%(activity)s”. %(count)s people are affected: their registrations "
                "are kept and they see that it is cancelled.",
                confirmed,
            )
        else:
            cancelled = _("Cancelled “%(activity)s”. Nobody had registered.")
        return StatusChange(activity, True, cancelled % {"count": confirmed, "activity": activity})
    drafted = _("“%(activity)s” is a draft again; only staff can see it.")
    return StatusChange(activity, True, drafted % {"activity": activity})
