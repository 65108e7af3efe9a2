"""In real Chromium: pages run under the strict Content-Security-Policy without a violation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from overture.audience import services as audience
from overture.insight import services as insight
from overture.season.models import Activity
from tests import factories


@pytest.fixture
def concert(org, participant, transactional_db):
    listening = factories.practice(org, name="Listening in silence")
    activity = factories.activity(org, "Brahms 4", capacity=50, requirements=[(listening, 2, 0.9)])
    audience.register(participant, activity.pk)
    factories.competence(participant, listening, 1)
    other = factories.participant(org, name="Ola Regular")
    audience.register(other, activity.pk)
    factories.competence(other, listening, 2)
    return activity


def watch(page) -> list[str]:
    """The browser's reports of anything the policy refused on this page."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.ok, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")


def test_participant_pages_run_without_violations(open_as, org, participant, concert):
    survey = insight.ensure_survey(factories.activity(org, "Last week's Haydn", days_ahead=-2))
    page = open_as(participant.user)
    refused = watch(page)
    for name, kwargs in [
        ("season", {}),
        ("activity", {"pk": concert.pk}),
        ("for_you", {}),
        ("my_activities", {}),
        ("self_assessment", {}),
        ("buddies", {}),
    ]:
        visit(page, reverse(name, kwargs={"org": org.slug, **kwargs}))
    visit(page, reverse("admin:login"))  # Django's admin runs under the same policy
    visit(page, reverse("survey", kwargs={"org": org.slug, "token": survey.token}))
    page.get_by_role("button", name="Send my answers").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert refused == []


def test_staff_pages_run_without_violations(open_as, org, staff_user, concert):
    page = open_as(staff_user, width=1280)
    refused = watch(page)
    for name, kwargs in [
        ("staff_dashboard", {}),
        ("staff_practices", {}),
        ("staff_activities", {}),
        ("staff_activity_create", {}),
        ("staff_activity_edit", {"pk": concert.pk}),
        ("staff_activity_registrations", {"pk": concert.pk}),
        ("staff_activity_check_in", {"pk": concert.pk}),
        ("staff_activity_mix", {"pk": concert.pk}),
        ("staff_season_mix", {}),
        ("staff_insight", {}),
        ("staff_insight_review", {}),
        ("staff_buddies", {}),
        ("staff_signposting", {}),
        ("staff_members", {}),
        ("staff_advice_rules", {}),
        ("staff_advice_rule_create", {}),
        ("staff_value_statements", {}),
        ("staff_value_statement_create", {}),
    ]:
        visit(page, reverse(name, kwargs={"org": org.slug, **kwargs}))
    visit(page, reverse("password_change"))
    assert refused == []


def test_account_pages_run_without_violations(page, org):
    refused = watch(page)
    for url in [
        reverse("login"),
        reverse("signup", kwargs={"org": org.slug}),
        reverse("signup_sent", kwargs={"org": org.slug}),
        reverse("password_reset"),
        reverse("password_reset_done"),
    ]:
        visit(page, url)
    assert refused == []


def test_the_level_bar_draws_each_level_in_proportion(open_as, org, staff_user, concert):
    page = open_as(staff_user, width=1280)
    refused = watch(page)
    visit(page, reverse("staff_activity_registrations", kwargs={"org": org.slug, "pk": concert.pk}))
    bar = page.locator(".level-bar").bounding_box()
    novice = page.locator(".level-bar rect.level-1").bounding_box()
    regular = page.locator(".level-bar rect.level-2.required").bounding_box()  # outlined
    assert novice["width"] == pytest.approx(bar["width"] / 2, abs=1)
    assert regular["x"] + regular["width"] / 2 == pytest.approx(
        bar["x"] + bar["width"] * 3 / 4, abs=1
    )
    assert refused == []


def test_cancelling_an_activity_asks_first(open_as, org, staff_user, concert):
    page = open_as(staff_user, width=1280)
    refused = watch(page)
    visit(page, reverse("staff_activity_edit", kwargs={"org": org.slug, "pk": concert.pk}))
    asked: list[str] = []

    def answer(accept: bool):
        def on_dialog(dialog) -> None:
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return on_dialog

    page.once("dialog", answer(accept=False))
    page.get_by_role("button", name="Cancel activity").click()
    page.wait_for_load_state("networkidle")
    concert.refresh_from_db()
    assert concert.status == Activity.Status.PUBLISHED
    assert asked == ["Cancel “Brahms 4”? 2 registered people will see that it is cancelled."]

    page.once("dialog", answer(accept=True))
    page.get_by_role("button", name="Cancel activity").click()
    expect(page.get_by_role("status")).to_contain_text("Cancelled “Brahms 4”.")
    concert.refresh_from_db()
    assert concert.status == Activity.Status.CANCELLED
    assert refused == []
