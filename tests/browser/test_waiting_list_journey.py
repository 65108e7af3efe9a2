"""A full activity: one person joins its waiting list, another gives their place back, and the
first follows the emailed offer to take it."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from overture.audience import services
from overture.audience.models import Registration, WaitingListEntry
from tests import factories
from tests.browser.conftest import emailed_link


def test_a_freed_place_goes_to_the_first_in_line_by_email(open_as, org, transactional_db):
    concert = factories.activity(org, "Messiah singalong", capacity=1)
    holder = factories.participant(org, name="Hal Holder", username="hal")
    services.register(holder, concert.pk)
    ada = factories.participant(org, name="Ada Listener", username="ada")

    waiting = open_as(ada.user)
    waiting.goto(concert.get_absolute_url())
    expect(waiting.get_by_text("Full", exact=True)).to_be_visible()
    expect(waiting.get_by_label("How many places?")).to_have_value("1")
    waiting.get_by_role("button", name="Join the waiting list").click()
    expect(waiting.get_by_role("status")).to_contain_text("You’re on the waiting list")
    expect(waiting.get_by_text("You are 1st on the waiting list, for 1 place.")).to_be_visible()

    giving_back = open_as(holder.user)
    giving_back.goto(f"/{org.slug}/me/activities/")
    giving_back.once("dialog", lambda dialog: dialog.accept())
    giving_back.get_by_role("button", name="Cancel my place at Messiah singalong").click()
    expect(giving_back.get_by_role("status")).to_contain_text("Your place at Messiah singalong")

    (offer,) = [m for m in mail.outbox if m.to == [ada.user.email]]
    assert offer.subject.startswith("A place is held for you at Messiah singalong")
    assert re.search(r"until \d\d:\d\d on \w+day \d{1,2} \w+ \d{4}\.", offer.body)
    waiting.goto(emailed_link(f"/activities/{concert.pk}/"))
    expect(waiting.get_by_text(re.compile("we’re holding 1 place for you until"))).to_be_visible()
    waiting.get_by_role("button", name="Take the place").click()
    expect(waiting.get_by_role("status")).to_contain_text(
        "You’re registered for Messiah singalong: 1 place booked."
    )
    expect(waiting.get_by_text("You’re registered", exact=True)).to_be_visible()

    waiting.get_by_role("link", name="My activities").click()
    expect(waiting.get_by_role("link", name="Messiah singalong", exact=True)).to_be_visible()
    expect(waiting.get_by_role("heading", name="Waiting lists")).to_have_count(0)

    place = Registration.objects.get(participant=ada, activity=concert)
    assert place.status == Registration.Status.CONFIRMED and place.places == 1
    assert WaitingListEntry.objects.get(participant=ada).status == "accepted"
