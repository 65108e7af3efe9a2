"""The waiting list of a full activity: places in line, offers down the list, holds that end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from overture.audience import services, waiting_list
from overture.audience.models import Registration, WaitingListEntry
from overture.season import services as season_services
from overture.season.models import Activity
from tests import factories

Status = WaitingListEntry.Status


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (offers, emails) as the real transaction would."""

    def run(work, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return work(*args, **kwargs)

    return run


def full(org, capacity: int = 2, **extra):
    """A published activity whose places are all taken; returns it and the people holding them."""
    act = factories.activity(org, "Messiah singalong", capacity=capacity, **extra)
    holders = [factories.participant(org, name=f"Holder {i}") for i in range(capacity)]
    for holder in holders:
        services.register(holder, act.pk)
    act.refresh_from_db()
    return act, holders


def waiter(org, name: str):
    return factories.participant(org, name=name, username=name.lower().replace(" ", "."))


def statuses(act) -> dict[str, str]:
    entries = WaitingListEntry.objects.filter(activity=act).select_related("participant")
    return {e.participant.display_name: e.status for e in entries}


def test_people_are_told_their_place_in_line_in_joining_order(org):
    act, _ = full(org)
    ann, bea, cal = (waiter(org, n) for n in ("Ann", "Bea", "Cal"))
    for person in (ann, bea, cal):
        waiting_list.join(person, act.pk, 1)

    assert [waiting_list.waiting_place(p, act).position for p in (ann, bea, cal)] == [1, 2, 3]
    waiting_list.leave(ann, act.pk)
    assert waiting_list.waiting_place(ann, act) is None
    assert [waiting_list.waiting_place(p, act).position for p in (bea, cal)] == [1, 2]


def test_joining_twice_is_harmless_and_keeps_the_first_places(org):
    act, _ = full(org)
    ann = waiter(org, "Ann")
    first = waiting_list.join(ann, act.pk, 2)
    again = waiting_list.join(ann, act.pk, 3)
    assert again.pk == first.pk and again.places == 2
    assert WaitingListEntry.objects.filter(activity=act).count() == 1


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (0, "Choose how many places you are waiting for: from 1 to 6."),
        (7, "Choose how many places you are waiting for: from 1 to 6."),
    ],
)
def test_places_outside_what_one_booking_may_hold_are_refused(org, places, message):
    act, _ = full(org)
    with pytest.raises(waiting_list.WaitingListRefused, match=message):
        waiting_list.join(waiter(org, "Ann"), act.pk, places)


def test_someone_with_a_place_cannot_join(org):
    act, holders = full(org)
    with pytest.raises(waiting_list.WaitingListRefused, match="You already have a place at"):
        waiting_list.join(holders[0], act.pk, 1)


def test_nobody_waits_while_enough_places_are_free(org):
    act = factories.activity(org, capacity=5, places_taken=3)
    with pytest.raises(
        waiting_list.WaitingListRefused,
        match="There are still 2 places left, so you can register straight away",
    ):
        waiting_list.join(waiter(org, "Ann"), act.pk, 2)
    # More places than are free: waiting is the way.
    assert waiting_list.join(waiter(org, "Bea"), act.pk, 3).status == Status.WAITING


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Activity.Status.CANCELLED, "This activity has been cancelled, so its waiting list"),
        (Activity.Status.DRAFT, "This activity is not open for registration yet."),
    ],
)
def test_closed_activities_take_nobody(org, status, message):
    act, _ = full(org)
    Activity.objects.filter(pk=act.pk).update(status=status)
    with pytest.raises(waiting_list.WaitingListRefused, match=message):
        waiting_list.join(waiter(org, "Ann"), act.pk, 1)


def test_a_cancellation_offers_the_place_to_the_first_in_line(org, commit):
    act, holders = full(org)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)

    commit(services.cancel_registration, holders[0], act.pk)

    assert statuses(act) == {"Ann": Status.OFFERED, "Bea": Status.WAITING}
    entry = WaitingListEntry.objects.get(participant=ann)
    assert entry.offer_expires_at - entry.offered_at == timedelta(hours=24)
    assert [m.to for m in mail.outbox] == [[ann.user.email]]


