"""Signing up: one account and one participant record, or nothing at all."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from overture.audience import services
from overture.audience.models import Participant
from tests import factories

GOOD = {
    "display_name": "Ada Listener",
    "email": "Ada@Example.org",
    "password1": "quiet-between-movements",
    "password2": "quiet-between-movements",
    "accessibility_needs": "Step-free access, please.",
}


def signup_url(org) -> str:
    return reverse("signup", kwargs={"org": org.slug})


def test_signup_page_has_labelled_fields(client, org):
    page = client.get(signup_url(org)).content.decode()
    for label in ("Your name", "Email", "Password", "Password again"):
        assert f">{label} <span aria-hidden" in page
    assert 'name="consent_contact"' in page and 'name="consent_research"' in page


def test_signup_creates_user_and_participant_and_logs_in(client, org):
    response = client.post(signup_url(org), {**GOOD, "consent_research": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("self_assessment", kwargs={"org": org.slug})
    user = get_user_model().objects.get()
    assert user.username == user.email == "ada@example.org"
    assert user.check_password(GOOD["password1"])
    participant = Participant.objects.get()
    assert (participant.user, participant.organisation) == (user, org)
    assert participant.display_name == "Ada Listener"
    assert participant.consent_research and not participant.consent_contact
    assert participant.consented_at is not None
    assert participant.accessibility_needs == "Step-free access, please."
    assert int(client.session["_auth_user_id"]) == user.pk

    page = client.get(response["Location"]).content.decode()
    assert "Welcome, Ada Listener!" in page


def test_no_consent_means_no_consent_date(client, org):
    client.post(signup_url(org), GOOD)
    participant = Participant.objects.get()
    assert not participant.consent_contact and not participant.consent_research
    assert participant.consented_at is None


def test_signup_carries_next_through_the_self_assessment(client, org):
    act = factories.activity(org)
    activity_url = reverse("activity", kwargs={"org": org.slug, "pk": act.pk})
    response = client.post(signup_url(org), {**GOOD, "next": activity_url})
    assert response["Location"].endswith(f"?next={activity_url.replace('/', '%2F')}")
    response = client.post(response["Location"], {})
    assert response["Location"] == activity_url


def test_the_new_account_logs_in_with_its_email(client, org):
    client.post(signup_url(org), GOOD)
    client.logout()
    assert client.login(username="ada@example.org", password=GOOD["password1"])


def test_duplicate_email_is_a_field_error_and_creates_nothing(client, org):
    factories.user("ada@example.org")
    response = client.post(signup_url(org), GOOD)
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this email already exists. Log in instead?"
    ]
    assert 'id="id_email_error"' in response.content.decode()
    assert get_user_model().objects.count() == 1
    assert not Participant.objects.exists()


def test_mismatched_passwords_are_a_field_error_and_create_nothing(client, org):
    response = client.post(signup_url(org), {**GOOD, "password2": "something-else-entirely"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["The two passwords don’t match."]
    assert not get_user_model().objects.exists()
    assert not Participant.objects.exists()


def test_an_email_too_long_to_be_a_username_is_a_field_error_and_creates_nothing(client, org):
    long_email = "a" * 145 + "@example.org"  # 157 characters: valid, but usernames hold 150
    response = client.post(signup_url(org), {**GOOD, "email": long_email})
    assert response.status_code == 200
    assert "at most 150 characters" in response.context["form"].errors["email"][0]
    assert 'maxlength="150"' in response.content.decode()
    assert not get_user_model().objects.exists()
    assert not Participant.objects.exists()


def test_weak_password_is_refused_by_djangos_validators(client, org):
    response = client.post(signup_url(org), {**GOOD, "password1": "12345", "password2": "12345"})
    errors = response.context["form"].errors["password1"]
    assert any("too short" in e for e in errors)
    assert any("entirely numeric" in e for e in errors)
    assert not get_user_model().objects.exists()


def test_missing_fields_are_reported(client, org):
    response = client.post(signup_url(org), {})
    errors = response.context["form"].errors
    assert set(errors) == {"display_name", "email", "password1", "password2"}


def test_logged_in_visitor_is_sent_on(participant_client, org):
    response = participant_client.get(signup_url(org))
    assert response.status_code == 302
    assert response["Location"] == reverse("season", kwargs={"org": org.slug})


def test_sign_up_service_refuses_an_email_already_taken_whatever_its_capitals(org):
    services.sign_up(org, display_name="Ada", email="ada@example.org", password="x" * 12)
    with pytest.raises(services.SignUpRefused):
        services.sign_up(org, display_name="Ada", email=" ADA@example.org", password="y" * 12)
    assert Participant.objects.count() == 1


def test_login_accepts_the_email_in_any_case(client, org):
    from tests.factories import PASSWORD

    client.post(
        f"/{org.slug}/signup/",
        {
            "display_name": "Ada",
            "email": "ada@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "Ada@Example.ORG", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_an_email_already_on_an_account_with_another_username_is_refused(client, org):
    factories.user("sam")  # email sam@example.org, username sam
    response = client.post(signup_url(org), {**GOOD, "email": "Sam@Example.org"})
    assert response.status_code == 200
    assert services.EMAIL_TAKEN in response.content.decode()
    assert not Participant.objects.exists()


def test_an_account_whose_username_is_not_its_email_logs_in_with_the_email(client, org):
    from tests.factories import PASSWORD

    factories.user("stella")  # email stella@example.org
    response = client.post(
        "/accounts/login/", {"username": "Stella@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_a_sign_up_that_fails_half_way_leaves_no_account_behind(db):
    from overture.organisations.models import Organisation

    unsaved = Organisation(name="Nowhere", slug="nowhere")
    with pytest.raises(ValueError):
        services.sign_up(
            unsaved, display_name="Ada", email="ada@example.org", password="quiet-please-123"
        )
    assert not get_user_model().objects.exists()
