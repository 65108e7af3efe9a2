"""Writes for the audience: sign-up, registrations, preferences and parties, self-assessment
and attendance.

Each write is one transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Q, QuerySet, Sum
from django.db.models.functions import Greatest
from django.utils import timezone

from overture.engines.levels import UNKNOWN
from overture.engines.signposting.social_learning import observed_levels_after_attendance
from overture.mix.models import ZoningRun
from overture.organisations.accounts import email_taken, normalise_email
from overture.organisations.models import Organisation
from overture.season.models import Activity, Practice, Requirement, Zone

from . import waiting_list
from .models import Competence, NormsPreference, Participant, Registration, WaitingListEntry

SELF_ASSESSMENT_CONFIDENCE = 0.6
OBSERVED_CONFIDENCE = 0.8  # seen taking part: surer than what people say of themselves
WRITE_BATCH = 500


class RegistrationRefused(Exception):
    """A registration that cannot be made; the message is shown to the participant."""


def _display_name_for(user: AbstractBaseUser) -> str:
    name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    if name:
        return name
    username = user.get_username()
    return username.split("@", 1)[0] or username


@transaction.atomic
def participant_for(user: AbstractBaseUser, organisation: Organisation) -> Participant:
    """The user's participant record in this organisation, created on first need.

    Staff members and people who signed up with another organisation get one as soon as they
    register or answer the self-assessment here.
    """
    participant, _ = Participant.objects.get_or_create(
        user=user,
        organisation=organisation,
        defaults={"display_name": _display_name_for(user)[:120]},
    )
    return participant


@transaction.atomic
def sign_up(
    organisation: Organisation,
    *,
    display_name: str,
    email: str,
    password: str,
    consent_contact: bool = False,
    consent_research: bool = False,
    accessibility_needs: str = "",
) -> Participant | None:
    """Make a waiting account (its email is its username) and its participant record together.

    The account stays inactive until its owner follows the link emailed to them. Returns None,
    writing nothing, when the email already has an account: the sign-up page then says the
    same as for a new one, and the email tells the owner.
    """
    email = normalise_email(email)
    if email_taken(email):
        return None
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=email,
                email=email,
                password=password,
                first_name=display_name[:150],
                is_active=False,
            )
    except IntegrityError:  # the same email signed up a moment ago
        return None
    consented = consent_contact or consent_research
    return Participant.objects.create(
        organisation=organisation,
        user=user,
        display_name=display_name,
        consent_contact=consent_contact,
        consent_research=consent_research,
        consented_at=timezone.now() if consented else None,
        accessibility_needs=accessibility_needs,
    )


@transaction.atomic
def confirm_sign_up(user: AbstractBaseUser) -> None:
    """The owner followed the emailed link: the account may log in from now on."""
    type(user).objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True


def _refusal(activity: Activity) -> str | None:
    if activity.status == Activity.Status.CANCELLED:
        return "This activity has been cancelled, so it no longer takes registrations."
    if activity.status != Activity.Status.PUBLISHED:
        return "This activity is not open for registration yet."
    if activity.ends_at <= timezone.now():
        return "This activity has already taken place."
    return None


def _places_refusal(activity: Activity, wanted: int, held: int = 0) -> str | None:
    """Why `wanted` places cannot be held at the activity by someone who holds `held` now."""
    if wanted < 1:
        return "Choose at least 1 place."
    if wanted <= held:  # giving places back is always possible
        return None
    if wanted > activity.places_per_booking:
        return (
            f"You can book at most {activity.places_per_booking} "
            f"place{'s' if activity.places_per_booking != 1 else ''} at once for this activity."
        )
    offered = waiting_list.places_held_by_offers(activity)
    left = activity.capacity - activity.places_taken - offered
    if wanted <= left + held:
        return None
    if held:
        if left <= 0:
            return "Sorry, every other place has been taken, so no more can be added."
        return (
            f"Sorry, only {left} more place{'s are' if left != 1 else ' is'} free, so you can "
            f"have at most {left + held}."
        )
    if left <= 0 and offered:
        return "Sorry, the places left are held for people on the waiting list."
    if left <= 0:
        return "Sorry, this activity is full: every place has been taken."
    return f"Sorry, only {left} place{'s are' if left != 1 else ' is'} left."


@transaction.atomic
def register(participant: Participant, activity_id: int, places: int = 1) -> Registration:
    """Book `places` places (the participant and their party), or raise RegistrationRefused.

    Registering again while holding a place is harmless: the places already held stay as they
    are (see `change_places` to change them). The activity row is locked, so concurrent
    bookings for the last places queue up behind each other and the counter can never pass
    the capacity.
    """
    activity = Activity.objects.select_for_update().get(
        pk=activity_id, organisation_id=participant.organisation_id
    )
    registration = Registration.objects.filter(participant=participant, activity=activity).first()
    if registration and registration.status == Registration.Status.CONFIRMED:
        return registration
    if reason := _refusal(activity) or _places_refusal(activity, places):
        raise RegistrationRefused(reason)
    if registration is None:
        registration = Registration.objects.create(
            participant=participant, activity=activity, places=places
        )
    else:
        registration.status = Registration.Status.CONFIRMED
        registration.places = places
        registration.save(update_fields=["status", "places", "updated_at"])
    Activity.objects.filter(pk=activity.pk).update(places_taken=F("places_taken") + places)
    waiting_list.leave_on_booking(participant, activity.pk)
    return registration


@transaction.atomic
def change_places(participant: Participant, activity_id: int, places: int) -> Registration:
    """Hold `places` places under the participant's confirmed registration instead.

    More places are taken only while they are free; fewer give the difference back. Asking
    for the number already held changes nothing.
    """
    activity = Activity.objects.select_for_update().get(
        pk=activity_id, organisation_id=participant.organisation_id
    )
    registration = Registration.objects.filter(
        participant=participant, activity=activity, status=Registration.Status.CONFIRMED
    ).first()
    if registration is None:
        raise RegistrationRefused(f"You don’t have a place at {activity.title}. Register first.")
    if registration.places == places:
        return registration
    if reason := _refusal(activity) or _places_refusal(activity, places, registration.places):
        raise RegistrationRefused(reason)
    difference = places - registration.places
    registration.places = places
    registration.save(update_fields=["places", "updated_at"])
    Activity.objects.filter(pk=activity.pk).update(places_taken=F("places_taken") + difference)
    if difference < 0:
        transaction.on_commit(partial(waiting_list.offer_freed_places, activity.pk), robust=True)
    return registration


@transaction.atomic
def cancel_registration(participant: Participant, activity_id: int) -> Registration | None:
    """Give every place of the registration back. Cancelling twice, or without a registration,
    is harmless.

    A place at an activity that has already taken place is a record of having been there,
    so it is not given back: RegistrationRefused says so.
    """
    activity = Activity.objects.select_for_update().get(
        pk=activity_id, organisation_id=participant.organisation_id
    )
    registration = Registration.objects.filter(participant=participant, activity=activity).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return registration
    if activity.ends_at <= timezone.now():
        raise RegistrationRefused(
            "This activity has already taken place, so there is nothing to cancel."
        )
    registration.status = Registration.Status.CANCELLED
    # Someone who comes back registers afresh: no seat kept with a party, no old wishes.
    registration.party = ""
    registration.norms_preference = NormsPreference.NONE
    registration.zone_preference = None
    registration.save(
        update_fields=["status", "party", "norms_preference", "zone_preference", "updated_at"]
    )
    _leave_zonings(registration)
    Activity.objects.filter(pk=activity.pk).update(
        places_taken=Greatest(F("places_taken") - registration.places, 0)
    )
    transaction.on_commit(partial(waiting_list.offer_freed_places, activity.pk), robust=True)
    return registration


def _leave_zonings(registration: Registration) -> None:
    """Take a cancelled place out of the activity's current zonings (proposed or confirmed).

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


