"""Rows for the demo: small tables through the ORM, the largest through fast inserts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import repeat

import numpy as np
from django.contrib.auth import get_user_model
from django.db.models import F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from overture.audience.models import Competence, Participant, Registration
from overture.audience.services import SELF_ASSESSMENT_CONFIDENCE
from overture.buddies.models import Buddy, BuddyRequest
from overture.engines.signposting.labels import audience_labels
from overture.organisations.models import Membership, Organisation
from overture.season.models import FORMAT_SCALE, Activity, Practice, Requirement, Zone

from .audience import AudiencePlan, ObservedPlan
from .buddies import BuddyPlan
from .bulk import db_datetimes, insert_rows
from .insight import InsightPlan
from .mix import MixPlan
from .organisation import DEMO_NAME, DEMO_SLUG, LOGINS, NEWCOMER, STAFF, Login
from .practical import practical_information
from .practices import PRACTICES, practice_index
from .registrations import RegistrationPlan
from .season import ActivityPlan

OBSERVED_CONFIDENCE = 0.8
USER_FIELDS = (
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
)
PARTICIPANT_FIELDS = (
    "organisation",
    "user",
    "display_name",
    "consent_contact",
    "consent_research",
    "consented_at",
    "accessibility_needs",
    "assessed_at",
    "created_at",
)


@dataclass
class DemoPlan:
    """Everything decided before the first row is written."""

    season: list[ActivityPlan]
    audience: AudiencePlan
    registrations: RegistrationPlan
    observed: ObservedPlan
    now: int
    buddies: BuddyPlan | None = None
    mix: MixPlan | None = None
    insight: InsightPlan | None = None
    check_ins: np.ndarray | None = None  # epoch seconds per registration, -1: not checked in


def write_practices(report: dict) -> tuple[Organisation, list[int]]:
    org = Organisation.objects.create(name=DEMO_NAME, slug=DEMO_SLUG)
    practices = Practice.objects.bulk_create(
        Practice(
            organisation=org,
            name=p.name,
            slug=p.slug,
            summary=p.summary,
            procedures=p.procedures,
            understandings=p.understandings,
            engagements=p.engagements,
            assessment_question=p.assessment_question,
            answer_newcomer=p.answers[0],
            answer_novice=p.answers[1],
            answer_regular=p.answers[2],
            answer_expert=p.answers[3],
            assessment_order=p.assessment_order,
            default_strictness=p.default_strictness,
        )
        for p in PRACTICES
    )
    report.update(rows=len(practices) + 1, detail=f"{len(practices)} practices with their scores")
    return org, [p.pk for p in practices]


def season_labels(season: list[ActivityPlan]) -> list[int]:
    """The audience label of every planned activity, as save_activity would work it out."""
    required = np.full((len(season), len(PRACTICES)), -1, dtype=np.int64)
    strictness = np.zeros(required.shape)
    for row, activity in enumerate(season):
        for r in activity.requirements:
            required[row, practice_index(r.practice)] = r.level
            strictness[row, practice_index(r.practice)] = r.strictness
    scale = [FORMAT_SCALE[a.format] for a in season]
    return audience_labels(required, strictness, scale).tolist()


def write_season(
    org: Organisation, season: list[ActivityPlan], practice_ids: list[int], report: dict
) -> list[int]:
    created = Activity.objects.bulk_create(
        (
            Activity(
                organisation=org,
                title=a.title,
                description=a.description,
                format=a.format,
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                venue=a.venue,
                online=a.online,
                capacity=a.capacity,
                status=a.status,
                audience_label=label,
                **practical_information(a),
            )
            for a, label in zip(season, season_labels(season), strict=True)
        ),
        batch_size=500,
    )
    requirements = [
        Requirement(
            activity=activity,
            practice_id=practice_ids[practice_index(r.practice)],
            required_level=r.level,
            strictness=r.strictness,
        )
        for activity, a in zip(created, season, strict=True)
        for r in a.requirements
    ]
    zones = [
        Zone(
            activity=activity,
            name=z.name,
            capacity=z.capacity,
            norms=z.norms,
            strictness=z.strictness,
        )
        for activity, a in zip(created, season, strict=True)
        for z in a.zones
    ]
    Requirement.objects.bulk_create(requirements, batch_size=2000)
    Zone.objects.bulk_create(zones, batch_size=2000)
    report["rows"] = len(created) + len(requirements) + len(zones)
    report["detail"] = (
        f"{len(created)} activities, {len(requirements)} requirements, {len(zones)} zones"
    )
    return [a.pk for a in created]


def write_logins(org: Organisation, password: str, now: int) -> tuple[Login, ...]:
    User = get_user_model()
    joined = datetime.fromtimestamp(now, tz=timezone.get_current_timezone()) - timedelta(days=400)
    for username, given, family, role in STAFF:
        user = User.objects.create(
            username=username,
            password=password,
            first_name=given,
            last_name=family,
            email=f"{username}@northbank.example.org",
            date_joined=joined,
        )
        Membership.objects.create(organisation=org, user=user, role=role)
    username, given, family = NEWCOMER
    user = User.objects.create(
        username=username,
        password=password,
        first_name=given,
        last_name=family,
        email=f"{username}@example.org",
    )
    Participant.objects.create(
        organisation=org,
        user=user,
        display_name=f"{given} {family}",
        consent_contact=True,
        consented_at=timezone.now(),
    )
    return LOGINS


def write_participants(
    org: Organisation, audience: AudiencePlan, password: str, report: dict
) -> np.ndarray:
    """Accounts and participants; returns the participant id of every planned person."""
    User = get_user_model()
    last_user = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    joined = db_datetimes(audience.joined_at)
    users = insert_rows(
        User,
        USER_FIELDS,
        zip(
            repeat(password),
            repeat(False),
            audience.usernames,
            audience.given_names,
            audience.family_names,
            (f"{u}@example.org" for u in audience.usernames),
            repeat(False),
            repeat(True),
            joined,
            strict=False,
        ),
    )
    user_ids = dict(User.objects.filter(pk__gt=last_user).values_list("username", "pk"))
    user_of = [user_ids[u] for u in audience.usernames]
    assessed_at = db_datetimes(audience.assessed_at)
    consented = audience.consent_contact | audience.consent_research
    participants = insert_rows(
        Participant,
        PARTICIPANT_FIELDS,
        zip(
            repeat(org.pk),
            user_of,
            audience.display_names,
            audience.consent_contact.tolist(),
            audience.consent_research.tolist(),
            [j if c else None for j, c in zip(joined, consented.tolist(), strict=True)],
            audience.accessibility_needs,
            [a if s else None for a, s in zip(assessed_at, audience.assessed, strict=True)],
            joined,
            strict=False,
        ),
    )
    participant_of = dict(Participant.objects.filter(organisation=org).values_list("user_id", "pk"))
    report.update(rows=users + participants + 3, detail=f"{participants:,} participants + 3 logins")
    return np.array([participant_of[u] for u in user_of], dtype=np.int64)


def write_competences(
    plan: DemoPlan, participant_ids: np.ndarray, practice_ids: list[int], report: dict
) -> None:
    audience = plan.audience
    people = np.flatnonzero(audience.assessed)
    practices = len(PRACTICES)
    at = np.repeat(np.array(db_datetimes(audience.assessed_at[people]), dtype=object), practices)
    fields = ("participant", "practice", "level", "confidence", "source", "assessed_at")
    own = insert_rows(
        Competence,
        fields,
        zip(
            np.repeat(participant_ids[people], practices).tolist(),
            np.tile(np.array(practice_ids), len(people)).tolist(),
            audience.levels[people].ravel().tolist(),
            repeat(SELF_ASSESSMENT_CONFIDENCE),
            repeat(Competence.Source.SELF.value),
            at.tolist(),
            strict=False,
        ),
    )
    observed = plan.observed
    seen = insert_rows(
        Competence,
        fields,
        zip(
            participant_ids[observed.participant].tolist(),
            np.array(practice_ids)[observed.practice].tolist(),
            observed.level.tolist(),
            repeat(OBSERVED_CONFIDENCE),
            repeat(Competence.Source.OBSERVED.value),
            db_datetimes(observed.observed_at),
            strict=False,
        ),
    )
    report.update(rows=own + seen, detail=f"{own:,} self-assessed, {seen:,} observed")


def write_registrations(
    org: Organisation,
    plan: DemoPlan,
    participant_ids: np.ndarray,
    activity_ids: list[int],
    report: dict,
) -> None:
    regs = plan.registrations
    confirmed, cancelled = Registration.Status.CONFIRMED.value, Registration.Status.CANCELLED.value
    fields = ["participant", "activity", "status", "created_at", "updated_at"]
    columns = [
        participant_ids[regs.participant].tolist(),
        np.array(activity_ids, dtype=np.int64)[regs.activity].tolist(),
        [confirmed if c else cancelled for c in regs.confirmed.tolist()],
        db_datetimes(regs.created_at),
        db_datetimes(regs.updated_at),
    ]
    if plan.mix is not None:
        fields += ["norms_preference", "zone_preference", "party"]
        columns += [
            plan.mix.norms_preference.tolist(),
            _zone_ids(org, activity_ids, regs.activity, plan.mix.zone_preference),
            plan.mix.party,
        ]
    if plan.check_ins is not None:
        fields.append("checked_in_at")
        columns.append(_check_in_times(plan.check_ins))
    count = insert_rows(Registration, fields, zip(*columns, strict=True))
    taken = (
        Registration.objects.filter(activity=OuterRef("pk"), status=confirmed)
        .order_by()
        .values("activity")
        .annotate(n=Sum("places"))
        .values("n")
    )
    Activity.objects.filter(organisation=org).update(
        places_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0))
    )
    _mark_past_attendance_recorded(org, plan.now)
    full = Activity.objects.filter(organisation=org, places_taken=F("capacity"))
    report.update(
        rows=count,
        detail=f"{count:,} registrations ({int(regs.confirmed.sum()):,} confirmed), "
        f"{full.count()} activities sold out{_checked_in_detail(plan.check_ins)}",
    )


def _checked_in_detail(check_ins: np.ndarray | None) -> str:
    return "" if check_ins is None else f", {int((check_ins >= 0).sum()):,} checked in"


def _check_in_times(seconds: np.ndarray) -> list:
    """Database values for check-in times; None where nobody was checked in."""
    came = seconds >= 0
    times = iter(db_datetimes(seconds[came]))
    return [next(times) if c else None for c in came.tolist()]


def _zone_ids(
    org: Organisation, activity_ids: list[int], activity: np.ndarray, zone: np.ndarray
) -> list[int | None]:
    """Zone ids for (activity index, zone index within it) pairs; None where zone is -1."""
    index = {pk: i for i, pk in enumerate(activity_ids)}
    zones: dict[int, list[int]] = {}
    # Zones were written activity by activity in plan order, so ids keep that order.
    for activity_id, zone_id in (
        Zone.objects.filter(activity__organisation=org)
        .order_by("activity_id", "pk")
        .values_list("activity_id", "pk")
    ):
        zones.setdefault(index[activity_id], []).append(zone_id)
    return [
        zones[a][z] if z >= 0 else None
        for a, z in zip(activity.tolist(), zone.tolist(), strict=True)
    ]


def _mark_past_attendance_recorded(org: Organisation, now: int) -> None:
    """The demo's observed levels already stand for past attendance: record it as done."""
    ended = Activity.objects.filter(
        organisation=org,
        status=Activity.Status.PUBLISHED,
        ends_at__lt=datetime.fromtimestamp(now, tz=timezone.get_current_timezone()),
    )
    Registration.objects.filter(activity__in=ended, status=Registration.Status.CONFIRMED).update(
        learning_recorded_at=Subquery(
            Activity.objects.filter(pk=OuterRef("activity_id")).values("ends_at")[:1]
        )
    )


