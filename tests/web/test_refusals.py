"""A refused write reads the same everywhere: on its form field, above the form, or on the page."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from overture.audience.check_in import CheckInRefused
from overture.audience.services import AttendanceRefused, RegistrationRefused
from overture.audience.waiting_list import WaitingListRefused
from overture.buddies.services import BuddyRefused
from overture.insight.coding import CodingRefused
from overture.insight.services import BeforeSurveyRefused, ResponseRefused, SurveyClosed
from overture.insight.services_questions import SurveyLocked
from overture.mix.services import ZoningRefused
from overture.organisations.refusals import Refusal, show_refusal
from overture.organisations.services import MembershipRefused
from overture.season.services import ActivityChangeRefused


class PlacesForm(forms.Form):
    places = forms.IntegerField()


def page_request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def page_messages(request) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in get_messages(request)]


@pytest.mark.parametrize(
    "refused",
    [
        RegistrationRefused,
        AttendanceRefused,
        WaitingListRefused,
        CheckInRefused,
        BuddyRefused,
        ZoningRefused,
        ActivityChangeRefused,
        MembershipRefused,
        CodingRefused,
        SurveyClosed,
        BeforeSurveyRefused,
    ],
)
def test_every_refusal_carries_its_message_and_field(refused):
    refusal = refused("Only 2 places are left.", "places")
    assert isinstance(refusal, Refusal)
    assert str(refusal) == refusal.message == "Only 2 places are left."
    assert refusal.field == "places"


def test_a_locked_survey_and_a_refused_answer_are_refusals_too():
    assert str(SurveyLocked()).startswith("People have started answering this survey")
    refused = ResponseRefused({"consented": "Tick the box.", "in_the_way": "Keep it short."})
    assert isinstance(refused, Refusal)
    assert refused.errors == {"consented": "Tick the box.", "in_the_way": "Keep it short."}
    assert str(refused) == "Tick the box.; Keep it short."


def test_a_refusal_about_a_field_shows_beside_that_field():
    form = PlacesForm(data={"places": "3"})
    assert form.is_valid()
    show_refusal(page_request(), RegistrationRefused("Only 2 places are left.", "places"), form)
    assert form.errors == {"places": ["Only 2 places are left."]}


def test_a_refusal_about_no_field_of_the_form_shows_above_it():
    form = PlacesForm(data={"places": "3"})
    assert form.is_valid()
    show_refusal(page_request(), RegistrationRefused("Sorry, this activity is full."), form)
    show_refusal(page_request(), BuddyRefused("Choose a language.", "languages"), form)
    assert form.non_field_errors() == ["Sorry, this activity is full.", "Choose a language."]


def test_every_field_of_a_refused_answer_gets_its_own_error():
    form = PlacesForm(data={"places": "3"})
    assert form.is_valid()
    show_refusal(page_request(), ResponseRefused({"places": "Too many.", "token": "Reload."}), form)
    assert form.errors == {"places": ["Too many."], "__all__": ["Reload."]}


def test_without_a_form_the_refusal_is_an_error_message_on_the_page():
    request = page_request()
    show_refusal(request, ZoningRefused("Nobody has a confirmed registration yet."))
    show_refusal(
        request, BuddyRefused("Write a message first.", "text"), wording="Not sent: %(reason)s"
    )
    assert page_messages(request) == [
        (messages.ERROR, "Nobody has a confirmed registration yet."),
        (messages.ERROR, "Not sent: Write a message first."),
    ]
