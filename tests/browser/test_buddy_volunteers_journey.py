"""Staff find a volunteer awaiting approval, approve and vet them; a newcomer choosing an
activity on “Get a buddy” sees only the practices it involves."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from overture.audience.services import register
from overture.buddies import services
from overture.season.models import Format
from tests import factories


def test_staff_find_approve_and_vet_a_new_volunteer(open_as, org, staff_user, transactional_db):
    singing = factories.practice(org, name="Singing in a choir")
    for name in ("Vera Lynn", "Reg Varney"):
        volunteer = factories.participant(org, name=name, username=name.split()[0].lower())
        factories.competence(volunteer, singing, 3)
        services.volunteer(volunteer, practice_ids=[singing.pk], languages=["en"])

    staff = open_as(staff_user, width=1200)
    staff.goto(reverse("staff_buddies", kwargs={"org": org.slug}))
    staff.get_by_role("link", name="2 awaiting approval").click()
    expect(staff.get_by_text("2 volunteers found")).to_be_visible()
    staff.get_by_label("Name").fill("lynn")
    staff.get_by_role("button", name="Show volunteers").click()
    expect(staff.get_by_text("1 volunteer found")).to_be_visible()
    staff.get_by_role("link", name="Vera Lynn").click()

    expect(staff.get_by_role("heading", name="Vera Lynn")).to_be_visible()
    expect(staff.get_by_text("Awaiting approval: not offered for matching yet")).to_be_visible()
    staff.get_by_role("button", name="Approve Vera Lynn").click()
    expect(staff.get_by_text("Vera Lynn is approved")).to_be_visible()

    staff.get_by_label("Date of the check").fill("2026-01-05")
    staff.get_by_label("What the check was").fill("DBS 001234567890")
    asked = []
    staff.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    staff.get_by_role("button", name="Mark vetted").click()
    assert asked == ["Record that Vera Lynn was checked? They may then accompany under-18s."]
    expect(staff.get_by_text("Not vetted: paired with adults only")).to_be_visible()
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name="Mark vetted").click()
    expect(staff.get_by_text("Vera Lynn is vetted")).to_be_visible()
    expect(
        staff.get_by_text("Checked on 5 Jan 2026 (DBS 001234567890), recorded by stella")
    ).to_be_visible()


def test_get_a_buddy_offers_the_chosen_activitys_practices(open_as, org, transactional_db):
    singing = factories.practice(org, name="Singing in a choir")
    silence = factories.practice(org, name="Listening in silence")
    messiah = factories.activity(
        org,
        "Messiah come-and-sing",
        format=Format.COME_AND_SING,
        days_ahead=4,
        requirements=[(singing, 1, 0.3)],
    )
    mahler = factories.activity(
        org,
        "Mahler 5",
        format=Format.SYMPHONY_CONCERT,
        days_ahead=6,
        requirements=[(silence, 2, 0.9)],
    )
    sam = factories.participant(org, name="Sam Newcomer", username="sam")
    register(sam, messiah.pk)
    register(sam, mahler.pk)

    newcomer = open_as(sam.user)
    newcomer.goto(reverse("buddy_ask", kwargs={"org": org.slug}))
    help_with = newcomer.get_by_role("group", name="What would you like help with?")
    expect(help_with.get_by_role("checkbox")).to_have_count(2)
    newcomer.get_by_label("Where would you like a buddy?").select_option(str(mahler.pk))
    help_with = newcomer.get_by_role("group", name="What would you like help with?")
    expect(help_with.get_by_role("checkbox")).to_have_count(1)
    expect(help_with.get_by_label(re.compile("Listening in silence"))).to_be_visible()
    newcomer.get_by_label("Where would you like a buddy?").select_option(str(messiah.pk))
    help_with = newcomer.get_by_role("group", name="What would you like help with?")
    expect(help_with.get_by_label(re.compile("Singing in a choir"))).to_be_visible()
    expect(help_with.get_by_role("checkbox")).to_have_count(1)
    help_with.get_by_label(re.compile("Singing in a choir")).check()
    newcomer.get_by_role("button", name="Ask for a buddy").click()
    expect(newcomer.get_by_text("Looking for a buddy")).to_be_visible()
