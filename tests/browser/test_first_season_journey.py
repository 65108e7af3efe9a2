"""A brand-new person's first season at the demo orchestra, in the browser from start to end:
signing up, saying what they have done before, finding a way to a concert that asks them to
prepare first, booking for two, waiting for a place at a full workshop, and giving a place back.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import Page, expect

from overture.audience import services
from overture.audience.models import Competence, Participant, Registration
from overture.demo import generate
from overture.season.models import Activity
from tests.browser.conftest import emailed_link

EMAIL = "robin.first@example.org"
PASSWORD = "a-first-season-at-last"
SYMPHONY = "Sibelius and the North"
TALK = "Before the concert: Sibelius and the North"
WORKSHOP = "Composition lab: Film Music"


@pytest.fixture
def season(transactional_db):
    """The demo orchestra, small: a dozen activities and a dozen people who already take part."""
    return generate(seed=7, participants=12, activities=12)


def test_a_new_person_finds_their_way_through_a_first_season(page, season):
    org = season.organisation.slug

    sign_up_and_confirm(page, org)
    log_out_and_back_in(page)
    answer_the_self_assessment_as_a_newcomer(page)
    find_the_way_to_a_concert_that_asks_to_prepare_first(page)
    talk, places_left = book_two_places_and_get_the_email(page)
    join_the_waiting_list_and_take_the_freed_place(page)
    cancel_the_booking_for_two(page, talk, places_left)


def sign_up_and_confirm(page: Page, org: str) -> None:
    page.goto(f"/{org}/signup/")
    expect(page.get_by_role("heading", name="Sign up")).to_be_visible()
    page.get_by_label("Your name").fill("Robin First")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label(re.compile(r"^Password(?! again)")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    privacy = page.get_by_role("link", name="privacy notice (opens in a new tab)")
    expect(privacy).to_have_attribute("href", reverse("privacy_notice", kwargs={"org": org}))
    page.get_by_label("You may contact me about activities that fit me").check()
    page.get_by_label("You may use my answers, anonymised, to improve experiences").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text(EMAIL)).to_be_visible()

    (confirmation,) = mail.outbox
    assert confirmation.to == [EMAIL]
    page.goto(emailed_link("/signup/confirm/"))
    expect(page.get_by_role("status")).to_contain_text("Welcome, Robin First!")
    expect(page.get_by_role("heading", name="Your experience")).to_be_visible()

    robin = Participant.objects.get(user__email=EMAIL)
    assert robin.consent_contact and robin.consent_research


def log_out_and_back_in(page: Page) -> None:
    """Robin leaves the questions for later and comes back with the password chosen."""
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.goto(reverse("login"))
    page.get_by_label("Email or username").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def answer(page: Page, question: str, words: str) -> None:
    page.get_by_role("group", name=question).get_by_label(words).check()


def answer_the_self_assessment_as_a_newcomer(page: Page) -> None:
    page.get_by_role("link", name="My experience").click()
    expect(page.get_by_role("progressbar", name="Step 1 of 4")).to_have_attribute("value", "1")
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    answer(page, "Have you been to a symphony concert before?", "No, never")
    answer(page, "Do you know when to clap at a classical concert?", "Not really")
    # Robin leaves the programme notes unanswered: nothing is assumed about them.
    answer(page, "Have you been to a concert at Northbank Hall before?", "No, not yet")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    answer(page, "Do you enjoy talking about music after a concert?", "I’d rather not say")
    answer(page, "Have you watched a concert online and joined the chat?", "No, not yet")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_text("Step 3 of 4")).to_be_visible()
    page.get_by_role("button", name="Skip this step", exact=True).click()

    expect(page.get_by_text("Step 4 of 4")).to_be_visible()
    answer(page, "Have you ever made up a tune or a piece of music?", "No, never")
    page.get_by_role("button", name="Save and finish").click()

    expect(page.get_by_role("heading", name="For you", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    expect(page.get_by_text("We don’t know your experience yet")).to_have_count(0)
    said = Competence.objects.filter(participant__user__email=EMAIL)
    assert dict(said.values_list("practice__slug", "level")) == {
        "listening-in-silence": 0,
        "applauding": 0,
        "finding-your-way": 0,
        "livestream-chat": 0,
        "improvising-and-composing": 0,
    }


def find_the_way_to_a_concert_that_asks_to_prepare_first(page: Page) -> None:
    """For you puts first steps first; the concert that asks more is found in the season."""
    suggestions = page.get_by_role("list", name="Suggested activities, best fit first")
    expect(suggestions.get_by_role("link", name=TALK, exact=True)).to_be_visible()
    expect(suggestions.get_by_text("Prepare first")).to_have_count(0)
    page.get_by_role("link", name="See the whole season").click()

    card = page.locator("li.activity-card").filter(
        has=page.get_by_role("link", name=SYMPHONY, exact=True)
    )
    expect(card.get_by_text("Prepare first")).to_be_visible()
    expect(card.get_by_role("link", name=f"How to get there — {SYMPHONY}")).to_be_visible()
    card.get_by_role("link", name=SYMPHONY, exact=True).click()
    expect(page.get_by_role("heading", name="How it fits you: prepare first")).to_be_visible()

    page.get_by_role("link", name="How to get there").click()
    expect(page.get_by_role("heading", name=f"Getting ready for {SYMPHONY}")).to_be_visible()
    # No whole way yet: the season takes Robin part of the way, and Robin can say they'd come.
    expect(page.get_by_text("This season doesn’t offer a way there yet.")).to_be_visible()
    part_of_the_way = page.get_by_role("list", name="Steps, in order")
    expect(
        part_of_the_way.get_by_text("Listening in silence: from newcomer to beginner")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="What you can do instead")).to_be_visible()
    expect(page.get_by_role("button", name="Tell us you’d come")).to_be_visible()
    part_of_the_way.get_by_role("link", name=TALK, exact=True).click()


def book_two_places_and_get_the_email(page: Page) -> tuple[Activity, int]:
    """The first step on the way: Robin books for themself and a friend; returns the talk and
    the places it had left before."""
    talk = Activity.objects.get(title=TALK)
    expect(page.get_by_role("heading", name=TALK, level=1)).to_be_visible()
    left = talk.places_left
    expect(page.get_by_text(f"{left} places left")).to_be_visible()
    page.get_by_label("Places").fill("2")
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("status")).to_contain_text(
        f"You’re registered for {TALK} with 2 places. See you there!"
    )
    expect(page.get_by_text("You’re registered", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{left - 2} places left")).to_be_visible()
    expect(page.get_by_role("img", name=f"QR code of your ticket for {TALK}")).to_be_visible()
    expect(page.get_by_role("link", name="Add to calendar")).to_be_visible()

    (email,) = [m for m in mail.outbox if m.to == [EMAIL] and TALK in m.subject]
    ics = next(content for name, content, _ in email.attachments if name.endswith(".ics"))
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == TALK
    assert event.decoded("DTSTART") == talk.starts_at
    return talk, left


def fill_up(workshop: Activity) -> Participant:
    """People already in the demo audience take every place left; returns the last of them."""
    others = Participant.objects.filter(organisation=workshop.organisation).exclude(
        user__email=EMAIL
    )
    booked = []
    for other in others.exclude(registrations__activity=workshop):
        workshop.refresh_from_db()
        if not workshop.places_left:
            break
        places = min(workshop.places_left, workshop.places_per_booking)
        booked.append(services.register(other, workshop.pk, places=places).participant)
    workshop.refresh_from_db()
    assert workshop.is_full and booked
    return booked[-1]


def join_the_waiting_list_and_take_the_freed_place(page: Page) -> None:
    workshop = Activity.objects.get(title=WORKSHOP)
    other = fill_up(workshop)
    page.goto(workshop.get_absolute_url())
    expect(page.get_by_text("Full", exact=True)).to_be_visible()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("status")).to_contain_text("You’re on the waiting list")
    expect(page.get_by_text("You are 1st on the waiting list, for 1 place.")).to_be_visible()

    services.cancel_registration(other, workshop.pk)

    (offer,) = [m for m in mail.outbox if m.to == [EMAIL] and WORKSHOP in m.subject]
    assert offer.subject.startswith(f"A place is held for you at {WORKSHOP}")
    page.goto(emailed_link(f"/activities/{workshop.pk}/"))
    expect(page.get_by_text(re.compile("we’re holding 1 place for you until"))).to_be_visible()
    page.get_by_role("button", name="Take the place").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"You’re registered for {WORKSHOP}: 1 place booked."
    )
    expect(page.get_by_text("You’re registered", exact=True)).to_be_visible()


def cancel_the_booking_for_two(page: Page, talk: Activity, places_left: int) -> None:
    page.get_by_role("link", name="My activities").click()
    expect(page.get_by_role("link", name=WORKSHOP, exact=True)).to_be_visible()
    page.get_by_role("link", name=TALK, exact=True).click()
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Cancel my places").click()

    expect(page.get_by_role("status")).to_contain_text(f"Your places at {TALK} are cancelled.")
    assert asked == [f"Give up all 2 of your places at {TALK}? Someone else may take them."]
    expect(page.get_by_text(f"{places_left} places left")).to_be_visible()
    expect(page.get_by_role("button", name="Register")).to_be_visible()
    assert Registration.objects.get(activity=talk, participant__user__email=EMAIL).status == (
        Registration.Status.CANCELLED
    )
