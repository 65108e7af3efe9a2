"""New volunteers await approval (unless staff turn it off) and are not matched until approved;
vetting records the date, what the check was and who recorded it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from overture.buddies import selectors, services
from overture.buddies.models import Buddy, BuddyPair
from tests import factories

from .conftest import make_buddy, make_request


def test_a_new_volunteer_awaits_approval_and_is_not_matched(org, singing, messiah, run_matching):
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah)
    buddy = make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], approved=False)
    assert buddy.status == Buddy.Status.AWAITING and buddy.status_words == "Awaiting approval"
    run = run_matching(org, messiah)
    assert run.matched == 0 and not BuddyPair.objects.filter(request=request).exists()


def test_once_approved_the_volunteer_is_matched(org, staff_user, singing, messiah, run_matching):
    request = make_request(org, "Sam Newcomer", [singing], activity=messiah)
    buddy = make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], approved=False)
    approved = services.approve(org, buddy.pk, by=staff_user)
    assert approved.status == Buddy.Status.APPROVED and approved.approved_by == staff_user
    again = services.approve(org, buddy.pk, by=None)  # a second click changes nothing
    assert again.approved_at == approved.approved_at and again.approved_by == staff_user
    assert run_matching(org, messiah).matched == 1
    assert BuddyPair.objects.get(request=request).buddy == buddy


def test_without_approval_a_new_volunteer_is_offered_at_once(org, singing, messiah, run_matching):
    assert selectors.approval_needed(org.pk)  # the default
    services.set_approval_needed(org, False)
    make_request(org, "Sam Newcomer", [singing], activity=messiah)
    buddy = make_buddy(org, "Vera Lynn", {singing: 3}, activities=[messiah], approved=False)
    assert buddy.status == Buddy.Status.APPROVED and buddy.approved_by is None
    assert run_matching(org, messiah).matched == 1


def test_staff_turn_approval_off_and_on_from_the_volunteers_page(staff_client, org, singing):
    url = reverse("staff_buddy_approval_setting", kwargs={"org": org.slug})
    page = staff_client.post(url, {}, follow=True).content.decode()
    assert "New volunteers are now offered for matching as soon as they volunteer." in page
    assert not selectors.approval_needed(org.pk)
    staff_client.post(url, {"approval_needed": "on"})
    assert selectors.approval_needed(org.pk)


def test_stopping_and_coming_back_keeps_the_approval(org, singing):
    buddy = make_buddy(org, "Vera Lynn", {singing: 3})
    services.stop_volunteering(buddy.participant)
    buddy.refresh_from_db()
    assert buddy.status == Buddy.Status.STOPPED and buddy.stopped_at is not None
    back = services.volunteer(buddy.participant, practice_ids=[singing.pk], languages=["en"])
    assert back.status == Buddy.Status.APPROVED and back.stopped_at is None


def test_vetting_records_date_reference_and_who(org, staff_user, singing):
    buddy = make_buddy(org, "Vera Lynn", {singing: 3}, approved=False)
    vetted = services.set_vetted(
        org,
        buddy.pk,
        True,
        by=staff_user,
        checked_on=date(2026, 1, 5),
        reference="  met   in person ",
    )
    assert vetted.status == Buddy.Status.VETTED
    assert (vetted.vetted_on, vetted.vetting_reference) == (date(2026, 1, 5), "met in person")
    assert vetted.vetted_by == staff_user and vetted.approved_by == staff_user
    withdrawn = services.set_vetted(org, buddy.pk, False, by=staff_user)
    assert (
        not withdrawn.vetted and withdrawn.vetting_reference == "" and withdrawn.vetted_on is None
    )
    assert withdrawn.status == Buddy.Status.APPROVED


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"checked_on": date(2026, 1, 5), "reference": " "}, "Say what the check was"),
        ({"checked_on": None, "reference": "DBS 1"}, "Give the date of the check"),
        ({"checked_on": "tomorrow", "reference": "DBS 1"}, "today or earlier"),
    ],
)
def test_vetting_without_its_record_is_refused(org, singing, details, message):
    buddy = make_buddy(org, "Vera Lynn", {singing: 3})
    if details["checked_on"] == "tomorrow":
        details["checked_on"] = timezone.localdate() + timedelta(days=1)
    with pytest.raises(services.BuddyRefused, match=message):
        services.set_vetted(org, buddy.pk, True, **details)
    buddy.refresh_from_db()
    assert not buddy.vetted


def test_the_vetting_form_explains_a_missing_reference(staff_client, org, singing):
    buddy = make_buddy(org, "Vera Lynn", {singing: 3})
    url = reverse("staff_buddy_vetting", kwargs={"org": org.slug, "pk": buddy.pk})
    response = staff_client.post(url, {"vetted": "1", "checked_on": "31/02/2026"}, follow=True)
    page = response.content.decode()
    assert "Not vetted yet: Give the date of the check as day/month/year" in page
    assert "Not vetted yet: Say what the check was." in page
    buddy.refresh_from_db()
    assert not buddy.vetted and buddy.vetted_on is None
    assert not buddy.vetted


def test_the_participant_sees_they_await_approval(client, org, singing):
    buddy = make_buddy(org, "Vera Lynn", {singing: 3}, approved=False, username="vera")
    assert factories.log_in(client, buddy.participant.user.username, factories.PASSWORD)
    page = client.get(reverse("buddies", kwargs={"org": org.slug})).content.decode()
    assert "Waiting for our staff to approve you" in page
