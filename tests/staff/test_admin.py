"""The Django admin lists and edits every season and audience model."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from overture.audience import services as audience_services
from overture.audience.models import Competence, Registration
from overture.season.admin import ActivityAdmin
from overture.season.models import Activity, Zone
from tests import factories

MODELS = [
    "season/practice",
    "season/activity",
    "season/requirement",
    "season/zone",
    "audience/participant",
    "audience/competence",
    "audience/registration",
]


@pytest.fixture
def admin_client_with_data(admin_client, org, practice, participant):
    activity = factories.activity(org, requirements=[(practice, 1, 0.5)])
    Zone.objects.create(activity=activity, name="Stalls", capacity=10, norms="Quiet")
    factories.competence(participant, practice, 2, Competence.Source.SELF)
    audience_services.register(participant, activity.pk)
    return admin_client


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_working_admin(admin_client_with_data, model):
    app, name = model.split("/")
    changelist = reverse(f"admin:{app}_{name}_changelist")
    assert admin_client_with_data.get(changelist).status_code == 200
    assert admin_client_with_data.get(changelist, {"q": "Sam"}).status_code == 200
    obj = admin_client_with_data.get(changelist).context["cl"].result_list[0]
    change = reverse(f"admin:{app}_{name}_change", args=[obj.pk])
    assert admin_client_with_data.get(change).status_code == 200


def test_participants_are_found_by_email(admin_client_with_data, participant):
    url = reverse("admin:audience_participant_changelist")
    response = admin_client_with_data.get(url, {"q": participant.user.email})
    assert [p.pk for p in response.context["cl"].result_list] == [participant.pk]


def test_cancelling_registrations_in_the_admin_gives_places_back(admin_client_with_data):
    registration = Registration.objects.get()
    response = admin_client_with_data.post(
        reverse("admin:audience_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert registration.activity.places_taken == 0


def test_cancelling_in_the_admin_skips_places_at_activities_that_took_place(
    admin_client_with_data, org, participant
):
    past = factories.activity(org, "Last month's concert", days_ahead=5)
    audience_services.register(participant, past.pk)
    month_ago = timezone.now() - timedelta(days=30)
    Activity.objects.filter(pk=past.pk).update(
        starts_at=month_ago, ends_at=month_ago + timedelta(hours=2)
    )
    response = admin_client_with_data.post(
        reverse("admin:audience_registration_changelist"),
        {
            "action": "cancel_registrations",
            "_selected_action": list(Registration.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert response.status_code == 200
    statuses = dict(Registration.objects.values_list("activity__title", "status"))
    assert statuses["Last month's concert"] == Registration.Status.CONFIRMED
    assert list(statuses.values()).count(Registration.Status.CANCELLED) == 1
    messages = [str(m) for m in response.context["messages"]]
    assert "Cancelled 1 registration(s)." in messages
    assert any("already taken place" in m and "Last month's concert" in m for m in messages)


def test_saving_an_activity_in_the_admin_keeps_registrations_made_meanwhile(
    rf, admin_user, org, participant
):
    activity = factories.activity(org, capacity=10)
    opened = Activity.objects.get(pk=activity.pk)  # as the admin form loaded it
    audience_services.register(participant, activity.pk)  # someone registers meanwhile

    opened.title = "Renamed in the admin"
    request = rf.post("/")
    request.user = admin_user
    ActivityAdmin(Activity, admin.site).save_model(request, opened, None, change=True)

    activity.refresh_from_db()
    assert activity.title == "Renamed in the admin"
    assert activity.places_taken == 1
