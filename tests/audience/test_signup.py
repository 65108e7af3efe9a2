"""Signing up: one account and one participant record, or nothing at all."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
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


def _confirm_link(message) -> str:
    (link,) = re.findall(r"http://testserver(/\S+/signup/confirm/\S+)", message.body)
    return link


def test_signup_makes_a_waiting_account_and_emails_the_link_that_opens_it(client, org):
    response = client.post(signup_url(org), {**GOOD, "consent_research": "on"})

    assert response["Location"] == reverse("signup_sent", kwargs={"org": org.slug})
    user = get_user_model().objects.get()
    assert user.username == user.email == "ada@example.org"
    assert user.check_password(GOOD["password1"])
    assert not user.is_active  # opened by the emailed link only
    assert "_auth_user_id" not in client.session
    participant = Participant.objects.get()
    assert (participant.user, participant.organisation) == (user, org)
    assert participant.display_name == "Ada Listener"
    assert participant.consent_research and not participant.consent_contact
    assert participant.consented_at is not None
    assert participant.accessibility_needs == "Step-free access, please."

    page = client.get(response["Location"]).content.decode()
    assert "Check your email" in page and "ada@example.org" in page
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject == f"Confirm your sign-up to {org.name}"

    response = client.get(_confirm_link(message))
    assert response["Location"] == reverse("self_assessment", kwargs={"org": org.slug})
    user.refresh_from_db()
    assert user.is_active
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "Welcome, Ada Listener!" in client.get(response["Location"]).content.decode()


def test_the_link_opens_the_account_once(client, org):
    client.post(signup_url(org), GOOD)
    link = _confirm_link(mail.outbox[0])
    client.get(link)
    client.logout()
    response = client.get(link)
    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "link", ["/{org}/signup/confirm/MQ/wrong-token/", "/{org}/signup/confirm/%00%ff/x/"]
)
def test_a_forged_link_opens_nothing(client, org, link):
    client.post(signup_url(org), GOOD)
    response = client.get(link.format(org=org.slug))
    assert response.status_code == 400
    assert not get_user_model().objects.get().is_active


def test_no_consent_means_no_consent_date(client, org):
    client.post(signup_url(org), GOOD)
    participant = Participant.objects.get()
    assert not participant.consent_contact and not participant.consent_research
    assert participant.consented_at is None


def test_signup_carries_next_through_the_email_and_the_self_assessment(client, org):
    act = factories.activity(org)
    activity_url = reverse("activity", kwargs={"org": org.slug, "pk": act.pk})
    client.post(signup_url(org), {**GOOD, "next": activity_url})
    response = client.get(_confirm_link(mail.outbox[0]))
    assert response["Location"].endswith(f"?next={activity_url.replace('/', '%2F')}")
    response = client.post(response["Location"], {})
    assert response["Location"] == activity_url


def test_the_opened_account_logs_in_with_its_email(client, org):
    client.post(signup_url(org), GOOD)
    assert not factories.log_in(client, "ada@example.org", GOOD["password1"])  # not yet open
    client.get(_confirm_link(mail.outbox[0]))
    client.logout()
    assert factories.log_in(client, "Ada@Example.ORG", GOOD["password1"])


def test_the_page_does_not_say_whether_an_email_has_an_account(client, org):
    factories.user("sam")  # email sam@example.org, username sam
    pages = []
    for email in ["Sam@Example.org", "nobody@example.org"]:
        response = client.post(signup_url(org), {**GOOD, "email": email}, follow=True)
        page = response.content.decode().replace(email.lower(), "EMAIL")
        pages.append(re.sub(r'"X-CSRFToken": "\w+"', "", page))
    assert pages[0] == pages[1]
    assert "Check your email" in pages[0]


def test_an_email_that_has_an_account_is_told_so_by_email_and_nothing_is_made(client, org):
    factories.user("sam")
    client.post(signup_url(org), {**GOOD, "email": "Sam@Example.org"})
    assert get_user_model().objects.count() == 1
    assert not Participant.objects.exists()
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"]
    assert message.subject == f"You already have an account for {org.name}"
    assert "http://testserver/accounts/login/" in message.body
    assert "http://testserver/accounts/password/reset/" in message.body


def test_signing_up_again_before_opening_sends_a_fresh_link_and_keeps_the_password(client, org):
    client.post(signup_url(org), GOOD)
    client.post(
        signup_url(org), {**GOOD, "password1": "other-Password-9", "password2": "other-Password-9"}
    )
    assert get_user_model().objects.count() == 1
    assert get_user_model().objects.get().check_password(GOOD["password1"])
    assert len(mail.outbox) == 2
    client.get(_confirm_link(mail.outbox[1]))
    assert get_user_model().objects.get().is_active


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


def test_the_sign_up_service_makes_nothing_for_an_email_already_taken_in_any_capitals(org):
    assert services.sign_up(org, display_name="Ada", email="ada@example.org", password="x" * 12)
    again = services.sign_up(org, display_name="Ada", email=" ADA@example.org", password="y" * 12)
    assert again is None
    assert Participant.objects.count() == 1


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


def test_the_login_label_says_what_it_takes(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">Email or username <span aria-hidden' in page
    assert "Log in with the email address you signed up with, or your username." in page
