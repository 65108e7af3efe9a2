"""“My activities”: the places a participant holds, coming up and past."""

from __future__ import annotations

from django.urls import reverse

from overture.audience import services
from overture.audience.models import Registration
from overture.season.models import Activity
from tests import factories


def my_url(org, **params) -> str:
    url = reverse("my_activities", kwargs={"org": org.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def titles(page) -> list[str]:
    return [r.activity.title for r in page] if page else []


def test_anonymous_visitor_is_asked_to_log_in(client, org):
    response = client.get(my_url(org))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_empty_state_links_to_the_season(participant_client, org):
    page = participant_client.get(my_url(org)).content.decode()
    assert "You haven’t registered for anything yet" in page
    assert f'href="{reverse("season", kwargs={"org": org.slug})}"' in page


def test_user_without_a_participant_record_sees_the_empty_state(staff_client, org):
    assert "You haven’t registered" in staff_client.get(my_url(org)).content.decode()


def test_coming_up_and_past_places_but_not_cancelled_ones(
    participant_client, org, other_org, participant
):
    soon = factories.activity(org, "Soon", days_ahead=2)
    later = factories.activity(org, "Later", days_ahead=9)
    given_back = factories.activity(org, "Given back", days_ahead=4)
    called_off = factories.activity(org, "Called off", days_ahead=5)
    for act in (later, soon, given_back, called_off):
        services.register(participant, act.pk)
    services.cancel_registration(participant, given_back.pk)
    Activity.objects.filter(pk=called_off.pk).update(status=Activity.Status.CANCELLED)
    last_month = factories.activity(org, "Last month", days_ahead=-30)
    last_week = factories.activity(org, "Last week", days_ahead=-7)
    for act in (last_month, last_week):
        Registration.objects.create(participant=participant, activity=act)
    factories.activity(org, "Not mine")

    response = participant_client.get(my_url(org))

    assert titles(response.context["coming"]) == ["Soon", "Called off", "Later"]
    assert titles(response.context["past"]) == ["Last week", "Last month"]
    page = response.content.decode()
    assert "Given back" not in page and "Not mine" not in page
    assert page.count("Cancel my place") == 2  # not for the called-off one
    assert 'class="badge cancelled">Cancelled<' in page


def test_long_lists_are_paginated(participant_client, org, participant):
    for day in range(1, 13):
        services.register(participant, factories.activity(org, f"Day {day:02}", days_ahead=day).pk)
    first = participant_client.get(my_url(org))
    assert len(first.context["coming"]) == 10
    second = participant_client.get(my_url(org, coming=2))
    assert titles(second.context["coming"]) == ["Day 11", "Day 12"]
    assert participant_client.get(my_url(org, coming="zz", past=99)).status_code == 200


def test_page_links_move_one_list_and_keep_the_other(participant_client, org, participant):
    for day in range(1, 13):
        services.register(participant, factories.activity(org, f"Day {day:02}", days_ahead=day).pk)
    page = participant_client.get(my_url(org, past=3, coming=1)).content.decode()
    assert 'aria-label="Coming up pages"' in page
    assert 'href="?past=3&amp;coming=2"' in page
