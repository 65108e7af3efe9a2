"""Abuse is slowed down with a clear 429 page, and a real person is never locked out for long."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from overture.insight.models import SurveyResponse
from overture.insight.services import ensure_survey
from tests import factories
from tests.insight.test_surveys import form_data, survey_url

LOGIN = "/accounts/login/"


def attempt(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def assert_paused(response, minutes: int | None = None) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Please wait a moment" in page
    if minutes is not None:
        assert f"try again in {minutes} minutes" in page


def test_five_wrong_passwords_pause_that_account_from_that_address(client, org):
    factories.user("sam")
    for _ in range(4):
        assert attempt(client, "sam", "wrong").status_code == 200
    assert_paused(attempt(client, "sam", "wrong"), minutes=15)
    locked = attempt(client, "sam", factories.PASSWORD)  # even the right password now waits
    assert_paused(locked, minutes=15)
    assert locked["Retry-After"] == str(15 * 60)
    assert "choose a new one" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_pause_does_not_lock_the_real_person_out_from_elsewhere(org):
    factories.user("sam")
    attacker, sam = Client(), Client()
    for _ in range(8):
        attempt(attacker, "sam", "guess", address="198.51.100.66")
    assert attempt(sam, "sam", factories.PASSWORD, address="192.0.2.10").status_code == 302


def test_a_login_by_email_counts_against_the_same_account(client, org):
    factories.user("sam")  # email sam@example.org
    for typed in ["sam", "Sam@Example.org", "SAM@example.org", "sam", "sam@example.org"]:
        attempt(client, typed, "wrong")
    assert_paused(attempt(client, "sam", factories.PASSWORD))


def test_a_password_reset_lifts_the_pause_at_once(client, org):
    factories.user("sam")
    for _ in range(5):
        attempt(client, "sam", "wrong")
    assert attempt(client, "sam", factories.PASSWORD).status_code == 429

    client.post(reverse("password_reset"), {"email": "sam@example.org"}, REMOTE_ADDR="203.0.113.7")
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    form_page = client.get(link, REMOTE_ADDR="203.0.113.7", follow=True)
    new = "a-brand-new-passphrase"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        REMOTE_ADDR="203.0.113.7",
    )
    assert attempt(client, "sam", new).status_code == 302


def test_one_address_trying_many_accounts_is_paused(client, org):
    for n in range(30):
        assert attempt(client, f"someone{n}", "guess").status_code == 200
    assert_paused(attempt(client, "someone-else", "guess"))
    assert attempt(Client(), "someone-else", "guess", address="192.0.2.10").status_code == 200


def test_one_account_tried_from_many_addresses_is_slowed_down(org):
    factories.user("sam")
    for n in range(20):
        attempt(Client(), "sam", "guess", address=f"198.51.100.{n}")
    assert_paused(attempt(Client(), "sam", "guess", address="198.51.100.200"))


def signup(client: Client, email: str, address: str = "203.0.113.7"):
    password = "quiet-between-movements"
    data = {"display_name": "Ada", "email": email, "password1": password, "password2": password}
    return client.post(f"/{client.org.slug}/signup/", data, REMOTE_ADDR=address)


@pytest.fixture
def visitor(client, org):
    client.org = org
    return client


def test_sign_ups_for_one_email_are_paused_after_three_an_hour(visitor):
    for n in range(3):
        assert signup(visitor, "ada@example.org", address=f"192.0.2.{n}").status_code == 302
    assert_paused(signup(visitor, "ADA@example.org", address="192.0.2.99"))
    assert len(mail.outbox) == 3


def test_sign_ups_from_one_address_are_paused_after_ten_an_hour(visitor):
    for n in range(10):
        assert signup(visitor, f"person{n}@example.org").status_code == 302
    assert_paused(signup(visitor, "one-more@example.org"))
    assert get_user_model().objects.count() == 10


def test_password_resets_for_one_email_are_paused_after_three_an_hour(client, org):
    factories.user("sam")
    for n in range(3):
        response = client.post(
            reverse("password_reset"), {"email": "sam@example.org"}, REMOTE_ADDR=f"192.0.2.{n}"
        )
        assert response.status_code == 302
    response = client.post(
        reverse("password_reset"), {"email": "Sam@example.org"}, REMOTE_ADDR="192.0.2.50"
    )
    assert_paused(response)
    assert len(mail.outbox) == 3


@pytest.fixture
def survey(org):
    return ensure_survey(factories.activity(org, "Brahms at dusk", days_ahead=-1))


def test_survey_answers_from_one_address_are_paused(client, survey):
    for _ in range(30):
        data = form_data(survey, client)
        assert client.post(survey_url(survey), data, REMOTE_ADDR="203.0.113.7").status_code == 302
    response = client.post(survey_url(survey), form_data(survey, client), REMOTE_ADDR="203.0.113.7")
    assert_paused(response)
    assert SurveyResponse.objects.count() == 30


def test_reading_a_survey_is_never_paused(client, survey):
    for _ in range(40):
        assert client.get(survey_url(survey), REMOTE_ADDR="203.0.113.7").status_code == 200


def test_hostile_logins_are_counted_without_a_server_error(org):
    client = Client(raise_request_exception=False)
    for typed in ["sam\x00@example.org", "@" * 5000, "ünï@éxample.org\n", ""]:
        response = attempt(client, typed, "guess\x00")
        assert response.status_code in {200, 429}, typed
        response = client.post(reverse("password_reset"), {"email": typed})
        assert response.status_code in {200, 302, 429}, typed
