"""Staff set how strictly each zone keeps the activity's norms; participants read it in words."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from overture.season.models import Activity, Zone
from tests import factories
from tests.staff.helpers import edit_data, new_activity_data


def edit_url(activity) -> str:
    return reverse(
        "staff_activity_edit", kwargs={"org": activity.organisation.slug, "pk": activity.pk}
    )


def create_url(org) -> str:
    return reverse("staff_activity_create", kwargs={"org": org.slug})


def options(page: str, field: str) -> dict[str, str]:
    """Option value → label of a rendered select."""
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {field}"
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


def selected(page: str, field: str) -> str:
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1)).group(1)


@pytest.fixture
def concert(org):
    return factories.activity(org, "Brahms 4")


def test_staff_choose_a_zone_strictness_in_words(staff_client, org):
    data = new_activity_data(
        title="Family concert",
        zones=[("Stalls", 60, "Quiet listening"), ("Play area", 20, "Moving welcome")],
    )
    data["zones-1-strictness"] = "0.3"
    staff_client.post(create_url(org), data)
    activity = Activity.objects.get(title="Family concert")
    assert dict(activity.zones.values_list("name", "strictness")) == {
        "Stalls": 1.0,  # not chosen: traditional
        "Play area": 0.3,
    }


def test_the_choices_say_what_each_setting_means(staff_client, org):
    page = staff_client.get(create_url(org)).content.decode()
    assert options(page, "zones-0-strictness") == {
        "1.0": "Traditional — the activity’s norms in full (1.0)",
        "0.7": "Mostly kept — small departures are fine (0.7)",
        "0.3": "Relaxed — moving and talking welcome (0.3)",
        "0.0": "Anything goes (0.0)",
    }
    assert selected(page, "zones-0-strictness") == "1.0"
    assert "How strictly the zone keeps the activity’s norms" in page
    # The row copied by "Add another zone" offers the same choices.
    assert options(page, "zones-__prefix__-strictness")["0.3"].startswith("Relaxed")


def test_changing_a_zone_strictness_on_edit(staff_client, concert):
    Zone.objects.create(activity=concert, name="Balcony", capacity=20, norms="Chatting")
    data = edit_data(concert)
    assert data["zones-0-strictness"] == "1.0"
    data["zones-0-strictness"] = "0.0"
    response = staff_client.post(edit_url(concert), data)
    assert response.status_code == 302
    assert Zone.objects.get(activity=concert).strictness == 0.0


def test_a_value_set_elsewhere_is_shown_and_kept(staff_client, concert):
    Zone.objects.create(
        activity=concert, name="Boxes", capacity=8, norms="Some chat", strictness=0.55
    )
    page = staff_client.get(edit_url(concert)).content.decode()
    assert options(page, "zones-0-strictness")["0.55"] == "As set before — mostly kept (0.55)"
    assert selected(page, "zones-0-strictness") == "0.55"
    # The blank rows for new zones do not offer it.
    assert "0.55" not in options(page, "zones-1-strictness")

    data = edit_data(concert)
    data["zones-0-norms"] = "Some chat, softly"
    assert staff_client.post(edit_url(concert), data).status_code == 302
    zone = Zone.objects.get(activity=concert)
    assert (zone.norms, zone.strictness) == ("Some chat, softly", 0.55)


def test_a_form_without_the_setting_keeps_it(staff_client, concert):
    Zone.objects.create(activity=concert, name="Boxes", capacity=8, norms="Chat", strictness=0.3)
    data = edit_data(concert)
    del data["zones-0-strictness"]
    assert staff_client.post(edit_url(concert), data).status_code == 302
    assert Zone.objects.get(activity=concert).strictness == 0.3


def test_a_setting_not_offered_is_a_clear_error(staff_client, concert):
    Zone.objects.create(activity=concert, name="Boxes", capacity=8, norms="Chat")
    data = edit_data(concert)
    data["zones-0-strictness"] = "2"
    response = staff_client.post(edit_url(concert), data)
    assert response.status_code == 200
    assert response.context["zones"].forms[0].errors["strictness"] == [
        "Choose one of the listed settings."
    ]
    assert Zone.objects.get(activity=concert).strictness == 1.0


def test_blank_rows_showing_the_default_setting_add_no_zone(staff_client, concert):
    data = edit_data(concert)
    assert data["zones-0-strictness"] == "1.0" and data["zones-0-name"] == ""
    assert staff_client.post(edit_url(concert), data).status_code == 302
    assert not concert.zones.exists()


def test_the_activity_page_says_relaxed_or_traditional(client, concert):
    Zone.objects.create(activity=concert, name="Stalls", capacity=60, norms="Quiet listening")
    Zone.objects.create(
        activity=concert, name="Balcony", capacity=20, norms="Talking welcome", strictness=0.3
    )
    page = client.get(concert.get_absolute_url()).content.decode()
    assert re.search(r"Quiet listening\s*<span class=\"tag zone-keeps\">Traditional</span>", page)
    assert re.search(r"Talking welcome\s*<span class=\"tag zone-keeps\">Relaxed</span>", page)
