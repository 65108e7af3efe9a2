"""People recover and look after their accounts: reset by email, change, Argon2 hashes."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests import factories

NEW = "a-brand-new-passphrase"


def reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)


def test_the_login_page_links_to_the_password_reset(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page
    assert "Forgotten your password?" in page


def test_a_reset_emails_a_one_time_link_that_sets_a_new_password(client, org):
    factories.user("sam")
    response = client.post(reverse("password_reset"), {"email": "SAM@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"]
    assert message.subject == "Choose a new password for Overture"
    assert '"sam"' in message.body and "three days" in message.body

    form_page = client.get(reset_link(message), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    assert get_user_model().objects.get(username="sam").check_password(NEW)

    again = client.get(reset_link(message), follow=True).content.decode()
    assert "This link no longer works" in again
    assert factories.log_in(client, "sam", NEW)


def test_an_unknown_email_gets_the_same_page_and_no_email(client, org):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_by_djangos_validators(client, org):
    factories.user("sam")
    client.post(reverse("password_reset"), {"email": "sam@example.org"})
    set_url = client.get(reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "entirely numeric" in response.content.decode()


def test_a_logged_in_person_changes_their_password(client, org):
    factories.user("sam")
    assert factories.log_in(client, "sam", factories.PASSWORD)
    assert (
        f'href="{reverse("password_change")}"'
        in client.get(reverse("home"), follow=True).content.decode()
    )
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW},
    )
    assert (
        wrong.status_code == 200
        and "old password was entered incorrectly" in wrong.content.decode()
    )
    response = client.post(
        reverse("password_change"),
        {"old_password": factories.PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200  # still logged in
    client.logout()
    assert factories.log_in(client, "sam", NEW)


def test_changing_the_password_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


ARGON2_FIRST = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


def test_the_site_hashes_passwords_with_argon2():
    from django.conf import settings as site_settings

    from overture.config import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert site_settings.PASSWORD_HASHERS  # the suite itself hashes fast


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_an_older_hash_is_upgraded_to_argon2_at_login(client, org):
    from django.contrib.auth.hashers import make_password

    sam = factories.user("sam")
    sam.password = make_password(factories.PASSWORD, hasher="pbkdf2_sha256")
    sam.save()
    assert factories.log_in(client, "sam", factories.PASSWORD)
    sam.refresh_from_db()
    assert sam.password.startswith("argon2$")
    client.logout()
    assert factories.log_in(client, "sam", factories.PASSWORD)