def write_buddies(
    plan: DemoPlan,
    participant_ids: np.ndarray,
    activity_ids: list[int],
    practice_ids: list[int],
    report: dict,
) -> None:
    """Volunteers and requests with their practices, languages and activities; no pairs."""
    buddies = plan.buddies
    if buddies is None:
        return
    activities = np.array(activity_ids, dtype=np.int64)
    practices = np.array(practice_ids, dtype=np.int64)
    now = timezone.now()
    created = Buddy.objects.bulk_create(
        (
            Buddy(
                participant_id=participant,
                languages=languages,
                per_activity=per_activity,
                per_season=per_season,
                vetted=vetted,
                vetted_at=now if vetted else None,
                approved_at=now,
            )
            for participant, languages, per_activity, per_season, vetted in zip(
                participant_ids[buddies.volunteer].tolist(),
                buddies.languages,
                buddies.per_activity.tolist(),
                buddies.per_season.tolist(),
                buddies.vetted.tolist(),
                strict=True,
            )
        ),
        batch_size=500,
    )
    offered = Buddy.practices.through
    rows, columns = np.nonzero(buddies.offers)
    offered.objects.bulk_create(
        (
            offered(buddy_id=created[row].pk, practice_id=practice)
            for row, practice in zip(rows.tolist(), practices[columns].tolist(), strict=True)
        ),
        batch_size=2000,
    )
    attending = Buddy.activities.through
    attending.objects.bulk_create(
        (
            attending(buddy_id=buddy.pk, activity_id=int(activities[a]))
            for buddy, attends in zip(created, buddies.attends, strict=True)
            for a in attends
        ),
        batch_size=2000,
    )
    requests = BuddyRequest.objects.bulk_create(
        (
            BuddyRequest(
                participant_id=participant,
                activity_id=int(activities[activity]) if activity >= 0 else None,
                language=language,
                minor=minor,
            )
            for participant, activity, language, minor in zip(
                participant_ids[buddies.requester].tolist(),
                buddies.activity.tolist(),
                buddies.language,
                buddies.minor.tolist(),
                strict=True,
            )
        ),
        batch_size=500,
    )
    asked = BuddyRequest.practices.through
    rows, columns = np.nonzero(buddies.asks)
    asked.objects.bulk_create(
        (
            asked(buddyrequest_id=requests[row].pk, practice_id=practice)
            for row, practice in zip(rows.tolist(), practices[columns].tolist(), strict=True)
        ),
        batch_size=2000,
    )
    season_requests = int((buddies.activity < 0).sum())
    report.update(
        rows=len(created) + len(requests) + int(buddies.offers.sum()) + int(buddies.asks.sum()),
        detail=f"{len(created):,} volunteers ({int(buddies.vetted.sum()):,} vetted), "
        f"{len(requests):,} requests ({season_requests:,} for the whole season)",
    )
