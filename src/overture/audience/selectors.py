"""Reads about participants and their registrations, each in a bounded number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from overture.organisations.models import Organisation
from overture.season.models import Activity, Practice

from .models import Competence, Participant, Registration


def participant_of(
    user: AbstractBaseUser | AnonymousUser, organisation: Organisation
) -> Participant | None:
    """The user's participant record in this organisation, if they have one yet."""
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(user=user, organisation=organisation).first()


def registration_for(participant: Participant | None, activity: Activity) -> Registration | None:
    """The participant's registration for the activity (confirmed or cancelled), if any."""
    if participant is None:
        return None
    registration = Registration.objects.filter(participant=participant, activity=activity).first()
    if registration is not None:
        registration.activity = activity  # already loaded: its ticket needs no query
    return registration


def held_registration(
    user: AbstractBaseUser | AnonymousUser, organisation: Organisation, activity_id: int
) -> Registration | None:
    """The user's confirmed place at one of the organisation's activities that goes ahead
    (published, not cancelled), with its activity and participant; one query."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            participant__user=user,
            participant__organisation=organisation,
            activity_id=activity_id,
            activity__organisation=organisation,
            activity__status=Activity.Status.PUBLISHED,
            status=Registration.Status.CONFIRMED,
        )
        .select_related("activity__organisation", "participant")
        .first()
    )


@dataclass(frozen=True)
class PartyMember:
    """Someone the registrant will be seated with (or the registrant themselves)."""

    name: str
    is_you: bool


def party_members(registration: Registration | None) -> list[PartyMember]:
    """Everyone with a confirmed place in the registrant's party, by name; one query."""
    if registration is None or not registration.party:
        return []
    rows = (
        Registration.objects.filter(
            activity_id=registration.activity_id,
            party=registration.party,
            status=Registration.Status.CONFIRMED,
        )
        .order_by("participant__display_name", "pk")
        .values_list("pk", "participant__display_name")
    )
    return [PartyMember(name, pk == registration.pk) for pk, name in rows]


def registered_activity_ids(
    participant: Participant | None, activity_ids: Iterable[int]
) -> set[int]:
    """Which of these activities the participant holds a confirmed place at."""
    ids = list(activity_ids)
    if participant is None or not ids:
        return set()
    return set(
        Registration.objects.filter(
            participant=participant,
            activity_id__in=ids,
            status=Registration.Status.CONFIRMED,
        ).values_list("activity_id", flat=True)
    )


def assessment_practices(organisation: Organisation) -> QuerySet[Practice]:
    """The practices the self-assessment asks about: the most common experiences first."""
    return Practice.objects.filter(organisation=organisation).order_by(
        "assessment_order", "name", "id"
    )


def self_assessed_levels(participant: Participant | None) -> dict[int, int]:
    """Practice id → level the participant gave themselves."""
    if participant is None:
        return {}
    return dict(
        Competence.objects.filter(
            participant=participant, source=Competence.Source.SELF
        ).values_list("practice_id", "level")
    )


def has_begun_self_assessment(participant: Participant | None) -> bool:
    """Whether the participant has answered at least one question of the self-assessment."""
    if participant is None:
        return False
    return Competence.objects.filter(
        participant=participant, source=Competence.Source.SELF
    ).exists()


def _confirmed(participant: Participant) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(participant=participant, status=Registration.Status.CONFIRMED)
        .exclude(activity__status=Activity.Status.DRAFT)
        .select_related("activity")
    )


def upcoming_registrations(participant: Participant) -> QuerySet[Registration]:
    """Confirmed places at activities that have not ended yet, soonest first."""
    return (
        _confirmed(participant)
        .filter(activity__ends_at__gte=timezone.now())
        .order_by("activity__starts_at", "activity_id")
    )


def past_registrations(participant: Participant) -> QuerySet[Registration]:
    """Confirmed places at activities that have ended, most recent first."""
    return (
        _confirmed(participant)
        .filter(activity__ends_at__lt=timezone.now())
        .order_by("-activity__starts_at", "-activity_id")
    )


def activities_awaiting_attendance(organisation: Organisation | None = None) -> QuerySet[Activity]:
    """Published activities that have ended with confirmed places not yet counted as attended.

    Earliest end first, so that levels build up in the order the activities took place.
    """
    uncounted = Registration.objects.filter(
        activity=OuterRef("pk"),
        status=Registration.Status.CONFIRMED,
        learning_recorded_at__isnull=True,
    )
    activities = Activity.objects.published().filter(ends_at__lte=timezone.now())
    if organisation is not None:
        activities = activities.filter(organisation=organisation)
    return activities.filter(Exists(uncounted)).order_by("ends_at", "pk")