# No 0/O or 1/I/L, so a code read aloud or copied from a message arrives intact.
PARTY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PARTY_CODE_LENGTH = 6
PARTY_CODE_MAX_LENGTH = Registration._meta.get_field("party").max_length
PARTY_MAX = 10  # people seated together under one code


def normalise_party_code(code: str) -> str:
    """A party code as stored: capitals, without the spaces or hyphens people type in it.

    >>> normalise_party_code(" k7m-q2x ")
    'K7MQ2X'
    """
    return "".join(code.split()).replace("-", "").upper()


def _locked_place(registration: Registration) -> Registration:
    """The registration as stored, with its activity locked, if preferences and parties may
    still change; else ValidationError.

    The activity row is locked first, as registering and cancelling do, so everything that
    changes who sits where at an activity queues up behind each other.
    """
    activity = Activity.objects.select_for_update().get(pk=registration.activity_id)
    current = Registration.objects.get(pk=registration.pk)
    current.activity = activity
    if current.status != Registration.Status.CONFIRMED:
        raise ValidationError(
            f"You don’t have a place at {activity.title} any more. Register first.",
            code="no_place",
        )
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(
            "This activity has been cancelled, so there is nothing more to arrange.",
            code="cancelled",
        )
    if activity.ends_at <= timezone.now():
        raise ValidationError(
            "This activity has already taken place, so this can no longer be changed.",
            code="ended",
        )
    return current


