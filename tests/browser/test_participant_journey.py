"""A newcomer signs up, says what they know, reads a score, registers and finds the activity."""

import re

from playwright.sync_api import expect

from overture.audience.models import Competence, Registration
from tests import factories
from tests.browser.conftest import emailed_link


def test_newcomer_signs_up_reads_the_score_and_registers(page, org):
    silence = factories.practice(org, "Listening in silence", strictness=0.9)
    silence.procedures = "Stay quiet from the first note until the conductor lowers the baton."
    silence.assessment_question = "Have you been to a symphony concert before?"
    silence.save()
    applause = factories.practice(org, "Applauding at the right moment")
    concert = factories.activity(
        org,
        "Beethoven's Fifth",
        capacity=40,
        requirements=[(silence, 1, 0.9), (applause, 0, 0.6)],
    )

    page.goto(f"/{org.slug}/signup/")
    page.get_by_label("Your name").fill("Ada Listener")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label(re.compile(r"^Password(?! again)")).fill("quiet-between-movements")
    page.get_by_label("Password again").fill("quiet-between-movements")
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(emailed_link("/signup/confirm/"))

    expect(page.get_by_role("heading", name="Your experience")).to_be_visible()
    page.get_by_role("group", name="Have you been to a symphony concert before?").get_by_label(
        "Once or twice"
    ).check()
    page.get_by_role("button", name="Save and finish").click()
    expect(page.get_by_role("heading", name="For you", exact=True)).to_be_visible()

    page.get_by_role("link", name="Beethoven's Fifth").click()
    expect(page.get_by_role("heading", name="Beethoven's Fifth")).to_be_visible()
    score = page.locator("details.score", has_text="Listening in silence")
    score.locator("summary").click()
    expect(score.get_by_role("heading", name="How to act")).to_be_visible()
    expect(score.get_by_text("until the conductor lowers the baton")).to_be_visible()
    expect(score.get_by_role("heading", name="Why it matters")).to_be_visible()

    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text("You’re registered for Beethoven")
    expect(page.get_by_text("You’re registered", exact=True)).to_be_visible()

    page.get_by_role("link", name="My activities").click()
    expect(page.get_by_role("link", name="Beethoven's Fifth", exact=True)).to_be_visible()

    registration = Registration.objects.get(activity=concert)
    assert registration.participant.display_name == "Ada Listener"
    assert registration.status == Registration.Status.CONFIRMED
    level = Competence.objects.get(participant=registration.participant, practice=silence).level
    assert level == 1


def test_cancelling_a_place_asks_first(open_as, org, participant):
    from overture.audience import services as audience

    concert = factories.activity(org, "Brahms at dusk")
    audience.register(participant, concert.pk)
    page = open_as(participant.user)
    page.goto(f"/{org.slug}/me/activities/")
    asked: list[str] = []

    def answer(accept: bool):
        def on_dialog(dialog) -> None:
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return on_dialog

    cancel = page.get_by_role("button", name="Cancel my place at Brahms at dusk")
    page.once("dialog", answer(accept=False))
    cancel.click()
    page.wait_for_load_state("networkidle")
    assert Registration.objects.get(activity=concert).status == Registration.Status.CONFIRMED
    assert asked == ["Give up your place at Brahms at dusk? Someone else may take it."]

    page.once("dialog", answer(accept=True))
    cancel.click()
    expect(page.get_by_role("status")).to_contain_text("Your place at Brahms at dusk is cancelled.")
    assert Registration.objects.get(activity=concert).status == Registration.Status.CANCELLED
