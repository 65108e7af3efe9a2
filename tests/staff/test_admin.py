"""The Django admin lists and edits every season and audience model."""

from __future__ import annotations

import pytest
from django.urls import reverse

from overture.audience import services as audience_services
from overture.audience.models import Competence, Registration
from overture.season.models import Zone
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