@transaction.atomic
def set_preferences(
    registration: Registration,
    norms_preference: int,
    zone_preference: Zone | int | None = None,
) -> Registration:
    """Store how the registrant likes to take part and the zone they would like, if any.

    The zone must be one of the activity's zones; None means no preference.
    """
    current = _locked_place(registration)
    if norms_preference not in NormsPreference.values:
        raise ValidationError(
            "Choose how you like to take part: no preference, relaxed, or quiet and traditional.",
            code="norms",
        )
    zone_id = zone_preference.pk if isinstance(zone_preference, Zone) else zone_preference
    in_activity = Zone.objects.filter(activity=current.activity)
    if zone_id is not None and not in_activity.filter(pk=zone_id).exists():
        raise ValidationError(
            "That zone is not part of this activity. Choose one of its zones, or no preference.",
            code="zone",
        )
    current.norms_preference = NormsPreference(norms_preference)
    current.zone_preference_id = zone_id
    current.save(update_fields=["norms_preference", "zone_preference", "updated_at"])
    registration.norms_preference = current.norms_preference
    registration.zone_preference_id = zone_id
    return current


def _new_party_code(activity_id: int) -> str:
    """A code no registration at the activity uses (checked under the activity's lock)."""
    while True:
        code = "".join(secrets.choice(PARTY_CODE_ALPHABET) for _ in range(PARTY_CODE_LENGTH))
        if not Registration.objects.filter(activity_id=activity_id, party__iexact=code).exists():
            return code


@transaction.atomic
def start_party(registration: Registration) -> str:
    """A party code for the registrant to give the people they come with.

    Someone already in a party gets that party's code again.
    """
    current = _locked_place(registration)
    if not current.party:
        current.party = _new_party_code(current.activity_id)
        current.save(update_fields=["party", "updated_at"])
    registration.party = current.party
    return current.party


@transaction.atomic
def join_party(registration: Registration, code: str) -> str:
    """Sit with the party that uses this code at the same activity; returns its code.

    Joining one's own party changes nothing; joining another party leaves the current one.
    The activity is locked, so people joining the last place at once cannot overfill a party.
    """
    typed = normalise_party_code(code)
    if not typed:
        raise ValidationError("Enter the party code you were given.", code="blank")
    current = _locked_place(registration)
    if current.party and current.party.upper() == typed:
        return current.party
    members = list(
        Registration.objects.filter(
            activity_id=current.activity_id,
            status=Registration.Status.CONFIRMED,
            party__iexact=typed,
        ).values_list("party", flat=True)[:PARTY_MAX]
    )
    if len(typed) > PARTY_CODE_MAX_LENGTH or not members:
        shown = f" {typed}" if len(typed) <= PARTY_CODE_MAX_LENGTH else ""
        raise ValidationError(
            f"There is no party with the code{shown} at this activity. Check the code with "
            "the person who gave it to you: it has 6 letters and digits.",
            code="unknown",
        )
    if len(members) >= PARTY_MAX:
        raise ValidationError(
            f"This party is full: a party holds at most {PARTY_MAX} people, so we can’t seat "
            "you with them. You can start a party of your own instead.",
            code="full",
        )
    current.party = members[0]  # the code exactly as the party stores it
    current.save(update_fields=["party", "updated_at"])
    registration.party = current.party
    return current.party


