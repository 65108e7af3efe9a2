"""Inputs that once made the site fail, and the strict parsing that refuses them now."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve, reverse

from overture.audience.models import Participant
from overture.insight import services as insight
from overture.organisations.converters import MAX_ID
from overture.organisations.inputs import SINGLE_LINE_MESSAGE, parse_id, search_text
from overture.organisations.mail import safe_header
from overture.season.models import Activity
from tests import factories
from tests.staff.helpers import new_activity_data

SIGN_UP = {
    "display_name": "Ada Listener",
    "email": "ada@example.org",
    "password1": "quiet-between-movements",
    "password2": "quiet-between-movements",
}


@pytest.mark.parametrize("page", ["", "thanks/", "qr.svg"])
def test_a_nul_byte_in_a_survey_token_is_not_found(client, org, page):
    survey = insight.ensure_survey(factories.activity(org))
    assert client.get(f"/{org.slug}/surveys/{survey.token}/{page}").status_code == 200
    assert client.get(f"/{org.slug}/surveys/ab%00cd/{page}").status_code == 404


@pytest.mark.parametrize("activity", [str(2**63), "9" * 23, "1e3", "-1", "%C2%B2", "%D9%A3"])
def test_an_activity_that_cannot_be_an_id_is_refused_on_the_journey_page(
    participant_client, org, activity
):
    response = participant_client.get(f"/{org.slug}/me/how-to-get-there/?activity={activity}")
    assert response.status_code == 400
    assert "doesn’t name an activity" in response.content.decode()


def test_unicode_digits_choose_no_activity_when_asking_for_a_buddy(participant_client, org):
    activity = factories.activity(org, "Messiah come-and-sing")
    ask = reverse("buddy_ask", kwargs={"org": org.slug})
    for digits in ("%C2%B2", "%D9%A3", str(2**63)):
        response = participant_client.get(f"{ask}?activity={digits}")
        assert response.status_code == 200
        assert response.context["form"].initial["activity"] is None
    assert participant_client.get(f"{ask}?activity={activity.pk}").status_code == 200


def test_unicode_digits_filter_nothing_in_the_review_queue(staff_client, org):
    review = reverse("staff_insight_review", kwargs={"org": org.slug})
    for digits in ("%D9%A3", "%C2%B2", str(2**63)):
        response = staff_client.get(f"{review}?activity={digits}")
        assert response.status_code == 200
        assert response.context["activity_id"] is None


def test_ids_beyond_the_database_range_are_not_found(staff_client, org):
    assert resolve(f"/{org.slug}/activities/{MAX_ID}/").kwargs["pk"] == MAX_ID
    for path in (f"/{org.slug}/activities/{MAX_ID + 1}/", f"/{org.slug}/activities/%D9%A3/"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert staff_client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("1e3", None),
        (" 1", None),
        ("1\n", None),
        ("", None),
        (None, None),
    ],
)
def test_ids_are_ascii_digits_within_range(text, expected):
    assert parse_id(text) == expected


def test_the_accessibility_needs_of_a_sign_up_are_limited(client, org):
    url = reverse("signup", kwargs={"org": org.slug})
    response = client.post(url, {**SIGN_UP, "accessibility_needs": "x" * 2_400_000})
    assert response.status_code == 200
    assert "Please keep this to 2,000 characters (it has 2400000)" in response.content.decode()
    assert not Participant.objects.exists() and not get_user_model().objects.exists()

    response = client.post(url, {**SIGN_UP, "accessibility_needs": "x" * 2000})
    assert response.status_code == 302
    assert len(Participant.objects.get().accessibility_needs) == 2000


def test_a_name_with_a_line_break_is_refused_at_sign_up(client, org):
    url = reverse("signup", kwargs={"org": org.slug})
    response = client.post(url, {**SIGN_UP, "display_name": "Ada\r\nBcc: x@example.org"})
    assert response.status_code == 200
    assert str(SINGLE_LINE_MESSAGE) in response.content.decode()
    assert not Participant.objects.exists()


def test_an_activity_title_with_a_line_break_is_refused(staff_client, org):
    url = reverse("staff_activity_create", kwargs={"org": org.slug})
    response = staff_client.post(url, new_activity_data(title="Messiah\ncome-and-sing"))
    assert response.status_code == 200
    assert str(SINGLE_LINE_MESSAGE) in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize("next_url", ["99999", "²", "https://elsewhere.example/", "/x\r\nY: z"])
def test_a_next_address_that_is_not_a_path_here_is_ignored(participant_client, org, next_url):
    url = reverse("self_assessment", kwargs={"org": org.slug})
    response = participant_client.post(url, {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("for_you", kwargs={"org": org.slug})


def test_headers_are_made_one_line_and_short():
    assert safe_header("Messiah\r\ncome-and-sing\x00 \tBcc: x@y.org") == (
        "Messiah come-and-sing Bcc: x@y.org"
    )
    assert safe_header("x" * 500, limit=20) == "x" * 19 + "…"


def test_a_nul_byte_in_the_door_search_finds_nobody_instead_of_failing():
    assert search_text("ab\x00cd", 120) == "ab cd"
    assert search_text("  Sam\n  Newcomer ", 5) == "Sam N"
    assert search_text(None, 10) == ""
