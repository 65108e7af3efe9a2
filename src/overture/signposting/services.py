"""What signposting writes: participants telling us which entry points they'd come to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from overture.audience.selectors import participant_of
from overture.audience.services import participant_for
from overture.organisations.models import Organisation
from overture.season.models import Practice

from .models import EntryPointWish


@transaction.atomic
def tell_us_youd_come(
    user: AbstractBaseUser, organisation: Organisation, practice: Practice, level: int
) -> tuple[EntryPointWish, bool]:
    """Record that the user would come to an activity welcoming `level` in `practice`.

    Idempotent: saying it twice keeps one wish (the unique constraint settles a race between
    two requests). Returns the wish and whether it is new.
    """
    if practice.organisation_id != organisation.pk:
        raise ValueError("The practice belongs to another organisation.")
    participant = participant_for(user, organisation)
    return EntryPointWish.objects.get_or_create(
        participant=participant, practice=practice, level=level
    )


@transaction.atomic
def take_back_wish(
    user: AbstractBaseUser, organisation: Organisation, practice: Practice, level: int
) -> bool:
    """Forget the user's wish for this entry point; whether there was one to forget."""
    participant = participant_of(user, organisation)
    if participant is None:
        return False
    deleted, _ = EntryPointWish.objects.filter(
        participant=participant, practice=practice, level=level
    ).delete()
    return deleted > 0
