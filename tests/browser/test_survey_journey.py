"""A visitor opens a survey link, answers without logging in, forgets consent, and is thanked;
staff see the answer in the segment chart and code its text in the review queue."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from overture.insight import services
from overture.insight.models import SurveyResponse, TextCode
from tests import factories


def test_a_visitor_opens_the_link_answers_and_sees_thanks(
    page, open_as, org, staff_user, transactional_db
):
    concert = factories.activity(org, "Mahler under the stars", days_ahead=-1)
    survey = services.ensure_survey(concert)
    statements = [d.statement for d in services.active_dimensions(survey)]

    page.goto(reverse("survey", kwargs={"org": org.slug, "token": survey.token}))
    expect(page.get_by_role("heading", name="What was it worth to you?")).to_be_visible()
    expect(page.get_by_text("Mahler under the stars")).to_be_visible()
    for i, statement in enumerate(statements):
        choice = "Strongly agree" if i % 2 else "Agree"
        page.get_by_role("group", name=statement).get_by_label(choice, exact=True).check()
    page.get_by_label("What made it worthwhile?").fill("Hearing it outdoors with my family.")
    page.get_by_role("group", name="Was this your first time with us?").get_by_label("Yes").check()
    page.get_by_role("button", name="Send my answers").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Please tick the box to agree")
    assert not SurveyResponse.objects.exists()
    page.get_by_label("I agree to my answers being used").check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    response = SurveyResponse.objects.get()
    assert response.participant is None and response.first_time is True
    assert response.worthwhile == "Hearing it outdoors with my family."
    assert sorted(set(response.answers.values_list("score", flat=True))) == [4, 5]

    staff = open_as(staff_user, width=1280)
    staff.goto(reverse("staff_activity_insight", kwargs={"org": org.slug, "pk": concert.pk}))
    by_level = staff.get_by_role("table", name="By level in the key practice")
    overall = by_level.get_by_role("row", name="Over all statements")
    expect(overall).to_contain_text("4.5")  # half the statements 4, half 5 (or 4.4/4.6)
    expect(overall).to_contain_text("1")

    staff.goto(reverse("staff_insight_review", kwargs={"org": org.slug}))
    staff.get_by_role("button", name="Suggest codes for new answers").click()
    answer = staff.get_by_role("article", name="What made it worthwhile")
    expect(answer).to_contain_text("Hearing it outdoors with my family.")
    answer.get_by_label("Add a code").fill("Transport and parking")
    answer.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Codes saved")).to_be_visible()
    added = TextCode.objects.get(response=response, status=TextCode.Status.ADDED)
    assert added.code == "theme:transport-and-parking"
