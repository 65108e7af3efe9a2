"""The small season of world.py seen by its staff: every piece of their data wrapped in ‹…›."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from overture.audience import services as audience_services
from overture.audience.models import Competence
from overture.buddies import services as buddy_services
from overture.insight import services as insight_services
from overture.insight.models import Survey, Theme, ValueDimension
from overture.mix.models import AdviceRule
from overture.organisations.models import Membership, Organisation
from overture.season.models import Activity, Level, Practice
from tests import factories

from . import world as world_module
from .pseudo import data


@dataclass
class StaffWorld:
    org: Organisation
    admin: User
    activity: Activity

    @property
    def slug(self) -> str:
        return self.org.slug


def build() -> StaffWorld:
    base = world_module.build()
    org = base.org
    admin = factories.staff(org, role=Membership.Role.ADMIN, username="ada")
    admin.first_name, admin.last_name = data("Ada"), data("Quill")
    admin.save(update_fields=["first_name", "last_name"])
    practice = _practice(org)
    activity = factories.activity(
        org, data("Quill Choir Evening"), requirements=[(practice, 1, 0.8)]
    )
    activity.description, activity.venue = data("An evening of quiet song."), data("Quill Hall")
    activity.save(update_fields=["description", "venue"])
    factories.competence(base.participant, practice, Level.NOVICE)
    audience_services.register(base.participant, activity.pk)
    _volunteer(org, practice)
    insight_services.ensure_survey(activity, Survey.Moment.AFTER)
    _wrap_defaults(org)
    return StaffWorld(org=org, admin=admin, activity=activity)


def _practice(org: Organisation) -> Practice:
    return Practice.objects.create(
        organisation=org,
        name=data("Singing in quiet"),
        slug="singing-in-quiet",
        summary=data("Singing softly together."),
        procedures=data("Sing softly."),
        understandings=data("Listen to the others."),
        engagements=data("It keeps the choir together."),
        assessment_question=data("Have you sung in a choir?"),
        default_strictness=0.8,
    )


def _volunteer(org: Organisation, practice: Practice) -> None:
    volunteer = factories.participant(org, name=data("Robin Quillfeather"), username="robinq")
    Competence.objects.filter(participant=volunteer).delete()
    factories.competence(volunteer, practice, Level.EXPERT, source=Competence.Source.OBSERVED)
    buddy_services.volunteer(volunteer, practice_ids=[practice.pk], languages=["en"])


def _wrap_defaults(org: Organisation) -> None:
    """The rules, statements and themes every organisation starts with, worded as its data."""
    for rule in AdviceRule.objects.filter(organisation=org):
        rule.name, rule.advice = data(rule.name), data(rule.advice)
        rule.save(update_fields=["name", "advice"])
    for dimension in ValueDimension.objects.filter(organisation=org):
        dimension.label, dimension.statement = data(dimension.label), data(dimension.statement)
        dimension.save(update_fields=["label", "statement"])
    for theme in Theme.objects.filter(organisation=org):
        theme.label, theme.seed_words = data(theme.label), data(theme.seed_words)
        theme.save(update_fields=["label", "seed_words"])