def test_an_entry_whose_places_do_not_fit_is_passed_over_and_keeps_its_place(org, commit):
    act, holders = full(org, capacity=4)
    ann, bea, cal = (waiter(org, n) for n in ("Ann", "Bea", "Cal"))
    waiting_list.join(ann, act.pk, 3)
    waiting_list.join(bea, act.pk, 1)
    waiting_list.join(cal, act.pk, 1)

    commit(services.cancel_registration, holders[0], act.pk)

    assert statuses(act) == {"Ann": Status.WAITING, "Bea": Status.OFFERED, "Cal": Status.WAITING}
    assert waiting_list.waiting_place(ann, act).position == 1
    assert waiting_list.waiting_place(cal, act).position == 3

    # The next freed place fits Cal, not Ann's party of three; two more free places still don't.
    for holder in holders[1:]:
        commit(services.cancel_registration, holder, act.pk)
    assert statuses(act) == {"Ann": Status.WAITING, "Bea": Status.OFFERED, "Cal": Status.OFFERED}
    act.refresh_from_db()
    assert waiting_list.free_places(act) == 2

    # Bea turns hers down: three places are free, and Ann's party takes them before anyone else.
    commit(waiting_list.decline, bea, act.pk)
    assert statuses(act) == {"Ann": Status.OFFERED, "Bea": Status.DECLINED, "Cal": Status.OFFERED}
    act.refresh_from_db()
    assert waiting_list.free_places(act) == 0


def test_offered_places_are_held_from_direct_registration(org, commit):
    act, holders = full(org)
    ann = waiter(org, "Ann")
    waiting_list.join(ann, act.pk, 1)
    commit(services.cancel_registration, holders[0], act.pk)

    walk_in = waiter(org, "Dan")
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.register(walk_in, act.pk)
    assert str(refusal.value) == "Sorry, the places left are held for people on the waiting list."

    registration = waiting_list.accept(ann, act.pk)
    act.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED and registration.places == 1
    assert act.places_taken == act.capacity == 2
    assert statuses(act) == {"Ann": Status.ACCEPTED}


def test_accepting_books_every_place_offered_and_twice_is_harmless(org, commit):
    act, holders = full(org, capacity=3)
    ann = waiter(org, "Ann")
    waiting_list.join(ann, act.pk, 2)
    commit(services.cancel_registration, holders[0], act.pk)
    commit(services.cancel_registration, holders[1], act.pk)

    first = waiting_list.accept(ann, act.pk)
    again = waiting_list.accept(ann, act.pk)

    assert first.pk == again.pk and first.places == 2
    act.refresh_from_db()
    assert act.places_taken == 3


def test_a_declined_offer_goes_to_the_next_in_line(org, commit):
    act, holders = full(org)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)
    commit(services.cancel_registration, holders[0], act.pk)

    commit(waiting_list.decline, ann, act.pk)

    assert statuses(act) == {"Ann": Status.DECLINED, "Bea": Status.OFFERED}
    assert [m.to for m in mail.outbox] == [[ann.user.email], [bea.user.email]]
    assert waiting_list.decline(ann, act.pk) is None  # declining twice is harmless


def test_an_offer_past_its_hold_expires_and_the_places_go_to_the_next(org, commit):
    act, holders = full(org)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)
    commit(services.cancel_registration, holders[0], act.pk)
    ended = timezone.now() - timedelta(minutes=1)
    WaitingListEntry.objects.filter(participant=ann).update(offer_expires_at=ended)

    assert waiting_list.places_held_by_offers(act) == 0  # a hold past its end holds nothing
    commit(waiting_list.settle_if_due, act)

    assert statuses(act) == {"Ann": Status.EXPIRED, "Bea": Status.OFFERED}
    local = timezone.localtime(ended)
    with pytest.raises(waiting_list.WaitingListRefused) as refusal:
        waiting_list.accept(ann, act.pk)
    assert str(refusal.value) == (
        f"Sorry, we held the places for you until {local:%H:%M} on {local:%A} {local.day} "
        f"{local:%B %Y}, so they have gone to the next person on the waiting list. "
        "You can join the list again."
    )


