"""A small season whose every piece of data is wrapped in ‹…›, so the page check can skip it.

Sam has told us some experience, holds a place at the workshop (with a ticket, and a buddy
asked for there), went to a concert that has ended (whose survey is open), and is welcome
at the choral evening only after preparing (so How to get there has steps to show).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from overture.audience.models import Participant, Registration
from overture.audience.services import register
from overture.buddies import services as buddies
from overture.insight import services as insight
from overture.insight.models import Survey, ValueDimension
from overture.organisations.models import Organisation
from overture.season.models import Activity, Format, Practice
from tests import factories

from .pseudo import data


@dataclass
class World:
    org: Organisation
    participant: Participant
    evening: Activity  # asks for preparation first
    workshop: Activity  # Sam holds a place
    ended: Activity  # Sam went; its survey is open
    survey: Survey
    staff: User

    @property
    def users(self) -> dict[str, User]:
        return {"participant": self.participant.user, "staff": self.staff}

    @property
    def slug(self) -> str:
        return self.org.slug


def _practice(org: Organisation, name: str, strictness: float) -> Practice:
    practice = factories.practice(org, name=data(name), strictness=strictness)
    Practice.objects.filter(pk=practice.pk).update(
        summary=data(f"{name} summary"),
        procedures=data(f"{name} procedures"),
        understandings=data(f"{name} understandings"),
        engagements=data(f"{name} engagements"),
        assessment_question=data(f"{name} question?"),
    )
    return practice


def _activity(org: Organisation, title: str, **options) -> Activity:
    activity = factories.activity(org, data(title), **options)
    Activity.objects.filter(pk=activity.pk).update(
        description=data(f"{title} description"),
        venue=data(f"{title} hall"),
        venue_address=data("1 Quill Street"),
    )
    activity.refresh_from_db()
    return activity


def build() -> World:
    org = factories.organisation(name=data("Quillon Arts"), slug="quillon")
    singing = _practice(org, "Quill singing", strictness=0.5)
    listening = _practice(org, "Quill listening", strictness=0.9)
    evening = _activity(
        org,
        "Quill choral evening",
        days_ahead=14,
        requirements=[(singing, 3, 0.9), (listening, 2, 0.9)],
    )
    workshop = _activity(
        org,
        "Quill workshop",
        format=Format.COME_AND_SING,
        days_ahead=4,
        requirements=[(singing, 1, 0.3)],
    )
    ended = _activity(org, "Quill matinee", days_ahead=-1)

    participant = factories.participant(org, name=data("Sam Quillby"), username="samq")
    factories.competence(participant, listening, 1)
    register(participant, workshop.pk)
    Registration.objects.create(participant=participant, activity=ended, places=1)
    buddies.ask_for_buddy(
        participant, activity_id=workshop.pk, practice_ids=[singing.pk], language="en"
    )

    survey = insight.ensure_survey(ended)
    # The statements are the organisation's own, editable by its staff: data, like a title.
    for dimension in ValueDimension.objects.filter(organisation=org):
        dimension.statement = data(f"Quill statement {dimension.pk}")
        dimension.save(update_fields=["statement"])
    Survey.objects.filter(pk=survey.pk).update(
        consent_text=data("Quill consent"),
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=7),
    )
    survey.refresh_from_db()
    staff = factories.staff(org, role="admin", username="quillstaff")
    return World(org, participant, evening, workshop, ended, survey, staff)
