"""How a registrant likes to take part, who they come with, and the zone staff gave them."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from overture.audience import services
from overture.audience.models import NormsPreference, Registration
from overture.mix.models import ZoneAllocation, ZoningRun
from overture.season.models import Activity, Zone
from tests import factories
from tests.audience.test_concurrency import run_together


@pytest.fixture
def concert(org):
    return factories.activity(org, "Brahms 4", capacity=200)


@pytest.fixture
def zones(concert):
    return (
        Zone.objects.create(
            activity=concert, name="Stalls", capacity=100, norms="Quiet listening", strictness=1.0
        ),
        Zone.objects.create(
            activity=concert,
            name="Balcony",
            capacity=40,
            norms="Moving and talking welcome",
            strictness=0.3,
        ),
    )


def place(org, activity, name: str) -> Registration:
    person = factories.participant(org, name=name)
    return services.register(person, activity.pk)


@pytest.fixture
def sam_place(participant, concert):
    return services.register(participant, concert.pk)


def refusal(call, *args) -> str:
    with pytest.raises(services.RegistrationRefused) as error:
        call(*args)
    return str(error.value)


def confirm_zoning(activity, allocations: dict[Registration, Zone]) -> ZoningRun:
    """A zoning staff confirmed, written as the zoning service leaves it."""
    run = ZoningRun.objects.create(
        activity=activity,
        status=ZoningRun.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        conflict_before=0.5,
        conflict_after=0.2,
    )
    ZoneAllocation.objects.bulk_create(
        ZoneAllocation(run=run, registration=registration, zone=zone)
        for registration, zone in allocations.items()
    )
    return run


# --- preferences ---------------------------------------------------------------------------


def test_preferences_are_stored_with_a_zone_of_the_activity(sam_place, zones):
    balcony = zones[1]
    services.set_preferences(sam_place, NormsPreference.RELAXED, balcony)
    sam_place.refresh_from_db()
    assert sam_place.norms_preference == NormsPreference.RELAXED
    assert sam_place.zone_preference == balcony

    services.set_preferences(sam_place, NormsPreference.NONE, None)
    sam_place.refresh_from_db()
    assert (sam_place.norms_preference, sam_place.zone_preference) == (NormsPreference.NONE, None)


def test_a_zone_of_another_activity_is_refused(org, sam_place):
    elsewhere = factories.activity(org, "Elsewhere")
    foyer = Zone.objects.create(activity=elsewhere, name="Foyer", capacity=5, norms="Chatting")
    message = refusal(services.set_preferences, sam_place, NormsPreference.RELAXED, foyer)
    assert message == (
        "That zone is not part of this activity. Choose one of its zones, or no preference."
    )
    sam_place.refresh_from_db()
    assert sam_place.zone_preference is None


def test_an_unknown_way_to_take_part_is_refused(sam_place):
    assert "Choose how you like to take part" in refusal(services.set_preferences, sam_place, 7)


def test_preferences_only_for_a_confirmed_place_at_an_activity_still_to_come(
    org, participant, concert, sam_place
):
    services.cancel_registration(participant, concert.pk)
    assert "Register first" in refusal(services.set_preferences, sam_place, 1)

    services.register(participant, concert.pk)
    Activity.objects.filter(pk=concert.pk).update(status=Activity.Status.CANCELLED)
    assert "has been cancelled" in refusal(services.set_preferences, sam_place, 1)

    past = factories.activity(org, "Last week", days_ahead=-7)
    old_place = Registration.objects.create(participant=participant, activity=past)
    assert refusal(services.set_preferences, old_place, 1) == (
        "This activity has already taken place, so this can no longer be changed."
    )


def test_cancelling_a_place_clears_preferences_and_party(participant, concert, sam_place, zones):
    services.set_preferences(sam_place, NormsPreference.TRADITIONAL, zones[0])
    services.start_party(sam_place)
    services.cancel_registration(participant, concert.pk)
    sam_place.refresh_from_db()
    assert sam_place.party == ""
    assert sam_place.norms_preference == NormsPreference.NONE
    assert sam_place.zone_preference is None


# --- parties -------------------------------------------------------------------------------


def test_a_party_code_is_short_readable_and_the_same_when_asked_again(sam_place):
    code = services.start_party(sam_place)
    assert len(code) == 6
    assert set(code) <= set(services.PARTY_CODE_ALPHABET)
    assert not set(code) & set("01OIL")
    assert services.start_party(sam_place) == code
    sam_place.refresh_from_db()
    assert sam_place.party == code


def test_a_party_code_is_never_one_already_used_at_the_activity(
    org, concert, sam_place, monkeypatch
):
    other = place(org, concert, "Ada")
    Registration.objects.filter(pk=other.pk).update(party="AAAAAA")
    letters = iter("AAAAAA" + "BBBBBB")
    monkeypatch.setattr(services.secrets, "choice", lambda alphabet: next(letters))
    assert services.start_party(sam_place) == "BBBBBB"


def test_joining_by_code_ignores_case_and_spaces(org, concert, sam_place):
    code = services.start_party(sam_place)
    ada = place(org, concert, "Ada")
    assert services.join_party(ada, f"  {code.lower()[:3]} {code.lower()[3:]} ") == code
    ada.refresh_from_db()
    assert ada.party == code


def test_joining_your_own_party_changes_nothing(sam_place):
    code = services.start_party(sam_place)
    assert services.join_party(sam_place, code.lower()) == code
    assert Registration.objects.filter(party=code).count() == 1


def test_an_unknown_code_or_one_from_another_activity_is_refused(org, concert, sam_place):
    elsewhere = factories.activity(org, "Elsewhere")
    far_code = services.start_party(place(org, elsewhere, "Bo"))
    for code in (far_code, "ZZZZZZ"):
        message = refusal(services.join_party, sam_place, code)
        assert message.startswith(f"There is no party with the code {code} at this activity.")
    assert refusal(services.join_party, sam_place, "   ") == "Enter the party code you were given."
    sam_place.refresh_from_db()
    assert sam_place.party == ""


def test_the_code_of_someone_who_cancelled_leads_nowhere(org, concert, sam_place):
    ada = place(org, concert, "Ada")
    code = services.start_party(ada)
    services.cancel_registration(ada.participant, concert.pk)
    assert "There is no party with the code" in refusal(services.join_party, sam_place, code)


def test_a_party_holds_at_most_ten_people(org, concert, sam_place):
    code = services.start_party(sam_place)
    for i in range(9):
        services.join_party(place(org, concert, f"Friend {i}"), code)
    late = place(org, concert, "Late")
    assert refusal(services.join_party, late, code) == (
        "This party is full: a party holds at most 10 people, so we can’t seat you with them. "
        "You can start a party of your own instead."
    )
    assert Registration.objects.filter(activity=concert, party=code).count() == 10


def test_joining_another_party_leaves_the_first_and_leaving_keeps_the_others(
    org, concert, sam_place
):
    first = services.start_party(sam_place)
    ada = place(org, concert, "Ada")
    services.join_party(ada, first)
    second = services.start_party(place(org, concert, "Bo"))
    services.join_party(sam_place, second)
    ada.refresh_from_db()
    assert ada.party == first
    services.leave_party(sam_place)
    services.leave_party(sam_place)
    sam_place.refresh_from_db()
    assert sam_place.party == ""
    assert Registration.objects.filter(party=second).count() == 1


def party_of_nine(slug: str) -> tuple[Activity, str]:
    org = factories.organisation(slug=slug)
    act = factories.activity(org, capacity=50)
    code = services.start_party(place(org, act, "Host"))
    for i in range(8):
        services.join_party(place(org, act, f"Friend {i}"), code)
    return act, code


def in_thread(outcome: dict[str, object], name: str, work) -> threading.Thread:
    """Run work() on its own connection; its result or exception lands in outcome[name]."""

    def run() -> None:
        try:
            outcome[name] = work()
        except Exception as exc:  # every outcome is inspected by the test
            outcome[name] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_joining_the_last_place_at_once_never_make_eleven():
    act, code = party_of_nine("party-race")
    first, second = (place(act.organisation, act, name) for name in ("First", "Second"))
    first_joined, let_go = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def join_first_and_hold() -> str:
        with transaction.atomic():
            joined = services.join_party(first, code)
            first_joined.set()
            let_go.wait(timeout=10)  # joined but not committed while the second one tries
        return joined

    firsts = in_thread(outcome, "first", join_first_and_hold)
    assert first_joined.wait(timeout=10)
    seconds = in_thread(outcome, "second", lambda: services.join_party(second, code))
    time.sleep(0.3)  # long enough for the second one to be waiting on the first one's lock
    let_go.set()
    firsts.join(timeout=20)
    seconds.join(timeout=20)

    assert outcome["first"] == code
    assert isinstance(outcome["second"], services.RegistrationRefused), outcome
    assert "This party is full" in str(outcome["second"])
    assert Registration.objects.filter(activity=act, party=code).count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_people_joining_the_last_place_at_once_leave_one_in():
    act, code = party_of_nine("party-crowd")
    late = [place(act.organisation, act, f"Late {i}") for i in range(6)]

    results = run_together(len(late), lambda i: services.join_party(late[i], code))

    joined = [r for r in results if r == code]
    full = [
        r for r in results if isinstance(r, services.RegistrationRefused) and "is full" in str(r)
    ]
    assert len(joined) == 1 and len(full) == 5, results
    assert Registration.objects.filter(activity=act, party=code).count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_starting_a_party_from_two_tabs_at_once_gives_one_code():
    org = factories.organisation(slug="party-tabs")
    act = factories.activity(org, capacity=50)
    host = place(org, act, "Host")

    results = run_together(6, lambda i: services.start_party(Registration.objects.get(pk=host.pk)))

    assert len(set(results)) == 1 and isinstance(results[0], str), results


# --- the buttons on the activity page ------------------------------------------------------


def url(name: str, act) -> str:
    return reverse(name, kwargs={"org": act.organisation.slug, "pk": act.pk})


def press(client, name: str, act, data: dict | None = None):
    return client.post(url(name, act), data or {}, follow=True)


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_registrant_sees_how_to_take_part_with_the_zones(participant_client, sam_place, zones):
    page = participant_client.get(url("activity", sam_place.activity)).content.decode()
    assert "How you like to take part" in page
    for label in ("No preference", "Relaxed: moving and talking welcome", "Quiet and traditional"):
        assert label in page
    assert "Balcony (relaxed): Moving and talking welcome" in page
    assert "Stalls (traditional): Quiet listening" in page
    assert "Coming with others?" in page
    assert "Your zone will be confirmed before the day" in page


def test_without_zones_there_is_no_zone_question_and_no_zone_to_wait_for(
    participant_client, sam_place
):
    page = participant_client.get(url("activity", sam_place.activity)).content.decode()
    assert "How you like to take part" in page
    assert "Which part of the room" not in page
    assert "Your zone will be confirmed" not in page


def test_visitors_without_a_place_see_neither_section(client, participant_client, concert, zones):
    for visitor in (client, participant_client):
        page = visitor.get(url("activity", concert)).content.decode()
        assert "How you like to take part" not in page and "Coming with others?" not in page


def test_saving_preferences_from_the_page(participant_client, sam_place, zones):
    balcony = zones[1]
    response = press(
        participant_client,
        "registration_preferences",
        sam_place.activity,
        {"norms_preference": NormsPreference.RELAXED, "zone": balcony.pk},
    )
    assert response.redirect_chain[-1][0] == url("activity", sam_place.activity)
    assert said(response) == [
        "Thank you — we’ll keep how you like to take part in mind when we seat everyone."
    ]
    sam_place.refresh_from_db()
    assert (sam_place.norms_preference, sam_place.zone_preference) == (
        NormsPreference.RELAXED,
        balcony,
    )
    assert re.search(f'name="zone" value="{balcony.pk}"[^>]* checked', response.content.decode())


def test_bad_preferences_are_a_message_not_a_crash(participant_client, sam_place, zones, org):
    foyer = Zone.objects.create(
        activity=factories.activity(org), name="Foyer", capacity=5, norms="Chatting"
    )
    response = press(
        participant_client,
        "registration_preferences",
        sam_place.activity,
        {"norms_preference": "9", "zone": foyer.pk},
    )
    assert said(response) == [
        "Choose one of the ways to take part listed. That part of the room is no longer "
        "offered; choose another, or “No preference”."
    ]
    sam_place.refresh_from_db()
    assert sam_place.zone_preference is None


def test_starting_joining_and_leaving_a_party_from_the_page(participant_client, org, sam_place):
    concert = sam_place.activity
    response = press(participant_client, "party_start", concert)
    sam_place.refresh_from_db()
    code = sam_place.party
    assert said(response) == [
        f"Your party code is {code}. Give it to the people you are coming with; they enter "
        "it after registering, and you will be seated together."
    ]
    assert f'<strong class="party-code">{code}</strong>' in response.content.decode()

    ada = place(org, concert, "Ada Listener")
    ada_client = Client()
    ada_client.force_login(ada.participant.user)
    response = press(ada_client, "party_join", concert, {"code": code.lower()})
    assert said(response) == ["You’ve joined the party: you will be seated together."]
    assert "<li>Ada Listener (you)</li>" in response.content.decode()
    assert "<li>Sam Newcomer</li>" in response.content.decode()

    page = participant_client.get(url("activity", concert)).content.decode()
    assert "<li>Ada Listener</li>" in page and "<li>Sam Newcomer (you)</li>" in page

    response = press(ada_client, "party_leave", concert)
    assert said(response) == ["You’ve left the party. The others will still be seated together."]
    assert "Start a party" in response.content.decode()


def test_a_wrong_code_is_explained(participant_client, sam_place):
    response = press(participant_client, "party_join", sam_place.activity, {"code": "k7mq2x"})
    assert said(response) == [
        "There is no party with the code K7MQ2X at this activity. Check the code with the "
        "person who gave it to you: it has 6 letters and digits."
    ]
    response = press(participant_client, "party_join", sam_place.activity, {"code": ""})
    assert said(response) == ["Enter the party code you were given."]


def test_the_buttons_are_post_only_and_act_on_your_own_place_only(
    participant_client, org, concert, sam_place
):
    code = services.start_party(sam_place)
    anonymous = Client()
    for name in ("registration_preferences", "party_start", "party_join", "party_leave"):
        assert participant_client.get(url(name, concert)).status_code == 405
        response = anonymous.post(url(name, concert))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    stranger = factories.participant(org, name="Stranger", username="stranger")
    participant_client.force_login(stranger.user)
    response = press(participant_client, "party_leave", concert)
    assert said(response) == ["You don’t have a place at Brahms 4. Register first."]
    sam_place.refresh_from_db()
    assert sam_place.party == code


def test_the_forms_need_the_csrf_token(participant, concert, sam_place):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(participant.user)
    assert browser.post(url("party_start", concert)).status_code == 403


def test_after_the_activity_the_buttons_say_it_is_too_late(participant_client, participant, org):
    past = factories.activity(org, "Yesterday", days_ahead=-1)
    Registration.objects.create(participant=participant, activity=past)
    response = press(participant_client, "party_start", past)
    assert said(response) == [
        "This activity has already taken place, so this can no longer be changed."
    ]


# --- the zone staff confirmed -------------------------------------------------------------


def test_the_confirmed_zone_is_shown_with_its_norms(participant_client, org, sam_place, zones):
    concert, balcony = sam_place.activity, zones[1]
    confirm_zoning(concert, {sam_place: balcony})
    page = participant_client.get(url("activity", concert)).content.decode()
    assert "Your zone: Balcony" in page
    assert "Moving and talking welcome" in page
    assert '<span class="tag zone-keeps">Relaxed</span>' in page
    assert "Your zone will be confirmed" not in page

    my_page = participant_client.get(reverse("my_activities", kwargs={"org": org.slug}))
    assert "Your zone: Balcony" in my_page.content.decode()


def test_a_proposed_zoning_is_not_shown_yet(participant_client, sam_place, zones):
    run = confirm_zoning(sam_place.activity, {sam_place: zones[0]})
    ZoningRun.objects.filter(pk=run.pk).update(status=ZoningRun.Status.PROPOSED)
    page = participant_client.get(url("activity", sam_place.activity)).content.decode()
    assert "Your zone: Stalls" not in page
    assert "Your zone will be confirmed before the day" in page


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_activity_page_costs_at_most_two_more_queries_whatever_the_party_and_zones(
    participant_client, org, sam_place
):
    concert = sam_place.activity
    address = url("activity", concert)
    plain = count_queries(participant_client, address)
    stalls = Zone.objects.create(activity=concert, name="Stalls", capacity=90, norms="Quiet")
    # With zones: one query for the zone staff confirmed (none yet).
    assert count_queries(participant_client, address) == plain + 1
    code = services.start_party(sam_place)
    services.join_party(place(org, concert, "Friend"), code)
    confirm_zoning(concert, {sam_place: stalls})
    # In a party: one query for its members.
    assert count_queries(participant_client, address) == plain + 2
    for i in range(8):
        services.join_party(place(org, concert, f"Friend {i}"), code)
    for i in range(5):
        Zone.objects.create(activity=concert, name=f"Box {i}", capacity=4, norms="Quiet")
    assert count_queries(participant_client, address) == plain + 2


def test_my_activities_costs_one_query_for_all_confirmed_zones(
    participant_client, org, participant
):
    address = reverse("my_activities", kwargs={"org": org.slug})

    def coming_up(count: int) -> None:
        for i in range(count):
            act = factories.activity(org, days_ahead=3 + i + Activity.objects.count())
            zone = Zone.objects.create(activity=act, name="Stalls", capacity=9, norms="Quiet")
            confirm_zoning(act, {services.register(participant, act.pk): zone})

    coming_up(1)
    one = count_queries(participant_client, address)
    coming_up(8)
    assert count_queries(participant_client, address) == one
    page = participant_client.get(address).content.decode()
    assert page.count("Your zone: Stalls") == 9
