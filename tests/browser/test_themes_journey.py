"""Staff review two answers in the queue without the page reloading, by mouse and by keyboard,
then find the theme with its quote on the season's insight page."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from playwright.sync_api import expect

from overture.insight.models import Survey, SurveyResponse, TextCode
from tests import factories


def test_staff_review_two_answers_in_place_then_see_the_theme_and_its_quote(
    open_as, org, staff_user, transactional_db
):
    concert = factories.activity(org, "Brahms at Riverside", days_ahead=-2)
    survey = Survey.objects.create(
        activity=concert, opens_at=concert.ends_at, closes_at=concert.ends_at + timedelta(days=14)
    )
    pricey, queue = (
        SurveyResponse.objects.create(
            survey=survey,
            submission_token=f"journey-{i}",
            consented=True,
            may_quote=True,
            in_the_way=text,
        )
        for i, text in enumerate(["The tickets were far too expensive.", "The bar queue was slow."])
    )
    TextCode.objects.create(
        response=pricey, field="in_the_way", code="theme:price", confidence=0.93
    )
    TextCode.objects.create(
        response=queue, field="in_the_way", code="theme:bar-and-queues", confidence=0.31
    )

    staff = open_as(staff_user, width=1280)
    staff.goto(reverse("staff_insight_review", kwargs={"org": org.slug}))
    expect(staff.get_by_text("2 answers left to review")).to_be_visible()
    staff.evaluate("window.stillHere = true")  # gone if the page reloads

    first = staff.get_by_role("article", name="Brahms at Riverside").first
    expect(first.get_by_label("Price (the coder is very sure)")).to_be_checked()
    first.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("This answer now has: Price.")).to_be_visible()
    expect(staff.get_by_text("1 answer left to review")).to_be_visible()

    # The second by keyboard: J goes to the next answer, Enter saves what is ticked.
    staff.keyboard.press("j")
    second = staff.locator(f"#answer-card-{queue.pk}-in_the_way")
    expect(second).to_be_focused()
    expect(second).to_contain_text("The bar queue was slow.")
    tick = second.get_by_label("Bar and queues (the coder is unsure)")
    expect(tick).not_to_be_checked()
    tick.check()
    second.focus()
    staff.keyboard.press("Enter")
    expect(staff.get_by_text("This answer now has: Bar and queues.")).to_be_visible()
    expect(staff.get_by_text("No answers left to review")).to_be_visible()
    assert staff.evaluate("window.stillHere") is True
    assert set(TextCode.objects.values_list("status", flat=True)) == {TextCode.Status.ACCEPTED}

    staff.goto(reverse("staff_insight", kwargs={"org": org.slug}))
    themes = staff.get_by_role("table", name="Themes by level in the key practice")
    expect(themes.get_by_role("row", name="Price")).to_contain_text("50% (1 of 2)")
    expect(staff.get_by_text("“The tickets were far too expensive.”")).to_be_visible()
    staff.get_by_text("How a theme is given to an answer").click()
    expect(staff.get_by_text("who ticked “You may quote what I wrote”")).to_be_visible()