@transaction.atomic
def leave_party(registration: Registration) -> None:
    """Stop sitting with a party; the others keep their code. Leaving twice is harmless."""
    current = _locked_place(registration)
    if current.party:
        current.party = ""
        current.save(update_fields=["party", "updated_at"])
    registration.party = ""


@transaction.atomic
def record_self_assessment(
    participant: Participant,
    levels: Mapping[int, int],
    *,
    not_known: Iterable[int] = (),
    complete: bool = True,
) -> None:
    """Store self-assessed levels (practice id → level 0–3); observed levels stay untouched.

    Only the practices given change, so saving one step of the self-assessment keeps the
    answers of the others. `not_known` practices lose their self-assessed level (the person
    would rather not say); `complete` marks the whole self-assessment as done.

    The participant row is locked, so a form sent twice at once updates the levels it
    created the first time instead of creating them again.
    """
    list(Participant.objects.select_for_update().filter(pk=participant.pk).values("pk"))
    now = timezone.now()
    practices = Practice.objects.filter(organisation_id=participant.organisation_id)
    withdrawn = set(not_known) - set(levels)
    if withdrawn:
        Competence.objects.filter(
            participant=participant,
            source=Competence.Source.SELF,
            practice__in=practices.filter(pk__in=list(withdrawn)),
        ).delete()
    practice_ids = set(practices.filter(pk__in=list(levels)).values_list("pk", flat=True))
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
    if complete:
        Participant.objects.filter(pk=participant.pk).update(assessed_at=now)
        participant.assessed_at = now


def _release_places(registrations: QuerySet[Registration]) -> None:
    """Give back the places held by these registrations, before they are deleted."""
    held = (
        registrations.filter(status=Registration.Status.CONFIRMED)
        .values("activity_id")
        .annotate(places=Sum("places"))
        .order_by("activity_id")
    )
    held = {row["activity_id"]: row["places"] for row in held}
    # Lock in id order so two deletions never wait on each other.
    list(Activity.objects.select_for_update().filter(pk__in=held).order_by("pk").values("pk"))
    for activity_id, places in held.items():
        Activity.objects.filter(pk=activity_id).update(
            places_taken=Greatest(F("places_taken") - places, 0)
        )
        transaction.on_commit(partial(waiting_list.offer_freed_places, activity_id), robust=True)


@transaction.atomic
def delete_registrations(registrations: QuerySet[Registration]) -> int:
    """Delete registrations and give their places back; returns how many were deleted."""
    _release_places(registrations)
    return registrations.delete()[1].get(Registration._meta.label, 0)


@transaction.atomic
def delete_participants(participants: QuerySet[Participant]) -> int:
    """Delete participants with their registrations and competences, giving places back,
    and passing the places offered to them down their waiting lists."""
    _release_places(Registration.objects.filter(participant__in=participants))
    offered = set(
        WaitingListEntry.objects.filter(
            participant__in=participants, status=WaitingListEntry.Status.OFFERED
        ).values_list("activity_id", flat=True)
    )
    deleted = participants.delete()[1].get(Participant._meta.label, 0)
    for activity_id in sorted(offered):
        transaction.on_commit(partial(waiting_list.offer_freed_places, activity_id), robust=True)
    return deleted


class AttendanceRefused(Exception):
    """Attendance that cannot be recorded: the activity has not taken place (yet)."""


@dataclass(frozen=True)
class AttendanceRecord:
    """What recording one activity's attendance did."""

    activity_id: int
    registrations: int  # confirmed places counted as attended now
    levels_raised: int  # observed levels created or raised


