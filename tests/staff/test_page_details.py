"""Staff pages show big counts with separators, good news calmly and long names whole."""

from __future__ import annotations

import re

from django.urls import reverse

from overture.audience import services as audience_services
from tests import factories


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def page(client, name: str, org, activity=None):
    kwargs = {"org": org.slug} | ({"pk": activity.pk} if activity else {})
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response


def test_counts_over_999_have_thousands_separators_on_every_staff_page(staff_client, org):
    hall = factories.activity(org, "Park concert", capacity=1800, days_ahead=3)
    audience_services.register(factories.participant(org, name="Ann"), hall.pk, places=4)

    for name, activity in (
        ("staff_dashboard", None),
        ("staff_activities", None),
        ("staff_activity_edit", hall),
        ("staff_activity_registrations", hall),
        ("staff_activity_mix", hall),
    ):
        text = text_of(page(staff_client, name, org, activity))
        assert "1,800" in text, name
        assert "1800" not in text, name
    registrations = text_of(page(staff_client, "staff_activity_registrations", org, hall))
    assert "4 of 1,800 places taken" in registrations


def test_a_full_house_shows_as_good_news(staff_client, org):
    full = factories.activity(org, "Come and sing", capacity=2)
    audience_services.register(factories.participant(org, name="Ann"), full.pk, places=2)
    open_ = factories.activity(org, "Open rehearsal", capacity=2)

    html = page(staff_client, "staff_activity_registrations", org, full).content.decode()
    assert '<span class="badge open sold-out">Published · full</span>' in html
    assert 'class="badge full"' not in html
    html = page(staff_client, "staff_activity_registrations", org, open_).content.decode()
    assert '<span class="badge open">Published</span>' in html


def test_strictness_reads_as_words_with_the_number_behind_how_it_is_worked_out(staff_client, org):
    listening = factories.practice(org, "Listening in silence")
    concert = factories.activity(org, "Mahler 5", requirements=[(listening, 1, 0.8)])
    audience_services.register(factories.participant(org, name="Ann"), concert.pk)

    html = page(staff_client, "staff_activity_registrations", org, concert).content.decode()
    visible, _, behind = html.partition("<summary>How is this worked out?</summary>")
    assert "The room expects this to be followed closely" in visible
    assert "0.80" not in visible
    assert "Strictness 0.80 on a scale from 0" in behind


def test_long_practice_names_wrap_in_the_chart_and_keep_their_full_name(staff_client, org):
    name = "Applauding at the right moment between movements"
    applause = factories.practice(org, name)
    concert = factories.activity(org, "Mahler 5", requirements=[(applause, 1, 0.5)])
    audience_services.register(factories.participant(org, name="Ann"), concert.pk)

    html = page(staff_client, "staff_activity_mix", org, concert).content.decode()
    assert f"<title>{name}</title>" in html
    assert '<tspan x="192" dy="-0.6em">Applauding at the right</tspan>' in html
    assert '<tspan x="192" dy="1.2em">moment between movements</tspan>' in html
    assert "…" not in html.split('level-chart">')[1].split("</svg>")[0]
