"""Security headers: a strict Content-Security-Policy, and no caching of staff pages or exports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from overture.insight import services as insight
from tests import factories

TEMPLATE_ROOT = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def inline_code(html: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
        found += pattern.findall(html)
    return found


def test_pages_forbid_inline_scripts_and_styles(client, org):
    response = client.get(reverse("season", kwargs={"org": org.slug}))
    policy = directives(response["Content-Security-Policy"])
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
        "base-uri": "'none'",
        "object-src": "'none'",
    }
    assert "unsafe" not in response["Content-Security-Policy"]


def test_no_template_carries_inline_scripts_styles_or_event_handlers():
    offenders = {
        str(path.relative_to(TEMPLATE_ROOT)): inline_code(path.read_text())
        for path in TEMPLATE_ROOT.glob("**/templates/**/*.html")
        if inline_code(path.read_text())
    }
    assert offenders == {}


def test_htmx_is_told_not_to_inject_its_indicator_styles(client, org):
    html = client.get(reverse("season", kwargs={"org": org.slug})).content.decode()
    config = html.index('<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>')
    assert config < html.index("htmx-2.min.js")  # HTMX reads its config as it loads
    assert "overture/site.js" in html


def test_cancelling_an_activity_asks_for_confirmation_through_a_data_attribute(staff_client, org):
    activity = factories.activity(org, title="Brahms & friends")
    html = staff_client.get(
        reverse("staff_activity_edit", kwargs={"org": org.slug, "pk": activity.pk})
    ).content.decode()
    assert 'data-confirm="Cancel “Brahms &amp; friends”? 0 registered people will see' in html
    assert inline_code(html) == []


@pytest.fixture
def survey(org):
    return insight.ensure_survey(factories.activity(org, days_ahead=-1))


@pytest.mark.parametrize(
    "name",
    ["staff_dashboard", "staff_activities", "staff_insight", "staff_insight_review"],
)
def test_staff_pages_are_never_stored(staff_client, org, name):
    response = staff_client.get(reverse(name, kwargs={"org": org.slug}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", ["staff_insight_csv", "staff_insight_xlsx"])
def test_exports_are_never_stored(staff_client, org, survey, name):
    response = staff_client.get(reverse(name, kwargs={"org": org.slug}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"


def test_a_staff_page_refused_to_a_participant_is_not_stored_either(participant_client, org):
    response = participant_client.get(reverse("staff_dashboard", kwargs={"org": org.slug}))
    assert response.status_code == 403
    assert response["Cache-Control"] == "private, no-store"


def test_downloaded_files_are_not_stored_but_the_season_is_left_to_the_browser(client, org, survey):
    qr = reverse("survey_qr", kwargs={"org": org.slug, "token": survey.token})
    download = client.get(qr, {"download": "1"})
    assert download["Cache-Control"] == "private, no-store"
    season = client.get(reverse("season", kwargs={"org": org.slug}))
    assert not season.has_header("Cache-Control")
