"""Participants read the practical information: on the activity page, season cards and For you."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from overture.season.models import Activity, Format
from tests import factories

ADDRESS = "1 Northbank Walk, Riverside RV1 2NB"
FAMILY_CONCERT_BRIEFLY = "£12.50 (concessions) · 1 hour 30 minutes · Best for ages 5–11"
MAP = "https://www.openstreetmap.org/search?query=1+Northbank+Walk%2C+Riverside+RV1+2NB"


def activity_url(act: Activity) -> str:
    return reverse("activity", kwargs={"org": act.organisation.slug, "pk": act.pk})


def lasting(act: Activity, minutes: int) -> Activity:
    act.ends_at = act.starts_at + timedelta(minutes=minutes)
    act.save(update_fields=["ends_at"])
    return act


@pytest.fixture
def family_concert(org) -> Activity:
    act = factories.activity(
        org,
        "Peter and the Wolf",
        format=Format.FAMILY_CONCERT,
        venue_address=ADDRESS,
        price=Decimal("12.50"),
        concessions="£5 for under-16s",
        step_free=True,
        captioned=True,
        access_notes="Hearing loop in the stalls.",
        age_guidance="Best for ages 5–11",
    )
    return lasting(act, 90)


def test_the_activity_page_shows_the_practical_information(client, family_concert):
    page = client.get(activity_url(family_concert)).content.decode()

    assert "<div><dt>Format</dt><dd>Family concert — you watch and listen, with some " in page
    assert "<div><dt>How long</dt><dd>1 hour 30 minutes</dd></div>" in page
    assert "<dt>Price</dt><dd>£12.50 · Concessions: £5 for under-16s</dd>" in page
    assert f'<span class="address">{ADDRESS}</span>' in page
    assert f'<a href="{MAP.replace("&", "&amp;")}" rel="external">Find it on a map' in page
    assert '<ul class="access"><li>Step-free access</li><li>Captions</li></ul>' in page
    assert "<p>Hearing loop in the stalls.</p>" in page
    assert "<div><dt>Age guidance</dt><dd>Best for ages 5–11</dd></div>" in page
    assert "provider-led" not in page and "participant-led" not in page


def test_a_free_activity_without_address_access_or_age_guidance(client, org):
    act = lasting(factories.activity(org, "Open rehearsal", format=Format.OPEN_REHEARSAL), 60)
    page = client.get(activity_url(act)).content.decode()

    assert "<dt>Price</dt><dd>Free</dd>" in page
    assert "<dt>How long</dt><dd>1 hour</dd>" in page
    assert "openstreetmap" not in page
    assert "Nothing listed yet: please ask us before you come." in page
    assert "Age guidance" not in page


def test_access_notes_alone_are_shown_without_the_nothing_listed_line(client, org):
    act = factories.activity(org, "Chamber evening", access_notes="Seats with arms on row C.")
    page = client.get(activity_url(act)).content.decode()
    assert "<p>Seats with arms on row C.</p>" in page
    assert "Nothing listed yet" not in page


def test_an_address_is_escaped_on_the_page_and_encoded_in_the_link(client, org):
    act = factories.activity(org, "Late night", venue_address='The "Vault" <Bar> & Co, Riverside')
    page = client.get(activity_url(act)).content.decode()
    assert "The &quot;Vault&quot; &lt;Bar&gt; &amp; Co, Riverside" in page
    assert (
        "search?query=The+%22Vault%22+%3CBar%3E+%26+Co%2C+Riverside" in page and "<Bar>" not in page
    )


def test_season_cards_show_price_length_age_and_access_briefly(client, family_concert, org):
    lasting(
        factories.activity(org, "Mahler 5", price=Decimal("45"), concessions="£10 for students"),
        135,
    )
    page = client.get(reverse("season", kwargs={"org": org.slug})).content.decode()

    assert f'<p class="meta practical">{FAMILY_CONCERT_BRIEFLY}</p>' in page
    assert '<p class="meta access">Access: Step-free access · Captions</p>' in page
    assert '<p class="meta practical">£45 (concessions) · 2 hours 15 minutes</p>' in page
    assert page.count('class="meta access"') == 1  # Mahler 5 offers no access feature
    assert 'Family concert · <span class="scale">you watch and listen, with some joining' in page


def test_a_free_card_says_free_without_concessions(client, org):
    factories.activity(org, "Come and sing", format=Format.COME_AND_SING, concessions="n/a")
    page = client.get(reverse("season", kwargs={"org": org.slug})).content.decode()
    assert '<p class="meta practical">Free · 2 hours</p>' in page


def test_for_you_cards_show_the_practical_information_in_plain_words(
    participant_client, family_concert, org
):
    page = participant_client.get(reverse("for_you", kwargs={"org": org.slug})).content.decode()
    assert "Peter and the Wolf" in page
    assert f'<p class="meta practical">{FAMILY_CONCERT_BRIEFLY}</p>' in page
    assert '<p class="meta access">Access: Step-free access · Captions</p>' in page
    assert "-led" not in page