def _attending(activity: Activity) -> QuerySet[Registration]:
    """Confirmed places not yet counted: only the checked-in ones when the door was kept."""
    confirmed = Registration.objects.filter(activity=activity, status=Registration.Status.CONFIRMED)
    door_kept = Exists(confirmed.filter(checked_in_at__isnull=False))
    return confirmed.filter(
        Q(checked_in_at__isnull=False) | ~door_kept, learning_recorded_at__isnull=True
    )


@transaction.atomic
def record_attendance(activity: Activity) -> AttendanceRecord:
    """Count the places used at an ended activity as attended, once per registration.

    Places used are the checked-in ones when anyone was checked in at the door, otherwise
    every confirmed place.

    For each such registrant and each practice the activity involves, the observed level moves
    by the social-learning rule (`engines.signposting.social_learning`); self-assessed levels
    are never touched. Each registration is stamped in the same transaction, so recording the
    activity again changes nothing. The activity row, then its registrants' rows in id order, are
    locked, like registering and answering the self-assessment do.
    """
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != Activity.Status.PUBLISHED:
        raise AttendanceRefused("Only published activities that took place have attendance.")
    if activity.ends_at > timezone.now():
        raise AttendanceRefused("This activity has not ended yet.")
    registrants = _attending(activity).values("participant_id")
    list(
        Participant.objects.select_for_update()
        .filter(pk__in=registrants)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    pending = list(_attending(activity).order_by("pk").values_list("pk", "participant_id"))
    if not pending:
        return AttendanceRecord(activity.pk, 0, 0)
    requirements = list(
        Requirement.objects.filter(activity=activity)
        .order_by("practice_id")
        .values_list("practice_id", "required_level", "strictness")
    )
    raised = _observe(activity, [person for _, person in pending], requirements)
    now = timezone.now()
    ids = [pk for pk, _ in pending]
    for start in range(0, len(ids), WRITE_BATCH):
        Registration.objects.filter(pk__in=ids[start : start + WRITE_BATCH]).update(
            learning_recorded_at=now
        )
    return AttendanceRecord(activity.pk, len(pending), raised)


def _observe(
    activity: Activity, people: list[int], requirements: list[tuple[int, int, float]]
) -> int:
    """Move the registrants' observed levels in the activity's practices; returns how many."""
    if not requirements:
        return 0
    practices = [practice for practice, _, _ in requirements]
    column = {practice: j for j, practice in enumerate(practices)}
    row = {person: i for i, person in enumerate(people)}
    own = np.full((len(people), len(practices)), UNKNOWN, dtype=np.int64)
    observed = own.copy()
    rows: dict[tuple[int, int], Competence] = {}
    for competence in Competence.objects.filter(
        participant_id__in=_attending(activity).values("participant_id"),
        practice_id__in=practices,
    ).only("participant_id", "practice_id", "source", "level", "assessed_at"):
        cell = row[competence.participant_id], column[competence.practice_id]
        if competence.source == Competence.Source.OBSERVED:
            observed[cell] = competence.level
            rows[cell] = competence
        else:
            own[cell] = competence.level
    required = np.array([level for _, level, _ in requirements])
    strictness = np.array([strict for _, _, strict in requirements])
    after = observed_levels_after_attendance(observed, own, required, strictness)
    created, changed = [], []
    for i, j in zip(*(axis.tolist() for axis in np.nonzero(after != observed)), strict=True):
        level = int(after[i, j])
        competence = rows.get((i, j))
        if competence is None:
            created.append(
                Competence(
                    participant_id=people[i],
                    practice_id=practices[j],
                    level=level,
                    confidence=OBSERVED_CONFIDENCE,
                    source=Competence.Source.OBSERVED,
                    assessed_at=activity.ends_at,
                )
            )
        else:
            competence.level = level
            competence.confidence = OBSERVED_CONFIDENCE
            competence.assessed_at = max(competence.assessed_at, activity.ends_at)
            changed.append(competence)
    Competence.objects.bulk_create(created, batch_size=WRITE_BATCH)
    Competence.objects.bulk_update(
        changed, ["level", "confidence", "assessed_at"], batch_size=WRITE_BATCH
    )
    return len(created) + len(changed)
