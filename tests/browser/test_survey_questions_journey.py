"""Staff add a question of their own to a survey, preview it and copy the link; a visitor
answers it."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from overture.insight import services
from overture.insight.models import QuestionAnswer
from tests import factories


def test_staff_add_a_question_preview_it_copy_the_link_and_a_visitor_answers(
    page, open_as, org, staff_user, transactional_db
):
    concert = factories.activity(org, "Dvořák by the river", days_ahead=-1)
    survey = services.ensure_survey(concert)
    link = reverse("survey", kwargs={"org": org.slug, "token": survey.token})

    staff = open_as(staff_user, width=1280)
    staff.context.grant_permissions(["clipboard-read", "clipboard-write"])
    staff.goto(reverse("staff_activity_survey", kwargs={"org": org.slug, "pk": concert.pk}))
    staff.get_by_role(
        "link", name="Choose the statements and questions of the survey after"
    ).click()
    adding = staff.get_by_role("region", name="Add a question")
    adding.get_by_label("Question").fill("Your age band")
    adding.get_by_role("group", name="Kind of answer").get_by_label("Choice").check()
    adding.get_by_label("Answers to choose from").fill("Under 25\n25–44\n45–64\n65 and over")
    adding.get_by_role("button", name="Add the question").click()
    expect(staff.get_by_text("The question was added.")).to_be_visible()
    expect(staff.get_by_role("heading", name="1. Your age band")).to_be_visible()

    staff.get_by_role("link", name="Surveys of Dvořák by the river").click()
    expect(staff.get_by_text("13 value statements and 1 question of your own.")).to_be_visible()
    staff.get_by_text("Preview as participants see it").click()
    preview = staff.get_by_role("region", name="Preview of the survey after the activity")
    band = preview.get_by_role("group", name="Your age band")
    expect(band.get_by_label("45–64")).to_be_visible()
    expect(band.get_by_label("45–64")).to_be_disabled()

    staff.get_by_role("button", name="Copy link of the survey after the activity").click()
    expect(staff.get_by_role("status").filter(has_text="Copied")).to_have_text(
        "Copied: the link is ready to paste."
    )
    copied = staff.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(link)

    page.goto(link)
    for dimension in services.active_dimensions(survey):
        page.get_by_role("group", name=dimension.statement).get_by_label(
            "Agree", exact=True
        ).check()
    page.get_by_role("group", name="Your age band").get_by_label("45–64").check()
    page.get_by_label("I agree to my answers being used").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    answer = QuestionAnswer.objects.get()
    assert (answer.question.text, answer.value) == ("Your age band", "45–64")
