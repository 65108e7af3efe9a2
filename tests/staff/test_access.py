"""Staff pages are for the organisation's staff only, and show only that organisation's rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from overture.season.models import Activity, Practice
from tests import factories
from tests.staff.helpers import edit_data, new_activity_data, practice_data

GET_PAGES = [
    ("staff_dashboard", None),
    ("staff_practices", None),
    ("staff_practice_create", None),
    ("staff_practice_edit", "practice"),
    ("staff_activities", None),
    ("staff_activity_create", None),
    ("staff_activity_edit", "activity"),
    ("staff_activity_registrations", "activity"),
]
POST_PAGES = [
    ("staff_practice_create", None),
    ("staff_practice_edit", "practice"),
    ("staff_activity_create", None),
    ("staff_activity_edit", "activity"),
    ("staff_activity_status", "activity"),
]
VISITORS = ["anonymous", "participant", "other_staff", "staff", "org_admin"]


@pytest.fixture
def world(org, other_org, practice, draft_activity):
    return {
        "org": org,
        "practice": practice,
        "activity": draft_activity,
        "users": {
            "participant": factories.participant(org, username="pat").user,
            "other_staff": factories.staff(other_org, username="otto"),
            "staff": factories.staff(org, username="stella"),
            "org_admin": factories.staff(org, role="admin", username="ada"),
        },
    }


def _url(world, name: str, obj: str | None) -> str:
    kwargs = {"org": world["org"].slug}
    if obj:
        kwargs["pk"] = world[obj].pk
    return reverse(name, kwargs=kwargs)


def _login(client, world, visitor: str) -> None:
    if visitor != "anonymous":
        client.force_login(world["users"][visitor])


def _valid_post(world, name: str) -> dict:
    if name == "staff_practice_create":
        return practice_data(name="Applauding")
    if name == "staff_practice_edit":
        return practice_data(name="Listening closely", slug=world["practice"].slug)
    if name == "staff_activity_create":
        return new_activity_data(requirements=[(world["practice"], 2, None)])
    if name == "staff_activity_edit":
        return {**edit_data(world["activity"]), "title": "Symphony No. 4 (renamed)"}
    return {"action": "publish"}


def _state() -> tuple:
    return (
        sorted(Practice.objects.values_list("name", flat=True)),
        sorted(Activity.objects.values_list("title", "status")),
    )


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("name", "obj"), GET_PAGES)
def test_get_pages_are_for_the_organisations_staff(client, world, name, obj, visitor):
    _login(client, world, visitor)
    url = _url(world, name, obj)
    response = client.get(url)
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "next=" in response["Location"]
    elif visitor in {"participant", "other_staff"}:
        assert response.status_code == 403
        assert "You can’t open this page" in response.content.decode()
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("name", "obj"), POST_PAGES)
def test_write_pages_only_let_the_organisations_staff_change_anything(
    client, world, name, obj, visitor
):
    url = _url(world, name, obj)
    data = _valid_post(world, name)
    before = _state()
    _login(client, world, visitor)
    response = client.post(url, data)
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif visitor in {"participant", "other_staff"} or (
        name == "staff_activity_status" and visitor == "staff"
    ):
        assert response.status_code == 403  # status changes are the admins' decision
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert _state() != before
        return
    assert _state() == before


@pytest.mark.parametrize(
    ("name", "obj"), [page for page in GET_PAGES + POST_PAGES if page[1] is not None]
)
def test_another_organisations_rows_are_not_found(client, world, other_org, name, obj):
    other_practice = factories.practice(other_org)
    other_activity = factories.activity(other_org, status=Activity.Status.DRAFT)
    foreign = {"practice": other_practice, "activity": other_activity}[obj]
    client.force_login(world["users"]["org_admin"])
    url = reverse(name, kwargs={"org": world["org"].slug, "pk": foreign.pk})
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"action": "publish"}).status_code == 404
    other_activity.refresh_from_db()
    assert other_activity.status == Activity.Status.DRAFT


def test_status_changes_need_post(staff_client, org, draft_activity):
    url = reverse("staff_activity_status", kwargs={"org": org.slug, "pk": draft_activity.pk})
    assert staff_client.get(url).status_code == 405
