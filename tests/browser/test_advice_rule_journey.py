"""An organisation admin rewords an advice rule, watches its preview follow their typing, and
finds the advice on the season's audience mix."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from tests import factories


def test_admin_edits_a_rule_with_a_live_preview_and_sees_its_advice(
    open_as, org, staff_user, transactional_db
):
    listening = factories.practice(org, "Listening in silence", strictness=0.9)
    for title, days in (("Mahler 5", 7), ("Brahms 2", 14)):
        factories.activity(org, title, days_ahead=days, requirements=[(listening, 2, 0.9)])

    admin = open_as(staff_user, width=1200)
    admin.goto(reverse("staff_advice_rules", kwargs={"org": org.slug}))
    admin.get_by_role("link", name="Signpost the season more clearly").click()
    expect(admin.get_by_role("heading", name="Figures you can name")).to_be_visible()
    preview = admin.locator("#rule-preview")

    # A new condition: the preview follows the change at once.
    admin.locator("#id_when_figure").select_option("activities")
    admin.locator("#id_when_comparison").select_option(">=")
    admin.locator("#id_when_value").fill("1")
    admin.locator("#id_when_value").press("Tab")

    # A misspelt figure is named back with the nearest one, while they type.
    advice = admin.get_by_label("Advice")
    advice.fill("")
    advice.press_sequentially("Signpost the {activitys} upcoming")
    expect(preview).to_contain_text(
        "There is no figure called {activitys} — did you mean {activities}?"
    )

    advice.fill("")
    advice.press_sequentially(
        "Signpost the {activities} upcoming activities: {first visit share} are a first visit."
    )
    expect(preview).to_contain_text("Applies now to the season.")
    expect(preview).to_contain_text("Signpost the 2 upcoming activities: 0 % are a first visit.")

    admin.get_by_role("button", name="Save rule").click()
    expect(admin.get_by_role("status")).to_contain_text(
        "Saved the rule “Signpost the season more clearly”."
    )

    admin.goto(reverse("staff_season_mix", kwargs={"org": org.slug}))
    expect(
        admin.locator("#advice").get_by_text(
            "Signpost the 2 upcoming activities: 0 % are a first visit."
        )
    ).to_be_visible()
