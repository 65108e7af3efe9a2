"""A small site with two organisations and one of everything a URL can name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from overture.audience.models import Participant
from overture.audience.services import register, start_party
from overture.buddies import matching
from overture.buddies import services as buddies
from overture.buddies.models import Buddy, BuddyPair, BuddyRequest, MatchingRun
from overture.insight import coding
from overture.insight import services as insight
from overture.insight.models import Survey, SurveyResponse, TextCode
from overture.mix.models import ZoningRun
from overture.mix.services import run_zoning
from overture.organisations.models import Membership, Organisation
from overture.season.models import Activity, Format, Practice, Zone
from tests import factories


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    users: dict[str, AbstractBaseUser | None]
    participant: Participant
    practice: Practice
    activity: Activity
    survey: Survey
    response: SurveyResponse
    buddy: Buddy
    buddy_request: BuddyRequest
    pair: BuddyPair
    matching_run: MatchingRun
    zoning_run: ZoningRun
    # What each path parameter names, by the path segment before it.
    ids_by_segment: dict[str, str] = field(default_factory=dict)


def build_world() -> World:
    org = factories.organisation(slug="riverside")
    other_org = factories.organisation(name="Hilltop Choir", slug="hilltop")
    singing = factories.practice(org, name="Singing in a choir", strictness=0.5)
    silence = factories.practice(org, name="Listening in silence", strictness=0.9)
    concert = factories.activity(
        org,
        "Messiah come-and-sing",
        format=Format.COME_AND_SING,
        days_ahead=5,
        requirements=[(singing, 1, 0.3), (silence, 0, 0.9)],
    )
    Zone.objects.create(activity=concert, name="Front", capacity=40, norms="Quiet", strictness=1)
    Zone.objects.create(activity=concert, name="Back", capacity=40, norms="Relaxed", strictness=0)
    factories.activity(other_org, "Hilltop evensong", days_ahead=6)

    newcomer = factories.participant(org, name="Sam Newcomer", username="sam")
    registration = register(newcomer, concert.pk)
    start_party(registration)
    volunteer = factories.participant(org, name="Vera Lynn", username="vera")
    factories.competence(volunteer, singing, 3)
    register(volunteer, concert.pk)
    buddy = buddies.volunteer(
        volunteer, practice_ids=[singing.pk], languages=["en"], activity_ids=[concert.pk]
    )
    buddy = buddies.approve(org, buddy.pk, by=None)
    request = buddies.ask_for_buddy(
        newcomer, activity_id=concert.pk, practice_ids=[singing.pk], language="en"
    )
    run = matching.start_matching(org, activity=concert, meeting_point="Foyer", background=False)
    # The run starts when the transaction commits, which a test transaction never does.
    run = matching.execute_run(run.pk)
    pair = BuddyPair.objects.get(request=request)

    zoning = run_zoning(concert, None)

    survey = insight.ensure_survey(concert)
    now = timezone.now()
    insight.update_window(survey, now - timedelta(days=1), now + timedelta(days=10))
    scores = {d.pk: 4 for d in insight.active_dimensions(survey)}
    response, _ = insight.submit_response(
        survey,
        participant=newcomer,
        submission_token="fuzz-world-token-0001",
        scores=scores,
        worthwhile="The music was wonderful and people were kind.",
        in_the_way="It was hard to find the entrance.",
        consented=True,
    )
    # As the coder suggests it (training the coder takes seconds, so it is written directly).
    TextCode.objects.create(
        response=response,
        field=TextCode.Field.WORTHWHILE,
        code=coding.practice_code(singing),
        confidence=0.8,
    )

    users: dict[str, AbstractBaseUser | None] = {
        "anonymous": None,
        "participant": newcomer.user,
        "viewer": factories.staff(org, role=Membership.Role.VIEWER, username="viv"),
        "staff": factories.staff(org, username="stella"),
        "admin": factories.staff(org, role=Membership.Role.ADMIN, username="ada"),
        "other_staff": factories.staff(other_org, username="otto"),
    }
    world = World(
        org=org,
        other_org=other_org,
        users=users,
        participant=newcomer,
        practice=singing,
        activity=concert,
        survey=survey,
        response=response,
        buddy=buddy,
        buddy_request=request,
        pair=pair,
        matching_run=run,
        zoning_run=zoning,
    )
    world.ids_by_segment = {
        "activities": str(concert.pk),
        "practices": str(singing.pk),
        "requests": str(request.pk),
        "pairs": str(pair.pk),
        "runs": str(run.pk),
        "volunteers": str(buddy.pk),
        "review": str(response.pk),
        "zoning": str(zoning.pk),
        "surveys": survey.token,
    }
    return world
