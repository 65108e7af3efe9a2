"""The quick review queue: codes by name and sureness, typed codes, per-answer HTMX saves."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from overture.insight import coding
from overture.insight.models import Survey, SurveyResponse, TextCode
from overture.organisations.models import Membership
from tests import factories

SEATS, PRICE = "theme:seating-and-view", "theme:price"
_tokens = itertools.count(1)


@pytest.fixture
def survey(org):
    activity = factories.activity(org, "Brahms at Riverside", days_ahead=-3)
    now = timezone.now()
    return Survey.objects.create(
        activity=activity, opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=7)
    )


@pytest.fixture
def staff(client, org):
    user = factories.staff(org, role=Membership.Role.STAFF)
    assert factories.log_in(client, user.username, factories.PASSWORD)
    return client


def answer(survey, in_the_way: str) -> SurveyResponse:
    return SurveyResponse.objects.create(
        survey=survey, submission_token=f"q-{next(_tokens)}", in_the_way=in_the_way, consented=True
    )


def suggest(response, code: str, confidence: float) -> None:
    TextCode.objects.create(response=response, field="in_the_way", code=code, confidence=confidence)


def queue(org) -> str:
    return reverse("staff_insight_review", kwargs={"org": org.slug})


def save_url(org, response) -> str:
    return reverse("staff_insight_code", kwargs={"org": org.slug, "response": response.pk})


def test_codes_show_by_name_with_sureness_in_words_and_what_remains(survey, staff, org):
    cramped = answer(survey, "Cramped seats")
    suggest(cramped, SEATS, 0.91)
    suggest(cramped, PRICE, 0.55)
    suggest(cramped, "variable:signposting", 0.05)
    suggest(answer(survey, "Long queue"), "theme:bar-and-queues", 0.3)
    html = staff.get(queue(org)).content.decode()
    assert "2 answers left to review" in html
    assert 'Seating and view <span class="meta">(the coder is very sure)</span>' in html
    assert 'Price <span class="meta">(the coder is quite sure)</span>' in html
    assert 'Signposting <span class="meta">(the coder is guessing)</span>' in html
    assert 'Bar and queues <span class="meta">(the coder is unsure)</span>' in html
    assert "variable:signposting, confidence" not in html
    assert 'list="code-book"' in html and '<option value="Seating and view">' in html
    assert "<kbd>J</kbd>" in html and 'tabindex="0"' in html
    # The keys work because the page loads its script once, outside the title.
    assert "<title>Coding open answers — " in html
    assert html.count("insight/review.js") == 1


def test_an_htmx_save_returns_only_that_answers_card_and_the_count(survey, staff, org):
    cramped = answer(survey, "Cramped seats and no legroom")
    suggest(cramped, SEATS, 0.91)
    suggest(cramped, PRICE, 0.55)
    suggest(answer(survey, "Long queue"), "theme:bar-and-queues", 0.6)
    with CaptureQueriesContext(connection) as queries:
        card = staff.post(
            save_url(org, cramped),
            {"field": "in_the_way", "codes": [SEATS], "suggested": [SEATS, PRICE],
             "add": ["toilets"]},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
    assert card.status_code == 200
    html = card.content.decode()
    assert "<html" not in html and "<h1" not in html
    assert html.count('class="card review-answer"') == 1
    assert "Codes saved: 1 accepted, 1 rejected, 1 added." in html
    assert "This answer now has: Seating and view, Toilets." in html
    assert 'id="queue-remaining"' in html and 'hx-swap-oob="true"' in html
    assert "1 answer left to review" in html
    assert dict(cramped.codes.values_list("code", "status")) == {
        SEATS: TextCode.Status.ACCEPTED,
        PRICE: TextCode.Status.REJECTED,
        "theme:toilets": TextCode.Status.ADDED,
    }
    assert len(queries) == 23


def test_without_javascript_a_save_goes_back_to_the_queue(survey, staff, org):
    cramped = answer(survey, "Cramped seats")
    suggest(cramped, SEATS, 0.91)
    saved = staff.post(
        save_url(org, cramped),
        {"field": "in_the_way", "codes": [SEATS], "add": ["Seating and view"], "back": queue(org)},
    )
    assert saved.status_code == 302 and saved["Location"] == queue(org)
    assert cramped.codes.get().status == TextCode.Status.ACCEPTED


def test_a_typed_code_not_in_the_code_book_is_refused_in_plain_words(survey, staff, org):
    cramped = answer(survey, "Cramped seats")
    suggest(cramped, SEATS, 0.91)
    card = staff.post(
        save_url(org, cramped),
        {"field": "in_the_way", "codes": [SEATS], "add": ["Wobbly chairs"]},
        HTTP_HX_REQUEST="true",
    )
    html = card.content.decode()
    assert card.status_code == 200
    assert "Not in the code book: Wobbly chairs. Choose a code from the list." in html
    assert 'hx-post="' in html  # the form again, to correct
    assert cramped.codes.get().status == TextCode.Status.SUGGESTED  # nothing saved


def test_a_switched_off_theme_cannot_be_typed_in(survey, staff, org):
    org.themes.filter(key="toilets").update(active=False)
    with pytest.raises(coding.CodingRefused):
        coding.codes_named(coding.code_book_for(org), ["Toilets"])


def test_an_htmx_save_ignores_a_filter_that_is_not_a_code_and_never_echoes_markup(
    survey, staff, org
):
    cramped = answer(survey, "Cramped seats")
    suggest(cramped, SEATS, 0.91)
    card = staff.post(
        save_url(org, cramped),
        {"field": "in_the_way", "codes": [SEATS], "suggested": [SEATS], "filter_code": "a\x00b"},
        HTTP_HX_REQUEST="true",
    )
    assert card.status_code == 200
    refused = staff.post(
        save_url(org, cramped),
        {"field": "nonsense", "add": ["<img src=x onerror=alert(1)>"]},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/plain")
