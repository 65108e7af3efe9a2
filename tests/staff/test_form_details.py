"""Capacity reads the same everywhere, and a start that has passed is asked about once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from overture.season.models import Activity
from tests import factories
from tests.staff.helpers import edit_data, local, new_activity_data

CAPACITY_MESSAGE = "Capacity must be a whole number from 1 to 100,000."
PAST_MESSAGE = "This date has passed: save again to keep it."


def create_url(org) -> str:
    return reverse("staff_activity_create", kwargs={"org": org.slug})


@pytest.mark.parametrize("capacity", ["-5", "0", "1000000000000", "many", ""])
def test_a_capacity_out_of_range_gets_one_message(staff_client, org, capacity):
    response = staff_client.post(create_url(org), new_activity_data(capacity=capacity))
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [CAPACITY_MESSAGE]
    assert not Activity.objects.exists()


@pytest.mark.parametrize("capacity", ["-5", "0", "1000000000000"])
def test_a_zone_capacity_out_of_range_gets_the_same_message(staff_client, org, capacity):
    data = new_activity_data(zones=[("Stalls", capacity, "Quiet listening")])
    response = staff_client.post(create_url(org), data)
    assert response.status_code == 200
    assert response.context["zones"].forms[0].errors["capacity"] == [CAPACITY_MESSAGE]
    assert CAPACITY_MESSAGE in response.content.decode()
    assert not Activity.objects.exists()


def test_the_largest_capacity_is_kept(staff_client, org):
    staff_client.post(create_url(org), new_activity_data(title="Park concert", capacity="100000"))
    assert Activity.objects.get(title="Park concert").capacity == 100_000


def test_a_start_that_has_passed_warns_first_and_is_kept_on_the_second_save(staff_client, org):
    starts = timezone.now() - timedelta(days=2)
    ends = starts + timedelta(hours=1)
    data = new_activity_data(title="Last week’s talk", starts_at=local(starts), ends_at=local(ends))
    first = staff_client.post(create_url(org), data)
    assert first.status_code == 200
    assert first.context["form"].errors["starts_at"] == [PAST_MESSAGE]
    assert not Activity.objects.exists()
    kept = first.context["form"].past_start
    assert f'name="keep_past_start" value="{kept}"' in first.content.decode()

    second = staff_client.post(create_url(org), {**data, "keep_past_start": kept})
    assert second.status_code == 302
    activity = Activity.objects.get(title="Last week’s talk")
    assert local(activity.starts_at) == local(starts)


def test_a_different_past_start_is_asked_about_again(staff_client, org):
    starts = timezone.now() - timedelta(days=2)
    first = staff_client.post(create_url(org), new_activity_data(starts_at=local(starts)))
    kept = first.context["form"].past_start
    earlier = starts - timedelta(days=1)
    data = new_activity_data(starts_at=local(earlier), keep_past_start=kept)
    second = staff_client.post(create_url(org), data)
    assert second.context["form"].errors["starts_at"] == [PAST_MESSAGE]


def test_editing_a_past_activity_without_moving_it_saves_at_once(staff_client, org):
    activity = factories.activity(org, "Come and sing", days_ahead=-3)
    data = {**edit_data(activity), "venue": "St Mary’s"}
    url = reverse("staff_activity_edit", kwargs={"org": org.slug, "pk": activity.pk})
    response = staff_client.post(url, data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.venue == "St Mary’s"
