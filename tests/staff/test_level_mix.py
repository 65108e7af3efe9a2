"""The level mix per practice of an activity's confirmed registrants."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from overture.audience import services as audience_services
from overture.audience.models import Competence, Participant, Registration
from overture.season.models import Level
from overture.season.selectors_staff import level_mix
from tests import factories

OBSERVED, SELF = Competence.Source.OBSERVED, Competence.Source.SELF


@pytest.fixture
def concert(org):
    listening = factories.practice(org, name="Listening in silence")
    applause = factories.practice(org, name="Applauding")
    activity = factories.activity(
        org, "Brahms 4", capacity=50, requirements=[(listening, 2, 0.9), (applause, 1, 0.5)]
    )
    return activity, listening, applause


def registrant(org, activity, name, **levels):
    """A confirmed registrant with competences given as practice=(level, source) pairs."""
    person = factories.participant(org, name=name)
    audience_services.register(person, activity.pk)
    for practice, level, source in levels.get("competences", []):
        factories.competence(person, practice, level, source)
    return person


def test_counts_use_observed_over_self_and_count_the_unknown(org, concert):
    activity, listening, applause = concert
    # Said expert, observed as novice: counts as novice.
    registrant(org, activity, "Ann", competences=[(listening, 3, SELF), (listening, 1, OBSERVED)])
    registrant(org, activity, "Ben", competences=[(listening, 2, SELF), (applause, 0, SELF)])
    registrant(org, activity, "Cat", competences=[(listening, 3, OBSERVED)])
    registrant(org, activity, "Dan", competences=[(applause, 2, OBSERVED)])
    registrant(org, activity, "Eve")  # has not said anything yet
    # Cancelled registrants and people who did not register are left out.
    gone = registrant(org, activity, "Fay", competences=[(listening, 0, SELF)])
    audience_services.cancel_registration(gone, activity.pk)
    factories.competence(factories.participant(org, name="Gus"), listening, 0, SELF)
    # A competence in a practice the activity does not require is ignored.
    factories.competence(Participant.objects.get(display_name="Eve"), factories.practice(org), 3)

    mixes = {mix.practice.name: mix for mix in level_mix(activity)}
    listening_mix = mixes["Listening in silence"]
    assert listening_mix.total == 5
    assert listening_mix.counts == {
        Level.NEWCOMER: 0,
        Level.NOVICE: 1,  # Ann
        Level.REGULAR: 1,  # Ben
        Level.EXPERT: 1,  # Cat
        None: 2,  # Dan and Eve
    }
    assert listening_mix.required_level == Level.REGULAR
    assert listening_mix.below_required == 1  # Ann, observed as novice
    assert [(s.label, s.count, s.is_required) for s in listening_mix.segments] == [
        ("Newcomer", 0, False),
        ("Novice", 1, False),
        ("Regular", 1, True),
        ("Expert", 1, False),
        ("Not yet known", 2, False),
    ]
    assert sum(s.share for s in listening_mix.segments) == pytest.approx(100)

    applause_mix = mixes["Applauding"]
    assert [s.count for s in applause_mix.segments] == [1, 0, 1, 0, 3]
    assert applause_mix.below_required == 1  # Ben, a newcomer where novice is required


def test_the_page_shows_the_mix_with_numbers_for_screen_readers(staff_client, org, concert):
    activity, listening, _ = concert
    registrant(org, activity, "Ann", competences=[(listening, 1, OBSERVED)])
    registrant(org, activity, "Ben", competences=[(listening, 2, SELF)])
    url = reverse("staff_activity_registrations", kwargs={"org": org.slug, "pk": activity.pk})
    html = staff_client.get(url).content.decode()
    assert 'class="level-bar" role="img"' in html
    assert "Novice: 1, Regular: 1 (required level), Expert: 0, Not yet known: 0" in html
    assert '<rect class="level-1" x="0.00" width="50.00" height="10">' in html
    assert '<td class="required-level">1 <span class="meta">(50%)</span>' in html
    assert "1 below the required level" in html
    assert "Ann" in html and "Ben" in html


def test_without_requirements_or_registrants_the_page_says_so(staff_client, org):
    activity = factories.activity(org)
    url = reverse("staff_activity_registrations", kwargs={"org": org.slug, "pk": activity.pk})
    html = staff_client.get(url).content.decode()
    assert "has no practice requirements yet" in html
    assert "Nobody has registered yet." in html


def crowd(org, activity, practices, size: int) -> None:
    """`size` confirmed registrants with a spread of self-assessed and observed levels."""
    users = [factories.user(f"crowd{size}-{n}") for n in range(size)]
    people = Participant.objects.bulk_create(
        Participant(organisation=org, user=u, display_name=f"Person {n}")
        for n, u in enumerate(users)
    )
    Registration.objects.bulk_create(Registration(participant=p, activity=activity) for p in people)
    now = timezone.now()
    Competence.objects.bulk_create(
        Competence(
            participant=p, practice=practice, level=(n + k) % 4, source=source, assessed_at=now
        )
        for n, p in enumerate(people)
        for k, practice in enumerate(practices)
        for source in ([SELF, OBSERVED] if n % 3 == 0 else [SELF] if n % 3 == 1 else [])
    )
    activity.places_taken = size
    activity.save(update_fields=["places_taken"])


@pytest.mark.parametrize("size", [5, 50])
def test_the_mix_needs_the_same_queries_for_any_number_of_registrants(
    staff_client, org, concert, django_assert_num_queries, size
):
    activity, listening, applause = concert
    crowd(org, activity, [listening, applause], size)
    with django_assert_num_queries(3):
        mixes = level_mix(activity)
    assert all(mix.total == size for mix in mixes)
    assert all(sum(mix.counts.values()) == size for mix in mixes)

    url = reverse("staff_activity_registrations", kwargs={"org": org.slug, "pk": activity.pk})
    with django_assert_num_queries(11):
        response = staff_client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(size, 50)


def test_long_registrant_lists_have_page_links(staff_client, org, concert):
    activity, listening, applause = concert
    activity.capacity = 60
    activity.save(update_fields=["capacity"])
    crowd(org, activity, [listening, applause], 51)
    url = reverse("staff_activity_registrations", kwargs={"org": org.slug, "pk": activity.pk})
    first = staff_client.get(url).content.decode()
    assert 'aria-label="Registration pages"' in first and 'href="?page=2"' in first
    second = staff_client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 1
    assert 'href="?page=1"' in second.content.decode()
