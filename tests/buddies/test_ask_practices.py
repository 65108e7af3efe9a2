"""“Get a buddy” lists only the practices of the chosen activity, checked on the server."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from overture.buddies.models import BuddyRequest
from tests import factories

from .conftest import person


@pytest.fixture
def sam(org, messiah, mahler):
    person(org, "Sam Newcomer", places=[messiah, mahler], username="sam")


def _practices(page: str) -> list[str]:
    block = page[page.index('id="ask-practices"') :]
    block = block[: block.index("</fieldset>")]
    return re.findall(r'type="checkbox" name="practices" value="\d+"[^>]*> ([^(<]+) \(', block)


def test_the_whole_season_lists_every_practice(client, org, sam, singing, silence):
    assert factories.log_in(client, "sam", factories.PASSWORD)
    page = client.get(reverse("buddy_ask", kwargs={"org": org.slug})).content.decode()
    assert _practices(page) == ["Listening in silence", "Singing in a choir"]


def test_a_chosen_activity_lists_its_practices_only(client, org, sam, messiah, mahler):
    assert factories.log_in(client, "sam", factories.PASSWORD)
    url = reverse("buddy_ask", kwargs={"org": org.slug})
    page = client.get(url, {"activity": messiah.pk}).content.decode()
    assert _practices(page) == ["Singing in a choir"]
    assert "Practices Messiah come-and-sing involves that are new to you" in page
    page = client.get(url, {"activity": mahler.pk}, headers={"HX-Request": "true"}).content
    assert _practices(page.decode()) == ["Listening in silence"]


def test_the_activity_choice_fetches_its_practices_again(client, org, sam):
    assert factories.log_in(client, "sam", factories.PASSWORD)
    url = reverse("buddy_ask", kwargs={"org": org.slug})
    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and 'hx-select="#ask-practices"' in page


def test_a_practice_of_another_activity_is_refused(client, org, sam, messiah, silence):
    assert factories.log_in(client, "sam", factories.PASSWORD)
    url = reverse("buddy_ask", kwargs={"org": org.slug})
    data = {"activity": messiah.pk, "practices": [silence.pk], "language": "en"}
    page = client.post(url, data).content.decode()
    assert f"Choose among the practices listed: {silence.pk} is not one of them." in page
    assert not BuddyRequest.objects.exists()


def test_an_activity_without_a_place_falls_back_to_every_practice(client, org, sam, singing):
    other = factories.activity(org, "Not booked", days_ahead=3, requirements=[(singing, 1, 0.3)])
    assert factories.log_in(client, "sam", factories.PASSWORD)
    url = reverse("buddy_ask", kwargs={"org": org.slug})
    page = client.get(url, {"activity": other.pk}).content.decode()
    assert _practices(page) == ["Listening in silence", "Singing in a choir"]
