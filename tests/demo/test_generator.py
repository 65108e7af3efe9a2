"""The demo generator: same seed, same season; and a season that behaves like a real one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from overture.audience.models import Competence, Participant, Registration
from overture.demo import DEMO_PASSWORD, DEMO_SLUG, LOGINS, DemoExists, delete_demo, generate
from overture.demo.season import format_counts
from overture.organisations.models import Membership, Organisation
from overture.season.models import Activity, Format, Level, Practice, Requirement, Zone
from tests import factories

TODAY = date(2025, 3, 1)
SIZE = 200


@pytest.fixture
def season(db):
    return generate(seed=7, participants=SIZE, today=TODAY)


def snapshot() -> dict[str, list]:
    """Everything the generator decides, in a stable order, without database ids."""
    in_demo = {"organisation__slug": DEMO_SLUG}
    act = "activity__"
    return {
        "practices": list(
            Practice.objects.filter(**in_demo)
            .order_by("slug")
            .values_list(
                "slug",
                "name",
                "summary",
                "procedures",
                "understandings",
                "engagements",
                "assessment_question",
                "default_strictness",
            )
        ),
        "activities": list(
            Activity.objects.filter(**in_demo)
            .order_by("starts_at", "format", "title")
            .values_list(
                "title",
                "description",
                "format",
                "starts_at",
                "ends_at",
                "venue",
                "online",
                "capacity",
                "status",
                "places_taken",
            )
        ),
        "requirements": list(
            Requirement.objects.filter(activity__organisation__slug=DEMO_SLUG)
            .order_by(f"{act}starts_at", f"{act}format", f"{act}title", "practice__slug")
            .values_list(
                f"{act}title", f"{act}starts_at", "practice__slug", "required_level", "strictness"
            )
        ),
        "zones": list(
            Zone.objects.filter(activity__organisation__slug=DEMO_SLUG)
            .order_by(f"{act}starts_at", f"{act}format", "name")
            .values_list(f"{act}title", "name", "capacity", "norms")
        ),
        "competence_levels": list(
            Competence.objects.filter(participant__organisation__slug=DEMO_SLUG)
            .values_list("practice__slug", "source", "level")
            .annotate(n=Count("pk"))
            .order_by("practice__slug", "source", "level")
        ),
        "participants": sorted(
            Participant.objects.filter(**in_demo).values_list(
                "user__username", "display_name", "consent_contact", "assessed_at"
            ),
            key=str,
        ),
        "registrations": sorted(
            Registration.objects.filter(activity__organisation__slug=DEMO_SLUG).values_list(
                "participant__user__username", f"{act}title", f"{act}starts_at", "status"
            ),
            key=str,
        ),
    }


def test_same_seed_size_and_day_give_the_same_demo(db):
    generate(seed=11, participants=SIZE, today=TODAY)
    first = snapshot()
    assert delete_demo()
    generate(seed=11, participants=SIZE, today=TODAY)
    assert snapshot() == first


def test_another_seed_gives_another_audience(db):
    generate(seed=11, participants=SIZE, today=TODAY)
    first = snapshot()
    delete_demo()
    generate(seed=12, participants=SIZE, today=TODAY)
    second = snapshot()
    assert second["practices"] == first["practices"]
    assert second["participants"] != first["participants"]


def test_practices_open_up_their_score_in_plain_words(season):
    practices = list(Practice.objects.filter(organisation=season.organisation))
    assert len(practices) >= 12
    for practice in practices:
        assert practice.procedures and practice.understandings and practice.engagements
        assert practice.summary
        assert practice.assessment_question.endswith("?")
        assert "0" not in practice.assessment_question  # a question, not a rating scale
        assert 0 <= practice.default_strictness <= 1


def test_the_season_covers_every_format_before_and_after_today(season):
    activities = list(
        Activity.objects.filter(organisation=season.organisation).annotate(
            requirement_count=Count("requirements")
        )
    )
    assert len(activities) >= 40
    assert {a.format for a in activities} == set(Format.values)
    assert all(2 <= a.requirement_count <= 5 for a in activities)
    assert all(a.online for a in activities if a.format == Format.LIVESTREAM)
    midnight = timezone.make_aware(datetime.combine(TODAY, time()))
    assert any(a.ends_at < midnight for a in activities)
    assert any(a.starts_at > midnight for a in activities)
    statuses = [a.status for a in activities]
    assert statuses.count(Activity.Status.CANCELLED) == 1
    assert statuses.count(Activity.Status.DRAFT) >= 2
    assert statuses.count(Activity.Status.PUBLISHED) > len(activities) * 0.8
    assert Zone.objects.filter(activity__organisation=season.organisation).exists()


def test_requirements_make_sense_for_the_format(season):
    def requirements(fmt: str) -> Requirement:
        return Requirement.objects.filter(
            activity__organisation=season.organisation, activity__format=fmt
        )

    silence = requirements(Format.SYMPHONY_CONCERT).filter(practice__slug="listening-in-silence")
    assert silence.exists()
    assert all(r.required_level == Level.REGULAR and r.strictness >= 0.8 for r in silence)
    relaxed = requirements(Format.RELAXED_PERFORMANCE)
    assert all(r.required_level == Level.NEWCOMER and r.strictness <= 0.2 for r in relaxed)
    singing = requirements(Format.COME_AND_SING).filter(practice__slug="singing-in-a-choir")
    assert singing.exists() and all(r.required_level == Level.NOVICE for r in singing)


def test_places_taken_match_confirmed_registrations_and_never_pass_capacity(season):
    activities = Activity.objects.filter(organisation=season.organisation).annotate(
        confirmed=Coalesce(
            Sum("registrations__places", filter=Q(registrations__status="confirmed")), 0
        )
    )
    for activity in activities:
        assert activity.places_taken == activity.confirmed <= activity.capacity
    assert activities.filter(places_taken=F("capacity")).exists(), "something sells out"
    assert Registration.objects.filter(
        activity__organisation=season.organisation, status=Registration.Status.CANCELLED
    ).exists()
    drafts = activities.filter(status=Activity.Status.DRAFT)
    assert not Registration.objects.filter(activity__in=drafts).exists()


def test_people_mostly_register_for_activities_whose_requirements_they_meet(season):
    levels = {
        (participant, practice): level
        for participant, practice, level in Competence.objects.filter(
            participant__organisation=season.organisation, source=Competence.Source.SELF
        ).values_list("participant_id", "practice_id", "level")
    }
    needs: dict[int, list[tuple[int, int]]] = {}
    for activity, practice, level in Requirement.objects.filter(
        activity__organisation=season.organisation
    ).values_list("activity_id", "practice_id", "required_level"):
        needs.setdefault(activity, []).append((practice, level))
    fits = [
        all(levels[(person, practice)] >= level for practice, level in needs[activity])
        for person, activity in Registration.objects.filter(
            activity__organisation=season.organisation, status=Registration.Status.CONFIRMED
        ).values_list("participant_id", "activity_id")
        if (person, needs[activity][0][0]) in levels
    ]
    assert len(fits) > 100
    assert sum(fits) / len(fits) > 0.75


def test_levels_spread_from_many_newcomers_to_few_experts(season):
    counts = dict(
        Competence.objects.filter(
            participant__organisation=season.organisation, source=Competence.Source.SELF
        )
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    newcomer, novice, regular, expert = (counts[level] for level in Level.values)
    assert newcomer > novice > regular > expert > 0
    assert 0.4 < newcomer / sum(counts.values()) < 0.6
    assert Competence.objects.filter(
        participant__organisation=season.organisation, source=Competence.Source.OBSERVED
    ).exists()


@pytest.mark.parametrize(
    "first, second",
    [
        ("singing-in-a-choir", "reading-a-vocal-score"),
        ("listening-in-silence", "applauding"),
    ],
)
def test_related_practices_go_together(season, first, second):
    rows = Competence.objects.filter(
        participant__organisation=season.organisation,
        source=Competence.Source.SELF,
        practice__slug__in=[first, second],
    ).values_list("participant_id", "practice__slug", "level")
    table: dict[int, dict[str, int]] = {}
    for person, slug, level in rows:
        table.setdefault(person, {})[slug] = level
    pairs = np.array([(t[first], t[second]) for t in table.values()])
    assert np.corrcoef(pairs.T)[0, 1] > 0.3


def test_not_everyone_has_done_the_self_assessment(season):
    participants = Participant.objects.filter(organisation=season.organisation)
    assessed = participants.filter(competences__source=Competence.Source.SELF).distinct()
    assert 0 < assessed.count() < participants.count()
    assert not participants.filter(assessed_at__isnull=True, competences__isnull=False).exists()


def test_the_printed_logins_work(season, client):
    assert {login.username for login in season.logins} == {"stella", "theo", "vera", "sam"}
    for login in season.logins:
        assert factories.log_in(client, login.username, login.password)
        client.logout()
    org = season.organisation
    assert Membership.objects.get(organisation=org, user__username="stella").role == "admin"
    assert Membership.objects.get(organisation=org, user__username="theo").role == "staff"
    assert Membership.objects.get(organisation=org, user__username="vera").role == "viewer"


def test_sam_is_a_newcomer_at_the_start_of_the_journey(season):
    sam = Participant.objects.get(organisation=season.organisation, user__username="sam")
    assert sam.assessed_at is None
    assert not sam.competences.exists()
    # Sam's journey starts with one concert booked and nothing attended yet.
    (booked,) = sam.registrations.select_related("activity")
    assert booked.activity.starts_at > timezone.make_aware(datetime.combine(TODAY, time()))


def test_deleting_the_demo_leaves_other_organisations_alone(season, org):
    neighbour = factories.participant(org, username="neighbour")
    assert delete_demo()
    assert not Organisation.objects.filter(slug=DEMO_SLUG).exists()
    assert not Participant.objects.filter(user__username__in=[g.username for g in LOGINS]).exists()
    assert Participant.objects.get().pk == neighbour.pk
    assert not delete_demo()


def test_generating_twice_is_refused(season):
    with pytest.raises(DemoExists):
        generate(seed=7, participants=10, today=TODAY)


def test_the_season_scales_with_the_number_of_activities():
    counts = format_counts(500)
    assert sum(counts.values()) == 500
    assert counts[Format.SYMPHONY_CONCERT] > counts[Format.COMPOSITION_LAB] >= 1
    assert sum(format_counts(len(Format.values)).values()) == len(Format.values)
    with pytest.raises(ValueError):
        format_counts(3)


@pytest.mark.parametrize("username", ["stella", "theo", "vera", "sam"])
def test_no_demo_login_can_open_the_django_admin(season, client, username):
    """The Django admin is the operators'; the demo's admin manages on the staff pages."""
    factories.log_in(client, username, DEMO_PASSWORD)
    assert client.get("/admin/season/activity/").status_code == 302  # to the admin login
    assert not get_user_model().objects.get(username=username).is_staff


def test_the_demo_counts_attendance_before_its_today_as_recorded(season):
    from overture.audience.selectors import activities_awaiting_attendance

    start_of_today = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
    awaiting = activities_awaiting_attendance(season.organisation)
    assert not awaiting.filter(ends_at__lt=start_of_today - timedelta(days=1)).exists()
    assert Registration.objects.filter(learning_recorded_at__isnull=False).exists()
