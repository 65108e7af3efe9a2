"""Writes for an organisation's members: invite, change role, remove.

An organisation always keeps at least one admin: the checks that protect the last one run
with the organisation's admin memberships locked, so two admins demoting each other at the
same moment cannot both succeed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .accounts import account_for_email, normalise_email
from .models import Membership, Organisation
from .refusals import Refusal

Role = Membership.Role


class MembershipRefused(Refusal):
    """A change to the members that cannot be made; the message is shown to the admin."""


LAST_ADMIN = gettext_lazy(
    "%(name)s is the organisation's only admin. Make someone else an admin first, so that "
    "someone can still manage the organisation."
)


def _lock_admins(organisation: Organisation) -> list[int]:
    """Lock the organisation's admin memberships; return their ids."""
    return list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def invite_member(organisation: Organisation, email: str, role: str) -> tuple[Membership, bool]:
    """Give the account with this email a role here, making the account if there is none.

    Returns the membership and whether the account is new (it then has no password yet: the
    invitation lets its owner choose one).
    """
    if role not in Role.values:
        raise MembershipRefused(_("Choose one of the roles."), field="role")
    email = normalise_email(email)
    user = account_for_email(email)
    created = user is None
    if created:
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(username=email, email=email)
        except IntegrityError as exc:  # the same address invited a moment ago
            raise MembershipRefused(
                _("This person was invited a moment ago."), field="email"
            ) from exc
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise MembershipRefused(
            _("%(email)s is a member already; change their role below.") % {"email": email},
            field="email",
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    except IntegrityError as exc:
        raise MembershipRefused(
            _("%(email)s is a member already; change their role below.") % {"email": email},
            field="email",
        ) from exc
    return membership, created


@transaction.atomic
def change_role(membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise MembershipRefused(_("Choose one of the roles."))
    admins = _lock_admins(membership.organisation)
    membership.refresh_from_db()
    if membership.role == Role.ADMIN and role != Role.ADMIN and admins == [membership.pk]:
        raise MembershipRefused(LAST_ADMIN % {"name": _name(membership.user)})
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership: Membership) -> None:
    admins = _lock_admins(membership.organisation)
    if admins == [membership.pk]:
        raise MembershipRefused(LAST_ADMIN % {"name": _name(membership.user)})
    Membership.objects.filter(pk=membership.pk).delete()


def _name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()
