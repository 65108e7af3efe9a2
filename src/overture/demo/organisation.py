"""The demo organisation: its name, the people who show it, and how to remove it again."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet

from overture.audience.models import Competence, Participant, Registration
from overture.organisations.models import Membership, Organisation
from overture.season.models import Activity

DEMO_NAME = "Northbank Symphony Orchestra"
DEMO_SLUG = "northbank"
DEMO_PASSWORD = "overture-demo"
# (username, given name, family name, role) of the people who show the demo.
STAFF = (
    ("stella", "Stella", "Marsh", Membership.Role.ADMIN),
    ("theo", "Theo", "Adeyemi", Membership.Role.STAFF),
    ("vera", "Vera", "Okafor", Membership.Role.VIEWER),
)
NEWCOMER = ("sam", "Sam", "Taylor")
DELETE_BATCH = 900  # below SQLite's oldest limit on query parameters


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str
    note: str = ""


LOGINS = (
    Login(
        "Staff admin",
        STAFF[0][0],
        DEMO_PASSWORD,
        "publishes, decides and manages members, advice rules and value statements",
    ),
    Login(
        "Staff member",
        STAFF[1][0],
        DEMO_PASSWORD,
        "learning and participation team: prepares activities, buddies and zones",
    ),
    Login("Viewer", STAFF[2][0], DEMO_PASSWORD, "a board member: reads the figures only"),
    Login(
        "Participant",
        NEWCOMER[0],
        DEMO_PASSWORD,
        "a newcomer, not yet self-assessed, with a first concert booked",
    ),
)


def demo_organisation(slug: str = DEMO_SLUG) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def delete_demo(slug: str = DEMO_SLUG) -> bool:
    """Remove the demo organisation, everything in it, and the accounts used only there."""
    with transaction.atomic():
        org = demo_organisation(slug)
        if org is None:
            return False
        user_ids = list(_own_users(org).values_list("pk", flat=True))
        Competence.objects.filter(participant__organisation=org).delete()
        Registration.objects.filter(
            Q(activity__organisation=org) | Q(participant__organisation=org)
        ).delete()
        # Requirements protect practices, so activities go before the organisation.
        Activity.objects.filter(organisation=org).delete()
        Participant.objects.filter(organisation=org).delete()
        org.delete()
        User = get_user_model()
        for start in range(0, len(user_ids), DELETE_BATCH):
            User.objects.filter(pk__in=user_ids[start : start + DELETE_BATCH]).delete()
    return True


def _own_users(org: Organisation) -> QuerySet:
    """Accounts that belong to this organisation and to no other; never superusers."""
    here = Q(pk__in=Participant.objects.filter(organisation=org).values("user_id")) | Q(
        pk__in=Membership.objects.filter(organisation=org).values("user_id")
    )
    elsewhere = Q(pk__in=Participant.objects.exclude(organisation=org).values("user_id")) | Q(
        pk__in=Membership.objects.exclude(organisation=org).values("user_id")
    )
    return get_user_model().objects.filter(here).exclude(elsewhere).exclude(is_superuser=True)
