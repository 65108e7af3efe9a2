"""Staff set an activity's price, address, access, age guidance and places per booking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from overture.season.models import Activity, Format
from tests import factories
from tests.staff.helpers import edit_data, new_activity_data

PRACTICAL = {
    "venue_address": "1 Northbank Walk, Riverside RV1 2NB",
    "price": "12.50",
    "concessions": "£5 for under-26s",
    "step_free": "on",
    "bsl": "on",
    "quiet_space": "on",
    "access_notes": "Hearing loop in the stalls.",
    "age_guidance": "Best for ages 5–11",
    "places_per_booking": "4",
}


def create_url(org) -> str:
    return reverse("staff_activity_create", kwargs={"org": org.slug})


def edit_url(activity: Activity) -> str:
    return reverse(
        "staff_activity_edit", kwargs={"org": activity.organisation.slug, "pk": activity.pk}
    )


def test_staff_create_an_activity_with_its_practical_information(staff_client, org):
    response = staff_client.post(create_url(org), new_activity_data(**PRACTICAL))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.venue_address == "1 Northbank Walk, Riverside RV1 2NB"
    assert activity.price == Decimal("12.50")
    assert activity.concessions == "£5 for under-26s"
    offered = ("step_free", "captioned", "bsl", "relaxed", "quiet_space")
    assert [getattr(activity, name) for name in offered] == [True, False, True, False, True]
    assert activity.access_notes == "Hearing loop in the stalls."
    assert activity.age_guidance == "Best for ages 5–11"
    assert activity.places_per_booking == 4


def test_a_new_activity_starts_free_with_six_places_per_booking(staff_client, org):
    page = staff_client.get(create_url(org)).content.decode()
    assert 'name="price" value="0"' in page
    assert 'name="places_per_booking" value="6"' in page
    staff_client.post(create_url(org), new_activity_data())
    activity = Activity.objects.get()
    assert (activity.price, activity.places_per_booking) == (0, 6)
    assert not any([activity.step_free, activity.captioned, activity.bsl, activity.relaxed])


def test_editing_changes_and_clears_the_practical_information(staff_client, org):
    activity = factories.activity(
        org, "Relaxed Peter", price=Decimal("8"), relaxed=True, age_guidance="All ages"
    )
    data = edit_data(activity)
    data.update(price="0", captioned="on", age_guidance="", venue_address="Wharf Street")
    del data["relaxed"]

    assert staff_client.post(edit_url(activity), data).status_code == 302

    activity.refresh_from_db()
    assert activity.price == 0
    assert (activity.captioned, activity.relaxed) == (True, False)
    assert activity.age_guidance == ""
    assert activity.venue_address == "Wharf Street"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "-5", "The price can’t be negative: enter 0 if it is free."),
        (
            "price",
            "twelve",
            "Enter the price as a number of pounds (e.g. 12.50, or 0 if it is free).",
        ),
        ("price", "", "Enter a price (e.g. 12.50, or 0 if it is free)."),
        ("price", "12.555", "Enter pounds and pence with at most two decimals, e.g. 12.50."),
        ("price", "100000", "Enter a price of at most £99,999.99."),
        ("price", "NaN", "Enter the price as a number of pounds (e.g. 12.50, or 0 if it is free)."),
        ("places_per_booking", "0", "A booking needs at least 1 place."),
        ("places_per_booking", "21", "A booking can have at most 20 places."),
        ("places_per_booking", "2.5", "Enter a whole number of places from 1 to 20."),
        ("places_per_booking", "", "Enter how many places one booking can have (1–20)."),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(staff_client, org, field, value, message):
    response = staff_client.post(create_url(org), new_activity_data(**{field: value}))
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert response.context["form"].errors[field] == [message]
    assert "Nothing was saved yet" in response.content.decode()


def test_an_address_on_two_lines_is_refused(staff_client, org):
    data = new_activity_data(venue_address="1 Northbank Walk\nRiverside")
    response = staff_client.post(create_url(org), data)
    assert not Activity.objects.exists()
    assert response.context["form"].errors["venue_address"]


def test_the_form_groups_the_fields_under_clear_headings_with_help(staff_client, org):
    page = staff_client.get(create_url(org)).content.decode()
    for legend in ("When", "Where", "Places", "Price", "Access", "Who it suits"):
        assert f"<legend>{legend}</legend>" in page
    assert "One place at full price, in pounds. 0 means free." in page
    assert "Participants get a link to find it on OpenStreetMap." in page
    assert "Entrance, seats and toilets can all be reached without steps." in page
    assert '<label for="id_age_guidance">Age guidance</label>' in page


def test_staff_see_the_format_on_the_scale_and_the_words_participants_read(staff_client, org):
    activity = factories.activity(org, "Messiah", format=Format.COME_AND_SING)
    page = staff_client.get(edit_url(activity)).content.decode()
    assert (
        "On the scale from provider-led to participant-led: participant-led. "
        "Participants read “you take part”." in page
    )
