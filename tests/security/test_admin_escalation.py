"""The Django admin is for the installation's operators: an organisation admin cannot climb it."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import reverse

from overture.organisations.models import Membership
from tests import factories


def _admin_with_every_django_flag_but_superuser(org):
    """The old demo's staff admin: `is_staff` and every model permission of the site."""
    user = factories.staff(org, role=Membership.Role.ADMIN, username="ada")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    return user


def test_an_organisation_admin_cannot_open_the_django_admin(client, org, other_org):
    client.force_login(_admin_with_every_django_flag_but_superuser(org))
    for name in [
        "admin:index",
        "admin:auth_user_changelist",
        "admin:audience_participant_changelist",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert "/admin/login/" in response["Location"]


def test_an_organisation_admin_cannot_make_herself_superuser(client, org):
    ada = _admin_with_every_django_flag_but_superuser(org)
    client.force_login(ada)
    url = reverse("admin:auth_user_change", args=[ada.pk])
    client.post(url, {"username": "ada", "is_active": "on", "is_staff": "on", "is_superuser": "on"})
    ada.refresh_from_db()
    assert not ada.is_superuser


def test_an_organisation_admin_cannot_join_another_organisation(client, org, other_org):
    ada = _admin_with_every_django_flag_but_superuser(org)
    client.force_login(ada)
    client.post(
        reverse("admin:organisations_membership_add"),
        {"user": ada.pk, "organisation": other_org.pk, "role": "admin"},
    )
    assert not Membership.objects.filter(user=ada, organisation=other_org).exists()
    theirs = reverse("staff_insight_csv", kwargs={"org": other_org.slug})
    assert client.get(theirs).status_code == 403


def test_an_organisation_admin_manages_members_only_on_her_own_staff_pages(client, org, other_org):
    ada = _admin_with_every_django_flag_but_superuser(org)
    client.force_login(ada)
    assert client.get(reverse("staff_members", kwargs={"org": org.slug})).status_code == 200
    assert client.get(reverse("staff_members", kwargs={"org": other_org.slug})).status_code == 403


def test_operators_use_the_django_admin(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200
