"""Writes at the door: checking a registration's party in, by the list or by its ticket, and
undoing it.

Each write locks the activity row first, as booking does, so two phones at the same door never
stamp the same registration twice; checking in again, or undoing what is not checked in,
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overture.organisations.models import Organisation
from overture.organisations.refusals import Refusal
from overture.season.models import Activity

from .models import Registration
from .tickets import registration_from_ticket

__all__ = ["CheckIn", "CheckInRefused", "check_in", "check_in_ticket", "undo_check_in"]


class CheckInRefused(Refusal):
    """A check-in that cannot be made; the message is shown to the member of staff."""


@dataclass(frozen=True)
class CheckIn:
    """What a check-in (or its undoing) did to one registration."""

    registration: Registration
    changed: bool  # False when it was already as asked

    @property
    def message(self) -> str:
        registration = self.registration
        who = registration.participant.display_name
        places = registration.places
        if places > 1:
            who = ngettext("%(who)s (%(count)s place)", "%(who)s (%(count)s places)", places) % {
                "who": who,
                "count": places,
            }
        if registration.checked_in_at is None:
            return _("%(who)s is no longer checked in.") % {"who": who}
        if self.changed:
            return _("%(who)s is checked in.") % {"who": who}
        at = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
        return _("%(who)s was already checked in at %(time)s.") % {"who": who, "time": at}


def _locked(activity: Activity, registration_id: int) -> Registration:
    """The activity's registration, read after locking the activity row."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    registration = (
        Registration.objects.filter(pk=registration_id, activity=locked)
        .select_related("participant", "activity")
        .first()
    )
    if registration is None:
        raise CheckInRefused(_("That registration is not for this activity."))
    return registration


def _admits(registration: Registration) -> None:
    if registration.status != Registration.Status.CONFIRMED:
        raise CheckInRefused(
            _("%(name)s's booking was cancelled: it does not admit anyone.")
            % {"name": registration.participant.display_name}
        )
    if registration.activity.status != Activity.Status.PUBLISHED:
        raise CheckInRefused(_("This activity is not published, so nobody can be checked in."))


@transaction.atomic
def check_in(
    activity: Activity, registration_id: int, by: AbstractBaseUser | None = None
) -> CheckIn:
    """Check in the registration's party at the activity; checking in twice keeps the first."""
    registration = _locked(activity, registration_id)
    _admits(registration)
    if registration.checked_in_at is not None:
        return CheckIn(registration, changed=False)
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by if by is not None and by.is_authenticated else None
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return CheckIn(registration, changed=True)


@transaction.atomic
def undo_check_in(activity: Activity, registration_id: int) -> CheckIn:
    """Take back a check-in made by mistake; undoing twice changes nothing."""
    registration = _locked(activity, registration_id)
    if registration.checked_in_at is None:
        return CheckIn(registration, changed=False)
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return CheckIn(registration, changed=True)


def check_in_ticket(
    organisation: Organisation, activity: Activity, code: str, by: AbstractBaseUser | None = None
) -> CheckIn:
    """Check in the party whose ticket code was scanned or typed at this activity's door."""
    registration = registration_from_ticket(organisation, code)
    if registration is None:
        raise CheckInRefused(
            _(
                "This ticket code is not valid here: it may be mistyped, altered, "
                "or for another organisation."
            )
        )
    if registration.activity_id != activity.pk:
        other = registration.activity
        when = timezone.localtime(other.starts_at).strftime("%-d %B %Y, %H:%M")
        raise CheckInRefused(
            _("This ticket is for “%(activity)s” on %(when)s, not this activity.")
            % {"activity": other.title, "when": when}
        )
    return check_in(activity, registration.pk, by)
