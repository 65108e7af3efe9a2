"""Writes for the audience: registrations and self-assessment, each inside one transaction."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from overture.season.models import Activity, Practice

from .models import Competence, Participant, Registration

SELF_ASSESSMENT_CONFIDENCE = 0.6


class RegistrationRefused(Exception):
    """A registration that cannot be made; the message is shown to the participant."""


def _refusal(activity: Activity) -> str | None:
    if activity.status == Activity.Status.CANCELLED:
        return "This activity has been cancelled, so it no longer takes registrations."
    if activity.status != Activity.Status.PUBLISHED:
        return "This activity is not open for registration yet."
    if activity.ends_at <= timezone.now():
        return "This activity has already taken place."
    return None


@transaction.atomic
def register(participant: Participant, activity_id: int) -> Registration:
    """Give the participant a place, or raise RegistrationRefused. Registering twice is harmless.

    The activity row is locked, so concurrent registrations for the last places queue up
    behind each other and the counter can never pass the capacity.
    """
    activity = Activity.objects.select_for_update().get(
        pk=activity_id, organisation_id=participant.organisation_id
    )
    registration = Registration.objects.filter(participant=participant, activity=activity).first()
    if registration and registration.status == Registration.Status.CONFIRMED:
        return registration
    if reason := _refusal(activity):
        raise RegistrationRefused(reason)
    if activity.is_full:
        raise RegistrationRefused("Sorry, this activity is full: every place has been taken.")
    if registration is None:
        registration = Registration.objects.create(participant=participant, activity=activity)
    else:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
    Activity.objects.filter(pk=activity.pk).update(places_taken=F("places_taken") + 1)
    return registration


@transaction.atomic
def cancel_registration(participant: Participant, activity_id: int) -> Registration | None:
    """Give the place back. Cancelling twice, or without a registration, is harmless."""
    activity = Activity.objects.select_for_update().get(
        pk=activity_id, organisation_id=participant.organisation_id
    )
    registration = Registration.objects.filter(participant=participant, activity=activity).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    Activity.objects.filter(pk=activity.pk, places_taken__gt=0).update(
        places_taken=F("places_taken") - 1
    )
    return registration


@transaction.atomic
def record_self_assessment(participant: Participant, levels: Mapping[int, int]) -> None:
    """Store self-assessed levels (practice id → level 0–3); observed levels stay untouched."""
    now = timezone.now()
    practice_ids = set(
        Practice.objects.filter(
            organisation_id=participant.organisation_id, pk__in=list(levels)
        ).values_list("pk", flat=True)
    )
    existing = {
        c.practice_id: c
        for c in Competence.objects.filter(
            participant=participant, source=Competence.Source.SELF, practice_id__in=practice_ids
        )
    }
    changed, created = [], []
    for practice_id in practice_ids:
        level = int(levels[practice_id])
        competence = existing.get(practice_id)
        if competence is None:
            created.append(
                Competence(
                    participant=participant,
                    practice_id=practice_id,
                    level=level,
                    confidence=SELF_ASSESSMENT_CONFIDENCE,
                    source=Competence.Source.SELF,
                    assessed_at=now,
                )
            )
        else:
            competence.level, competence.assessed_at = level, now
            changed.append(competence)
    Competence.objects.bulk_create(created)
    Competence.objects.bulk_update(changed, ["level", "assessed_at"])
    Participant.objects.filter(pk=participant.pk).update(assessed_at=now)
    participant.assessed_at = now