def test_the_command_expires_overdue_offers_everywhere(org, commit):
    act, holders = full(org)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)
    commit(services.cancel_registration, holders[0], act.pk)
    WaitingListEntry.objects.filter(participant=ann).update(
        offer_expires_at=timezone.now() - timedelta(seconds=1)
    )
    from io import StringIO

    out = StringIO()
    commit(
        call_command,
        "expire_waiting_list_offers",
        "--site-url=https://tickets.example.org",
        stdout=out,
    )

    assert out.getvalue().strip() == (
        "1 offer expired; 1 new offer emailed with links to https://tickets.example.org."
    )
    assert statuses(act) == {"Ann": Status.EXPIRED, "Bea": Status.OFFERED}
    assert f"https://tickets.example.org/{org.slug}/activities/{act.pk}/" in mail.outbox[-1].body


def test_leaving_while_holding_an_offer_passes_it_on(org, commit):
    act, holders = full(org)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)
    commit(services.cancel_registration, holders[0], act.pk)

    commit(waiting_list.leave, ann, act.pk)

    assert statuses(act) == {"Ann": Status.LEFT, "Bea": Status.OFFERED}


def test_more_capacity_is_offered_down_the_list(org, commit, staff_user):
    act, _ = full(org)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 2)
    act.capacity = 5
    commit(season_services.save_activity, org, act, [], [])

    assert statuses(act) == {"Ann": Status.OFFERED, "Bea": Status.OFFERED}
    assert waiting_list.free_places(act) == 0


def test_a_capacity_cut_under_held_places_puts_the_latest_offer_back_in_line(org, commit):
    act, holders = full(org, capacity=3)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)
    commit(services.cancel_registration, holders[0], act.pk)
    commit(services.cancel_registration, holders[1], act.pk)
    assert statuses(act) == {"Ann": Status.OFFERED, "Bea": Status.OFFERED}

    act.capacity = 2
    commit(season_services.save_activity, org, act, [], [])

    assert statuses(act) == {"Ann": Status.OFFERED, "Bea": Status.WAITING}
    assert waiting_list.waiting_place(bea, act).position == 2


@pytest.mark.parametrize(
    ("days_ahead", "hold"),
    [(7, timedelta(hours=24)), (3, timedelta(hours=24)), (1.5, timedelta(hours=2))],
)
def test_the_hold_is_shorter_when_the_activity_starts_within_two_days(org, days_ahead, hold):
    act = factories.activity(org, capacity=1, days_ahead=days_ahead)
    now = timezone.now()
    assert waiting_list.hold_until(act, now) - now == hold


def test_the_hold_never_outlasts_the_activity(org):
    act = factories.activity(org, capacity=1, days_ahead=-1 / 24)  # started an hour ago
    now = timezone.now()
    assert waiting_list.hold_until(act, now) == act.ends_at


def test_the_hold_follows_the_setting(org, settings):
    settings.WAITING_LIST_HOLD_HOURS = 48
    act = factories.activity(org, capacity=1, days_ahead=10)
    now = timezone.now()
    assert waiting_list.hold_until(act, now) - now == timedelta(hours=48)


def test_the_offer_email_says_what_is_held_until_when_and_where_to_take_it(org, commit, settings):
    settings.OVERTURE_SITE_URL = "https://tickets.example.org"
    act, holders = full(org, capacity=3)
    ann = waiter(org, "Ann")
    waiting_list.join(ann, act.pk, 2)
    commit(services.cancel_registration, holders[0], act.pk)
    commit(services.cancel_registration, holders[1], act.pk)

    (message,) = mail.outbox
    entry = WaitingListEntry.objects.get(participant=ann)
    until = timezone.localtime(entry.offer_expires_at)
    starts = timezone.localtime(act.starts_at)
    assert message.subject == f"A place is held for you at Messiah singalong — {org.name}"
    assert message.to == [ann.user.email]
    body = message.body
    assert "Hello Ann," in body
    assert "we are holding 2 places for you." in body
    assert f"When: {starts:%A} {starts.day} {starts:%B %Y, %H:%M}" in body
    assert f"until {until:%H:%M} on {until:%A} {until.day} {until:%B %Y}." in body
    assert f"https://tickets.example.org/{org.slug}/activities/{act.pk}/\n" in body
    assert entry.offer_email_failed is False


