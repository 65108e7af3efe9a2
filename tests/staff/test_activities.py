"""Staff create, edit, publish and cancel activities with their requirements and zones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from overture.audience import services as audience_services
from overture.audience.models import Registration
from overture.season import services
from overture.season.forms import ActivityForm
from overture.season.models import Activity, Level, Requirement, Zone
from overture.season.services import RequirementSpec
from tests import factories
from tests.staff.helpers import edit_data, local, new_activity_data


def url(org, name, activity=None):
    kwargs = {"org": org.slug}
    if activity is not None:
        kwargs["pk"] = activity.pk
    return reverse(name, kwargs=kwargs)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_staff_create_an_activity_with_two_requirements_and_publish_it(staff_client, org):
    listening = factories.practice(org, name="Listening in silence", strictness=0.9)
    applause = factories.practice(org, name="Applauding", strictness=0.4)
    data = new_activity_data(
        title="Brahms 4 open rehearsal",
        requirements=[(listening, Level.REGULAR, "0.7"), (applause, Level.NOVICE, "")],
        zones=[("Stalls", 60, "Quiet listening"), ("Balcony", 20, "Moving and talking welcome")],
    )
    response = staff_client.post(url(org, "staff_activity_create"), data, follow=True)
    assert response.status_code == 200
    activity = Activity.objects.get(title="Brahms 4 open rehearsal")
    assert activity.status == Activity.Status.DRAFT
    assert "Created the draft “Brahms 4 open rehearsal”." in messages_of(response)
    requirements = {r.practice.name: r for r in activity.requirements.select_related("practice")}
    assert set(requirements) == {"Listening in silence", "Applauding"}
    assert requirements["Listening in silence"].required_level == Level.REGULAR
    assert requirements["Listening in silence"].strictness == pytest.approx(0.7)
    # Left blank: the practice's default strictness.
    assert requirements["Applauding"].strictness == pytest.approx(0.4)
    assert sorted(activity.zones.values_list("name", "capacity")) == [
        ("Balcony", 20),
        ("Stalls", 60),
    ]
    assert not Activity.objects.published().exists()

    response = staff_client.post(
        url(org, "staff_activity_status", activity), {"action": "publish"}, follow=True
    )
    assert "Published “Brahms 4 open rehearsal”." in messages_of(response)
    published = Activity.objects.published().get()
    assert published == activity
    assert published.requirements.count() == 2


def test_datetimes_are_entered_in_local_time(staff_client, org):
    data = new_activity_data(starts_at="2031-07-01T19:30", ends_at="2031-07-01T21:45")
    staff_client.post(url(org, "staff_activity_create"), data)
    activity = Activity.objects.get()
    assert timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M") == "2031-07-01 19:30"
    assert activity.ends_at - activity.starts_at == timedelta(hours=2, minutes=15)


def assert_nothing_saved(response, before_count: int = 0):
    assert response.status_code == 200
    assert Activity.objects.count() == before_count
    assert Requirement.objects.count() == 0
    assert Zone.objects.count() == 0
    assert "Nothing was saved yet" in response.content.decode()


def test_an_activity_must_end_after_it_starts(staff_client, org, practice):
    starts = timezone.now() + timedelta(days=3)
    data = new_activity_data(
        starts_at=local(starts),
        ends_at=local(starts - timedelta(hours=1)),
        requirements=[(practice, 1, "")],
        zones=[("Stalls", 10, "Quiet")],
    )
    response = staff_client.post(url(org, "staff_activity_create"), data)
    assert_nothing_saved(response)
    assert response.context["form"].errors["ends_at"] == ["The activity must end after it starts."]
    # What was typed comes back, so nothing is lost.
    html = response.content.decode()
    assert 'value="Open rehearsal: Brahms 4"' in html
    assert 'value="Stalls"' in html


@pytest.mark.parametrize("time_zone", ["Asia/Tokyo", "America/New_York"])
@pytest.mark.parametrize("year", ["0001", "9999"])
def test_far_off_years_are_a_field_error_in_any_time_zone(
    staff_client, org, settings, time_zone, year
):
    # Year 1 east of UTC, or year 9999 west of it, has no UTC equivalent to store.
    settings.TIME_ZONE = time_zone
    data = new_activity_data(starts_at=f"{year}-01-01T00:30", ends_at=f"{year}-12-31T23:30")
    response = staff_client.post(url(org, "staff_activity_create"), data)
    assert_nothing_saved(response)
    errors = response.context["form"].errors
    assert errors["starts_at"] == errors["ends_at"] == ["Choose a date between 2000 and 2999."]


def test_a_practice_can_be_required_only_once(staff_client, org, practice):
    data = new_activity_data(requirements=[(practice, 1, ""), (practice, 3, "0.2")])
    response = staff_client.post(url(org, "staff_activity_create"), data)
    assert_nothing_saved(response)
    formset = response.context["requirements"]
    assert formset.non_form_errors() == ["Each practice can appear only once."]
    assert formset.forms[1].errors["practice"] == [
        "“Listening in silence” is already required above; each practice can appear once."
    ]


def test_a_practice_from_another_organisation_is_refused(staff_client, org, other_org):
    foreign = factories.practice(other_org, name="Singing along")
    data = new_activity_data(requirements=[(foreign, 1, "")])
    response = staff_client.post(url(org, "staff_activity_create"), data)
    assert_nothing_saved(response)
    assert response.context["requirements"].forms[0].errors["practice"] == [
        "Choose one of this organisation’s practices."
    ]


def test_capacity_cannot_drop_below_the_places_taken(staff_client, org, practice):
    activity = factories.activity(org, capacity=10, requirements=[(practice, 1, 0.5)])
    for n in range(4):
        audience_services.register(factories.participant(org, name=f"P{n}"), activity.pk)
    data = {**edit_data(activity), "capacity": "3", "title": "Renamed", "zones-0-name": "Stalls"}
    data.update({"zones-0-capacity": "5", "zones-0-norms": "Quiet"})
    response = staff_client.post(url(org, "staff_activity_edit", activity), data)
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "4 places are already taken, so the capacity can’t be lower than 4."
    ]
    activity.refresh_from_db()
    assert (activity.capacity, activity.places_taken) == (10, 4)
    assert activity.title != "Renamed"
    assert not Zone.objects.exists()
    assert 'value="Renamed"' in response.content.decode()


def test_a_capacity_cut_is_checked_again_when_saving(org, practice):
    """Places taken between showing the form and saving still count."""
    activity = factories.activity(org, capacity=5)
    form = ActivityForm({**edit_data(activity), "capacity": "1"}, instance=activity)
    assert form.is_valid(), form.errors
    for n in range(2):
        audience_services.register(factories.participant(org, name=f"P{n}"), activity.pk)
    with pytest.raises(services.ActivityChangeRefused) as refused:
        services.save_activity(org, form.instance, [RequirementSpec(practice.pk, 1, 0.5)], [])
    assert refused.value.field == "capacity"
    activity.refresh_from_db()
    assert (activity.capacity, activity.places_taken) == (5, 2)
    assert not activity.requirements.exists()


def test_editing_keeps_unchanged_rows_and_removes_ticked_ones(staff_client, org):
    listening = factories.practice(org, name="Listening")
    applause = factories.practice(org, name="Applauding")
    dressing = factories.practice(org, name="Dressing up", strictness=0.1)
    activity = factories.activity(
        org, requirements=[(listening, 2, 0.9), (applause, 1, 0.5)], capacity=50
    )
    Zone.objects.create(activity=activity, name="Stalls", capacity=30, norms="Quiet")
    kept_requirement = Requirement.objects.get(practice=listening)

    data = edit_data(activity)
    # Rows come ordered by required level: 0 = Listening, 1 = Applauding.
    data["requirements-1-DELETE"] = "on"
    data["requirements-2-practice"] = str(dressing.pk)
    data["zones-0-name"] = "Front stalls"
    response = staff_client.post(url(org, "staff_activity_edit", activity), data)
    assert response.status_code == 302

    requirements = {r.practice.name: r for r in activity.requirements.select_related("practice")}
    assert set(requirements) == {"Listening", "Dressing up"}
    assert requirements["Listening"].pk == kept_requirement.pk
    assert requirements["Dressing up"].strictness == pytest.approx(0.1)
    assert list(activity.zones.values_list("name", flat=True)) == ["Front stalls"]


def test_zones_can_swap_names(staff_client, org):
    activity = factories.activity(org)
    Zone.objects.create(activity=activity, name="Stalls", capacity=30, norms="Quiet")
    Zone.objects.create(activity=activity, name="Balcony", capacity=10, norms="Relaxed")
    data = edit_data(activity)
    # Zones come ordered by name: 0 = Balcony, 1 = Stalls.
    data["zones-0-name"], data["zones-1-name"] = "Stalls", "Balcony"
    response = staff_client.post(url(org, "staff_activity_edit", activity), data)
    assert response.status_code == 302
    assert dict(activity.zones.values_list("name", "norms")) == {
        "Stalls": "Relaxed",
        "Balcony": "Quiet",
    }


def test_two_zones_cannot_share_a_name(staff_client, org):
    data = new_activity_data(zones=[("Stalls", 10, "Quiet"), ("stalls", 5, "Loud")])
    response = staff_client.post(url(org, "staff_activity_create"), data)
    assert_nothing_saved(response)
    assert response.context["zones"].forms[1].errors["name"] == [
        "There is already a zone called “stalls”."
    ]


def test_publishing_without_requirements_warns(staff_client, org):
    activity = factories.activity(org, "Come and sing", status=Activity.Status.DRAFT)
    response = staff_client.post(
        url(org, "staff_activity_status", activity), {"action": "publish"}, follow=True
    )
    messages = messages_of(response)
    assert "Published “Come and sing”." in messages
    assert any("has no practice requirements yet" in m for m in messages)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED


def test_cancelling_keeps_registrations_and_says_who_is_affected(staff_client, org):
    activity = factories.activity(org, "Family concert", capacity=10)
    people = [factories.participant(org, name=f"P{n}") for n in range(3)]
    for person in people:
        audience_services.register(person, activity.pk)
    response = staff_client.post(
        url(org, "staff_activity_status", activity), {"action": "cancel"}, follow=True
    )
    assert (
        "Cancelled “Family concert”. 3 people are affected: their registrations are kept "
        "and they see that it is cancelled." in messages_of(response)
    )
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert activity.places_taken == 3
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 3


def test_an_activity_with_registrations_cannot_go_back_to_draft(staff_client, org):
    activity = factories.activity(org, "Family concert")
    audience_services.register(factories.participant(org), activity.pk)
    response = staff_client.post(
        url(org, "staff_activity_status", activity), {"action": "draft"}, follow=True
    )
    assert any("can’t go back to draft" in m for m in messages_of(response))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED


def test_an_unknown_status_action_changes_nothing(staff_client, org, draft_activity):
    staff_client.post(url(org, "staff_activity_status", draft_activity), {"action": "delete"})
    draft_activity.refresh_from_db()
    assert draft_activity.status == Activity.Status.DRAFT


def test_the_list_filters_by_status_and_paginates(staff_client, org):
    for n in range(30):
        factories.activity(org, f"Concert {n:02}", days_ahead=n + 1)
    factories.activity(org, "A draft", status=Activity.Status.DRAFT)
    response = staff_client.get(url(org, "staff_activities"), {"status": "draft"})
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["A draft"]

    response = staff_client.get(url(org, "staff_activities"), {"status": "published", "page": 2})
    page = response.context["page"]
    assert page.paginator.count == 30
    assert [a.title for a in page.object_list] == [f"Concert {n:02}" for n in range(25, 30)]
    assert "status=published&amp;page=1" in response.content.decode()


def test_the_list_has_an_empty_state(staff_client, org):
    response = staff_client.get(url(org, "staff_activities"))
    assert "No activities yet" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_needs_the_same_queries_for_any_number_of_activities(
    staff_client, org, django_assert_num_queries, count
):
    practices = [factories.practice(org) for _ in range(3)]
    for n in range(count):
        factories.activity(org, requirements=[(p, 1, 0.5) for p in practices], days_ahead=n + 1)
    with django_assert_num_queries(6):
        response = staff_client.get(url(org, "staff_activities"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)
