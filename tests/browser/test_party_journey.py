"""Two friends coming together: one registers, says how they like it and starts a party; the
other joins with the code; both see each other in the party."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from overture.audience.models import NormsPreference, Registration
from overture.season.models import Format, Zone
from tests import factories


def test_two_friends_register_and_are_seated_as_a_party(open_as, org, transactional_db):
    concert = factories.activity(org, "Family concert", format=Format.FAMILY_CONCERT)
    Zone.objects.create(activity=concert, name="Stalls", capacity=60, norms="Quiet listening")
    Zone.objects.create(
        activity=concert, name="Play corner", capacity=20, norms="Moving welcome", strictness=0.3
    )
    ada = factories.participant(org, name="Ada Listener", username="ada")
    bo = factories.participant(org, name="Bo Friend", username="bo")

    first = open_as(ada.user)
    first.goto(concert.get_absolute_url())
    first.get_by_role("button", name="Register").click()
    expect(first.get_by_text("Your zone will be confirmed before the day")).to_be_visible()
    how = first.get_by_role("group", name="How do you like to take part?")
    how.get_by_label("Relaxed: moving and talking welcome").check()
    first.get_by_role("group", name="Which part of the room would you like?").get_by_label(
        re.compile("Play corner")
    ).check()
    first.get_by_role("button", name="Save how I like to take part").click()
    expect(first.get_by_role("status")).to_contain_text("we’ll keep how you like to take part")
    expect(how.get_by_label("Relaxed: moving and talking welcome")).to_be_checked()

    first.get_by_role("button", name="Start a party").click()
    code = first.locator(".party-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    expect(first.get_by_text("Give this code to the people you are coming with")).to_be_visible()

    second = open_as(bo.user)
    second.goto(concert.get_absolute_url())
    second.get_by_role("button", name="Register").click()
    second.get_by_label("Party code").fill(f" {code.lower()} ")
    second.get_by_role("button", name="Join the party").click()
    expect(second.get_by_role("status")).to_contain_text("you will be seated together")
    members = second.get_by_role("list", name="In your party")
    expect(members.get_by_role("listitem")).to_have_text(["Ada Listener", "Bo Friend (you)"])

    first.reload()
    members = first.get_by_role("list", name="In your party")
    expect(members.get_by_role("listitem")).to_have_text(["Ada Listener (you)", "Bo Friend"])

    places = Registration.objects.filter(activity=concert).order_by("participant__display_name")
    assert [p.party for p in places] == [code, code]
    assert places[0].norms_preference == NormsPreference.RELAXED
    assert places[0].zone_preference.name == "Play corner"