def test_a_failed_offer_email_is_marked_and_the_offer_stands(org, commit, settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.RefusingBackend"
    act, holders = full(org)
    ann = waiter(org, "Ann")
    settings.REFUSED_RECIPIENTS = [ann.user.email]
    waiting_list.join(ann, act.pk, 1)

    commit(services.cancel_registration, holders[0], act.pk)

    entry = WaitingListEntry.objects.get(participant=ann)
    assert entry.status == Status.OFFERED and entry.offer_email_failed is True
    assert waiting_list.accept(ann, act.pk).status == Registration.Status.CONFIRMED


def test_someone_who_registered_straight_away_stops_waiting(org, commit):
    act = factories.activity(org, capacity=4, places_taken=2)
    ann = waiter(org, "Ann")
    waiting_list.join(ann, act.pk, 3)
    services.register(ann, act.pk)
    commit(waiting_list.offer_freed_places, act.pk)
    assert statuses(act) == {"Ann": Status.LEFT}
    assert waiting_list.waiting_place(ann, act) is None
    assert mail.outbox == []  # nobody is offered the place Ann no longer waits for


def test_my_waiting_lists_show_the_place_in_line(org):
    act, _ = full(org)
    later = factories.activity(org, "Later", capacity=1, days_ahead=20, places_taken=1)
    ann = waiter(org, "Ann")
    waiting_list.join(waiter(org, "Bea"), act.pk, 1)
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(ann, later.pk, 1)

    places = waiting_list.waiting_places_of(ann)
    assert [(p.entry.activity.title, p.position) for p in places] == [
        ("Messiah singalong", 2),
        ("Later", 1),
    ]


def test_taking_an_offer_too_late_is_refused_and_the_next_person_is_offered(org, commit):
    act, holders = full(org)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)
    commit(services.cancel_registration, holders[0], act.pk)
    WaitingListEntry.objects.filter(participant=ann).update(
        offer_expires_at=timezone.now() - timedelta(seconds=1)
    )

    def too_late() -> str:
        try:
            waiting_list.accept(ann, act.pk)
        except waiting_list.WaitingListRefused as refusal:
            return str(refusal)
        return "accepted"

    assert commit(too_late).startswith("Sorry, we held the places for you until ")

    assert statuses(act) == {"Ann": Status.EXPIRED, "Bea": Status.OFFERED}
    assert [m.to for m in mail.outbox] == [[ann.user.email], [bea.user.email]]


def test_booking_straight_away_takes_the_person_off_the_list(org, commit):
    act, _ = full(org, capacity=3)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)
    # Staff add two places: Ann and Bea are each offered one.
    act.capacity = 5
    act.save(update_fields=["capacity"])
    commit(waiting_list.offer_freed_places, act.pk)
    assert statuses(act) == {"Ann": Status.OFFERED, "Bea": Status.OFFERED}
    act.capacity = 6
    act.save(update_fields=["capacity"])  # one place more, free for anyone

    commit(services.register, ann, act.pk)  # Ann books the free place rather than her offer

    assert statuses(act)["Ann"] == Status.LEFT
    assert waiting_list.waiting_place(ann, act) is None
    act.refresh_from_db()
    assert act.places_taken == 4 and waiting_list.places_held_by_offers(act) == 1


def test_fewer_places_can_always_be_kept_after_the_rules_tighten(org):
    act = factories.activity(org, "Messiah singalong", capacity=10)
    sam = factories.participant(org)
    services.register(sam, act.pk, places=4)
    Activity.objects.filter(pk=act.pk).update(places_per_booking=2, capacity=4)

    services.change_places(sam, act.pk, 3)

    act.refresh_from_db()
    assert act.places_taken == 3
    assert Registration.objects.get(participant=sam).places == 3


def test_a_cancelled_activitys_waiting_list_leaves_my_activities(org):
    act, _ = full(org)
    ann = waiter(org, "Ann")
    waiting_list.join(ann, act.pk, 1)
    assert [w.entry.activity_id for w in waiting_list.waiting_places_of(ann)] == [act.pk]
    Activity.objects.filter(pk=act.pk).update(status=Activity.Status.CANCELLED)
    assert waiting_list.waiting_places_of(ann) == []


def test_deleting_someone_with_an_offer_passes_it_down_the_list(org, commit):
    act, holders = full(org)
    ann, bea = waiter(org, "Ann"), waiter(org, "Bea")
    waiting_list.join(ann, act.pk, 1)
    waiting_list.join(bea, act.pk, 1)
    commit(services.cancel_registration, holders[0], act.pk)
    assert statuses(act) == {"Ann": Status.OFFERED, "Bea": Status.WAITING}

    commit(services.delete_participants, type(ann).objects.filter(pk=ann.pk))

    assert statuses(act) == {"Bea": Status.OFFERED}
