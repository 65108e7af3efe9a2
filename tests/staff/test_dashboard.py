"""The staff dashboard: headline numbers and what is coming up."""

from __future__ import annotations

from django.urls import reverse

from overture.audience import services as audience_services
from overture.season.models import Activity
from tests import factories


def test_the_dashboard_counts_the_season(staff_client, org, other_org, participant):
    soon = factories.activity(org, "Soon", capacity=4, days_ahead=3)
    later = factories.activity(org, "Later", days_ahead=60)
    factories.activity(org, "Draft", status=Activity.Status.DRAFT)
    factories.activity(org, "Past", days_ahead=-10)
    factories.activity(other_org, "Elsewhere")
    audience_services.register(participant, soon.pk)
    audience_services.register(factories.participant(org, name="Zoe"), soon.pk)
    audience_services.register(participant, later.pk)

    response = staff_client.get(reverse("staff_dashboard", kwargs={"org": org.slug}))
    counts = response.context["counts"]
    assert counts.published_upcoming == 2
    assert counts.drafts == 1
    assert counts.participants == 2
    assert counts.registrations_next_30_days == 2
    assert [a.title for a in response.context["next_activities"]] == ["Soon", "Later"]
    html = response.content.decode()
    assert "2 of 4" in html and "50%" in html
    assert reverse("admin:index") not in html  # only site administrators get the admin link


def test_only_the_installations_operators_get_a_link_to_the_django_admin(
    staff_client, org, staff_user
):
    staff_user.is_staff = True
    staff_user.save()
    url = reverse("staff_dashboard", kwargs={"org": org.slug})
    assert reverse("admin:index") not in staff_client.get(url).content.decode()
    staff_user.is_superuser = True
    staff_user.save()
    html = staff_client.get(url).content.decode()
    assert reverse("admin:index") in html
    assert reverse("staff_practices", kwargs={"org": org.slug}) in html


def test_the_dashboard_has_an_empty_state(staff_client, org):
    html = staff_client.get(reverse("staff_dashboard", kwargs={"org": org.slug})).content.decode()
    assert "No published activity is coming up" in html


def test_the_site_header_links_staff_to_their_pages(staff_client, org):
    html = staff_client.get(reverse("staff_dashboard", kwargs={"org": org.slug})).content.decode()
    assert f'href="{reverse("staff_dashboard", kwargs={"org": org.slug})}"' in html
