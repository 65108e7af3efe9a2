"""Taking and giving back places through the activity page's buttons."""

from __future__ import annotations

from django.urls import reverse

from overture.audience import services
from overture.audience.models import Participant, Registration
from overture.season.models import Activity
from tests import factories


def register_url(act) -> str:
    return reverse("register", kwargs={"org": act.organisation.slug, "pk": act.pk})


def cancel_url(act) -> str:
    return reverse("cancel_registration", kwargs={"org": act.organisation.slug, "pk": act.pk})


def activity_url(act) -> str:
    return reverse("activity", kwargs={"org": act.organisation.slug, "pk": act.pk})


def press(client, url: str, data: dict | None = None):
    """Press a button and follow the redirect, as a browser does."""
    return client.post(url, data or {}, follow=True)


def landed_on(response) -> str:
    return response.redirect_chain[-1][0]


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def confirmed(act) -> int:
    return Registration.objects.filter(activity=act, status=Registration.Status.CONFIRMED).count()


def test_register_takes_a_place_and_says_so(participant_client, org, participant):
    act = factories.activity(org, "Open rehearsal", capacity=10)
    response = press(participant_client, register_url(act))
    assert landed_on(response) == activity_url(act)
    assert said(response) == ["You’re registered for Open rehearsal. See you there!"]
    assert "You’re registered" in response.content.decode()
    act.refresh_from_db()
    assert act.places_taken == 1 == confirmed(act)
    assert Registration.objects.get().participant == participant


def test_registering_twice_is_harmless(participant_client, org):
    act = factories.activity(org, "Open rehearsal")
    press(participant_client, register_url(act))
    response = press(participant_client, register_url(act))
    assert said(response) == ["You already have a place at Open rehearsal."]
    act.refresh_from_db()
    assert act.places_taken == 1 == confirmed(act)


def test_full_activity_refuses_without_overbooking(participant_client, org):
    act = factories.activity(org, capacity=1)
    services.register(factories.participant(org, name="First in line"), act.pk)
    response = press(participant_client, register_url(act))
    assert said(response) == ["Sorry, this activity is full: every place has been taken."]
    act.refresh_from_db()
    assert act.places_taken == 1 == confirmed(act)


def test_cancelled_activity_refuses_with_a_clear_message(participant_client, org):
    act = factories.activity(org, status=Activity.Status.CANCELLED)
    response = press(participant_client, register_url(act))
    assert said(response) == [
        "This activity has been cancelled, so it no longer takes registrations."
    ]
    assert not Registration.objects.exists()


def test_past_activity_refuses(participant_client, org):
    act = factories.activity(org, days_ahead=-3)
    response = press(participant_client, register_url(act))
    assert said(response) == ["This activity has already taken place."]
    assert not Registration.objects.exists()


def test_anonymous_post_is_sent_to_log_in_and_back_to_the_activity(client, org):
    act = factories.activity(org)
    for url in (register_url(act), cancel_url(act)):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={activity_url(act)}"
    assert not Registration.objects.exists()


def test_get_is_not_allowed(participant_client, org):
    act = factories.activity(org)
    assert participant_client.get(register_url(act)).status_code == 405
    assert participant_client.get(cancel_url(act)).status_code == 405
    assert not Registration.objects.exists()


def test_unknown_draft_or_foreign_activities_are_404(participant_client, org, other_org):
    draft = factories.activity(org, status=Activity.Status.DRAFT)
    theirs = factories.activity(other_org)
    urls = [
        reverse("register", kwargs={"org": org.slug, "pk": 987654}),
        register_url(draft),
        reverse("register", kwargs={"org": org.slug, "pk": theirs.pk}),
        reverse("cancel_registration", kwargs={"org": org.slug, "pk": theirs.pk}),
    ]
    for url in urls:
        assert participant_client.post(url).status_code == 404
    assert not Registration.objects.exists()


def test_staff_member_gets_a_participant_record_on_first_registration(
    staff_client, org, staff_user
):
    staff_user.first_name, staff_user.last_name = "Stella", "Conductor"
    staff_user.save()
    act = factories.activity(org)
    press(staff_client, register_url(act))
    participant = Participant.objects.get(user=staff_user, organisation=org)
    assert participant.display_name == "Stella Conductor"
    assert Registration.objects.get().participant == participant


def test_someone_from_another_organisation_registers_here_too(client, org, other_org):
    elsewhere = factories.participant(other_org, username="kim@example.org")
    client.force_login(elsewhere.user)
    act = factories.activity(org)
    press(client, register_url(act))
    here = Participant.objects.get(user=elsewhere.user, organisation=org)
    assert here.display_name == "kim"
    assert Registration.objects.get().participant == here


def test_cancel_gives_the_place_back(participant_client, org):
    act = factories.activity(org, "Family concert", capacity=1)
    press(participant_client, register_url(act))
    response = press(participant_client, cancel_url(act))
    assert landed_on(response) == activity_url(act)
    assert said(response) == [
        "Your place at Family concert is cancelled. Thank you for letting us know."
    ]
    act.refresh_from_db()
    assert act.places_taken == 0 == confirmed(act)

    press(participant_client, register_url(act))
    act.refresh_from_db()
    assert act.places_taken == 1 == confirmed(act)


def test_cancelling_several_places_says_they_are_all_given_back(participant_client, org):
    act = factories.activity(org, "Family concert", capacity=10)
    press(participant_client, register_url(act), {"places": "3"})
    response = press(participant_client, cancel_url(act))
    assert said(response) == [
        "Your places at Family concert are cancelled. Thank you for letting us know."
    ]
    act.refresh_from_db()
    assert act.places_taken == 0


def test_cancel_without_a_place_is_harmless(participant_client, org):
    act = factories.activity(org, "Family concert", places_taken=4)
    response = press(participant_client, cancel_url(act))
    assert said(response) == ["You don’t have a place at Family concert."]
    act.refresh_from_db()
    assert act.places_taken == 4


def test_a_past_place_is_not_given_back(participant_client, org, participant):
    act = factories.activity(org, days_ahead=-3, places_taken=1)
    Registration.objects.create(participant=participant, activity=act)
    response = press(participant_client, cancel_url(act))
    assert said(response) == [
        "This activity has already taken place, so there is nothing to cancel."
    ]
    act.refresh_from_db()
    assert act.places_taken == 1 == confirmed(act)


def test_cancel_returns_to_a_safe_next_page_only(participant_client, org):
    act = factories.activity(org)
    my_activities = reverse("my_activities", kwargs={"org": org.slug})
    press(participant_client, register_url(act))
    response = participant_client.post(cancel_url(act), {"next": my_activities})
    assert response["Location"] == my_activities
    press(participant_client, register_url(act))
    response = participant_client.post(cancel_url(act), {"next": "https://evil.example/"})
    assert response["Location"] == activity_url(act)
