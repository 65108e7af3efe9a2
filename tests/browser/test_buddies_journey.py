"""A newcomer asks for a buddy; staff match and publish; both sides see whom to meet, where."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from overture.audience.services import register
from overture.buddies import services
from overture.season.models import Format
from tests import factories

MEETING_POINT = "Foyer, by the cloakroom, 30 minutes before"


def test_a_newcomer_gets_a_buddy_who_sees_them_and_both_know_where_to_meet(
    open_as, org, staff_user, transactional_db
):
    singing = factories.practice(org, name="Singing in a choir")
    messiah = factories.activity(
        org,
        "Messiah come-and-sing",
        format=Format.COME_AND_SING,
        days_ahead=4,
        requirements=[(singing, 1, 0.3)],
    )
    vera = factories.participant(org, name="Vera Lynn", username="vera")
    factories.competence(vera, singing, 3)
    register(vera, messiah.pk)
    buddy = services.volunteer(
        vera, practice_ids=[singing.pk], languages=["en"], activity_ids=[messiah.pk]
    )
    services.approve(org, buddy.pk, by=None)
    sam = factories.participant(org, name="Sam Newcomer", username="sam")
    register(sam, messiah.pk)

    # The newcomer asks for a buddy at the come-and-sing.
    newcomer = open_as(sam.user)
    newcomer.goto(reverse("season", kwargs={"org": org.slug}))
    newcomer.get_by_role("navigation", name="Main").get_by_role("link", name="Buddies").click()
    newcomer.get_by_role("link", name="Get a buddy").click()
    # Choosing the activity fetches its practices again: tick only once they are in.
    with newcomer.expect_response(lambda response: "activity=" in response.url):
        newcomer.get_by_label("Where would you like a buddy?").select_option(str(messiah.pk))
    help_with = newcomer.get_by_role("group", name="What would you like help with?")
    help_with.get_by_label(re.compile("Singing in a choir")).check()
    newcomer.get_by_role("button", name="Ask for a buddy").click()
    expect(newcomer.get_by_text("Looking for a buddy")).to_be_visible()

    # Staff run the match for that activity, review the pair and publish it.
    staff = open_as(staff_user)
    staff.goto(reverse("staff_dashboard", kwargs={"org": org.slug}))
    staff.get_by_role("navigation", name="Staff").get_by_role("link", name="Buddies").click()
    expect(staff.get_by_role("heading", name="Buddy matching")).to_be_visible()
    staff.get_by_label("Match requests for").select_option(str(messiah.pk))
    staff.get_by_label("Meeting point").fill(MEETING_POINT)
    staff.get_by_role("button", name="Run matching").click()
    expect(staff.get_by_text("Matched 1 of 1 requests for Messiah come-and-sing")).to_be_visible()
    proposed = staff.locator("#proposed tr", has_text="Sam Newcomer")
    expect(proposed.get_by_text("Vera Lynn")).to_be_visible()
    expect(proposed.get_by_text("Three levels above you in Singing in a choir")).to_be_visible()
    asked = []
    staff.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    staff.get_by_role("button", name=re.compile("^Publish 1 pair")).click()
    expect(staff.get_by_text("Published 1 pair")).to_be_visible()
    assert asked == [
        "Publish 1 pair and email both sides of each? "
        "They will be told whom to meet, where and when."
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["sam@example.org", "vera@example.org"]

    # The buddy sees the newcomer in “My newcomers”, with where and when, and accepts.
    buddy = open_as(vera.user)
    buddy.goto(reverse("buddies", kwargs={"org": org.slug}))
    buddy.get_by_role("link", name=re.compile("My newcomers")).click()
    card = buddy.locator("ul.newcomers > li", has_text="Sam")
    expect(card.get_by_role("heading", name="Sam", exact=True)).to_be_visible()
    expect(card.get_by_text(MEETING_POINT)).to_be_visible()
    expect(card.get_by_role("link", name="Messiah come-and-sing")).to_be_visible()
    card.get_by_role("button", name="Accept Sam as your newcomer").click()
    expect(buddy.get_by_text("we’ve told Sam you’ll be there")).to_be_visible()

    # The newcomer sees the buddy's first name and the meeting point, and accepts too.
    newcomer.reload()
    request_card = newcomer.locator("ul.buddy-requests > li", has_text="Messiah come-and-sing")
    expect(request_card.get_by_text("Your buddy: Vera")).to_be_visible()
    expect(request_card.get_by_text("Lynn")).to_have_count(0)
    expect(request_card.get_by_text(MEETING_POINT)).to_be_visible()
    request_card.get_by_role("button", name="Accept Vera as your buddy").click()
    expect(newcomer.get_by_text("we’ve told Vera you’ll be there")).to_be_visible()
    expect(newcomer.get_by_text("Vera accepted too")).to_be_visible()

    # They agree how to recognise each other through the site, without sharing addresses.
    mail.outbox.clear()
    request_card.get_by_label("Message to Vera").fill("Hello Vera! I'll wear a red scarf.")
    request_card.get_by_role("button", name="Send the message to Vera").click()
    expect(newcomer.get_by_text("Message sent.")).to_be_visible()
    request_card = newcomer.locator("ul.buddy-requests > li", has_text="Messiah come-and-sing")
    expect(request_card.get_by_text("Hello Vera! I'll wear a red scarf.")).to_be_visible()
    (to_buddy,) = mail.outbox
    assert to_buddy.to == ["vera@example.org"] and "sam@example.org" not in to_buddy.body

    buddy.reload()
    card = buddy.locator("ul.newcomers > li", has_text="Sam")
    expect(card.get_by_role("heading", name="Messages with Sam")).to_be_visible()
    expect(card.get_by_text("Hello Vera! I'll wear a red scarf.")).to_be_visible()
    card.get_by_label("Message to Sam").fill("Lovely — see you by the cloakroom.")
    card.get_by_role("button", name="Send the message to Sam").click()
    expect(buddy.get_by_text("Message sent.")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["vera@example.org"], ["sam@example.org"]]

    newcomer.reload()
    request_card = newcomer.locator("ul.buddy-requests > li", has_text="Messiah come-and-sing")
    expect(request_card.get_by_text("Lovely — see you by the cloakroom.")).to_be_visible()
