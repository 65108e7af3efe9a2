"""A new participant answers the self-assessment in steps, leaves midway, comes back, finishes."""

from playwright.sync_api import expect

from overture.audience.models import Competence
from tests import factories

QUESTIONS = [
    ("Going to a concert", "Have you been to a concert before?", 10),
    ("Applauding", "Do you know when to clap at a concert?", 20),
    ("Programme notes", "Do you read the programme notes?", 30),
    ("Talking about music", "Do you enjoy talking about music afterwards?", 40),
    ("Singing in a choir", "Have you ever sung in a choir?", 50),
    ("Reading a vocal score", "Can you follow your part in printed music?", 60),
]


def test_a_newcomer_answers_in_steps_skips_one_leaves_and_resumes(open_as, org, participant):
    practices = {}
    for name, question, order in QUESTIONS:
        practice = factories.practice(org, name)
        practice.assessment_question = question
        practice.assessment_order = order
        practices[name] = practice
    applause = practices["Applauding"]
    applause.answer_newcomer = "Not really"
    applause.answer_novice = "I follow what others do"
    applause.answer_regular = "Yes, usually"
    applause.answer_expert = "Yes, I could explain it to someone"
    for practice in practices.values():
        practice.save()
    factories.activity(
        org, "Come and sing", requirements=[(practices["Singing in a choir"], 0, 0.2)]
    )

    page = open_as(participant.user)
    page.get_by_role("link", name="My experience").click()
    expect(page.get_by_role("heading", name="Your experience")).to_be_visible()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Step 1 of 2")).to_have_attribute("value", "1")

    concert = page.get_by_role("group", name="Have you been to a concert before?")
    concert.get_by_label("A few times: I know how it goes").check()
    clapping = page.get_by_role("group", name="Do you know when to clap at a concert?")
    expect(clapping.get_by_label("Yes, usually (Regular)")).to_be_visible()
    clapping.get_by_label("I follow what others do").check()
    page.get_by_role("group", name="Do you read the programme notes?").get_by_label(
        "I’d rather not say"
    ).check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("progressbar", name="Step 2 of 2")).to_have_attribute("value", "2")
    # Leaves midway, to look at the season, and comes back later.
    page.get_by_role("link", name="Season", exact=True).click()
    page.get_by_role("link", name="My experience").click()
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    page.get_by_role("link", name="Back to step 1").click()
    expect(
        page.get_by_role("group", name="Do you know when to clap at a concert?").get_by_label(
            "I follow what others do"
        )
    ).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("group", name="Have you ever sung in a choir?").get_by_label(
        "Once or twice"
    ).check()
    page.get_by_role("button", name="Save and finish").click()

    expect(page.get_by_role("heading", name="For you", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    expect(page.get_by_text("We don’t know your experience yet")).to_have_count(0)
    expect(page.get_by_role("link", name="Come and sing")).to_be_visible()

    levels = dict(
        Competence.objects.filter(participant=participant).values_list("practice__name", "level")
    )
    assert levels == {"Going to a concert": 2, "Applauding": 1, "Singing in a choir": 1}
    participant.refresh_from_db()
    assert participant.assessed_at is not None
