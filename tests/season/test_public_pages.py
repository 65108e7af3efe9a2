"""The public season pages: the listing with its filters, each activity's page, errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from overture.audience import services
from overture.audience.models import Participant, Registration
from overture.season.models import Activity, Format
from tests import factories

# Session, user, organisation, staff role, the practice filter (checked and listed), count,
# page, requirements with practices, participant, registrations on the page, the participant's
# levels for the fit badges: nothing here grows with the season's size. Where an activity asks
# to prepare first, the check for a way there adds the season matrix (three queries when it is
# not cached), and the participant's levels and places.
SEASON_QUERIES = {False: 5, True: 13}  # by whether someone is logged in
FILTERED_SEASON_QUERIES = {False: 6, True: 14}  # the practice filter is checked
ACTIVITY_QUERIES = {False: 4, True: 15}  # one of them for the zones of the room


def season_url(org, **params) -> str:
    url = reverse("season", kwargs={"org": org.slug})
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def activity_url(act) -> str:
    return reverse("activity", kwargs={"org": act.organisation.slug, "pk": act.pk})


def titles(response) -> list[str]:
    return [a.title for a in response.context["activities"]]


# --- the listing -------------------------------------------------------------------------


def test_season_lists_published_upcoming_activities_in_order(client, org, other_org):
    later = factories.activity(org, "Later concert", days_ahead=20)
    sooner = factories.activity(org, "Sooner concert", days_ahead=2)
    factories.activity(org, "Draft concert", status=Activity.Status.DRAFT)
    factories.activity(org, "Last season's concert", days_ahead=-30)
    factories.activity(other_org, "Someone else's concert")

    response = client.get(season_url(org))

    assert response.status_code == 200
    assert titles(response) == [sooner.title, later.title]
    assert b"Draft concert" not in response.content


def test_an_activity_under_way_is_still_listed(client, org):
    factories.activity(org, "Started an hour ago", days_ahead=-1 / 24)
    assert titles(client.get(season_url(org))) == ["Started an hour ago"]


def test_cancelled_upcoming_activities_show_with_a_badge(client, org):
    factories.activity(org, "Called off", status=Activity.Status.CANCELLED)
    response = client.get(season_url(org))
    assert titles(response) == ["Called off"]
    assert 'class="badge cancelled">Cancelled<' in response.content.decode()


def test_cards_show_format_in_plain_words_places_and_practices(client, org):
    listening = factories.practice(org, "Listening in silence")
    singing = factories.practice(org, "Singing in a choir")
    factories.activity(
        org,
        "Come and sing Messiah",
        format=Format.COME_AND_SING,
        capacity=40,
        places_taken=3,
        requirements=[(listening, 1, 0.2), (singing, 0, 0.5)],
    )
    factories.activity(org, "Sold out", capacity=2, places_taken=2)

    page = client.get(season_url(org)).content.decode()

    assert 'Come and sing · <span class="scale">you take part</span>' in page
    assert "-led" not in page
    assert "37 places left" in page
    assert 'class="badge full">Full<' in page
    assert '<li class="tag">Listening in silence</li>' in page
    assert '<li class="tag">Singing in a choir</li>' in page
    assert "Riverside Hall" in page


def test_logged_in_participant_sees_where_they_are_registered(client, org, participant):
    booked = factories.activity(org, "Booked")
    factories.activity(org, "Not booked")
    services.register(participant, booked.pk)
    client.force_login(participant.user)
    response = client.get(season_url(org))
    assert response.context["registered_ids"] == {booked.pk}
    assert response.content.decode().count("You’re registered") == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"format": Format.COME_AND_SING}, ["Come and sing"]),
        ({"format": Format.SYMPHONY_CONCERT}, ["Symphony next week", "Symphony next month"]),
    ],
)
def test_format_filter_narrows(client, org, params, expected):
    factories.activity(org, "Symphony next week", days_ahead=7)
    factories.activity(org, "Come and sing", format=Format.COME_AND_SING, days_ahead=10)
    factories.activity(org, "Symphony next month", days_ahead=30)
    assert titles(client.get(season_url(org, **params))) == expected


def test_practice_filter_narrows_without_repeating_activities(client, org):
    singing = factories.practice(org, "Singing")
    silence = factories.practice(org, "Silence")
    factories.activity(org, "Both", requirements=[(singing, 0, 0.5), (silence, 1, 0.9)])
    factories.activity(org, "Only silence", requirements=[(silence, 1, 0.9)])
    factories.activity(org, "Neither")

    assert titles(client.get(season_url(org, practice=singing.pk))) == ["Both"]
    assert titles(client.get(season_url(org, practice=silence.pk))) == ["Both", "Only silence"]


def test_date_filters_narrow(client, org):
    factories.activity(org, "In 3 days", days_ahead=3)
    factories.activity(org, "In 10 days", days_ahead=10)
    factories.activity(org, "In 20 days", days_ahead=20)
    today = timezone.localdate()

    def on(days: int) -> str:
        return (today + timedelta(days=days)).isoformat()

    assert titles(client.get(season_url(org, date_from=on(5)))) == ["In 10 days", "In 20 days"]
    assert titles(client.get(season_url(org, date_to=on(15)))) == ["In 3 days", "In 10 days"]
    # “To” includes the whole of that day.
    assert titles(client.get(season_url(org, date_from=on(10), date_to=on(10)))) == ["In 10 days"]


def test_filters_combine(client, org):
    singing = factories.practice(org, "Singing")
    factories.activity(
        org, "Sing soon", format=Format.COME_AND_SING, requirements=[(singing, 0, 0.3)]
    )
    factories.activity(
        org,
        "Sing later",
        format=Format.COME_AND_SING,
        days_ahead=40,
        requirements=[(singing, 0, 0.3)],
    )
    factories.activity(org, "Concert soon", requirements=[(singing, 0, 0.3)])
    cutoff = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.get(
        season_url(org, format=Format.COME_AND_SING, practice=singing.pk, date_to=cutoff)
    )
    assert titles(response) == ["Sing soon"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "next tuesday"}, "“From” isn’t a date we understand"),
        ({"date_to": "2025-02-31"}, "“To” isn’t a date we understand"),
        ({"date_from": "0001-01-01"}, "“From” must be a date between 2000 and 2999"),
        ({"date_to": "9999-12-31"}, "“To” must be a date between 2000 and 2999"),
        ({"format": "rave"}, "That format isn’t one we offer"),
        ({"practice": "abc"}, "That practice isn’t one of ours"),
        ({"practice": "999999"}, "That practice isn’t one of ours"),
        ({"practice": "99999999999999999999999"}, "That practice isn’t one of ours"),
        ({"page": "abc"}, None),
        ({"page": "-1"}, None),
    ],
)
def test_bad_filter_values_are_reported_and_ignored(client, org, params, message):
    factories.activity(org, "Still listed")
    response = client.get(season_url(org, **params))
    assert response.status_code == 200
    assert titles(response) == ["Still listed"]
    page = response.content.decode()
    if message:
        assert "Some filters were ignored" in page
        assert message in page
    else:
        assert "Some filters were ignored" not in page


def test_another_organisations_practice_is_not_a_filter(client, org, other_org):
    theirs = factories.practice(other_org, "Their practice")
    factories.activity(org, "Ours")
    response = client.get(season_url(org, practice=theirs.pk))
    assert titles(response) == ["Ours"]
    assert "That practice isn’t one of ours" in response.content.decode()


def test_end_before_start_is_ignored(client, org):
    factories.activity(org, "In 3 days", days_ahead=3)
    today = timezone.localdate()
    response = client.get(
        season_url(
            org,
            date_from=(today + timedelta(days=1)).isoformat(),
            date_to=today.isoformat(),
        )
    )
    assert titles(response) == ["In 3 days"]
    assert "“To” is before “From”" in response.content.decode()


def test_empty_state_offers_to_clear_filters(client, org):
    factories.activity(org, "A symphony")
    response = client.get(season_url(org, format=Format.COMPOSITION_LAB))
    page = response.content.decode()
    assert titles(response) == []
    assert "No activities match these filters" in page
    assert f'<a href="{season_url(org)}">clear filters</a>' in page


def test_empty_season_says_so(client, org):
    page = client.get(season_url(org)).content.decode()
    assert "Nothing is on the season just now" in page


def test_pagination_keeps_filters_and_never_crashes(client, org):
    for day in range(1, 15):
        factories.activity(
            org, f"Come and sing {day:02}", format=Format.COME_AND_SING, days_ahead=day
        )
    factories.activity(org, "A symphony")

    first = client.get(season_url(org, format=Format.COME_AND_SING))
    assert len(titles(first)) == 12
    assert "?format=come_and_sing&amp;page=2" in first.content.decode()

    second = client.get(season_url(org, format=Format.COME_AND_SING, page=2))
    assert titles(second) == ["Come and sing 13", "Come and sing 14"]

    beyond = client.get(season_url(org, format=Format.COME_AND_SING, page=99))
    assert beyond.status_code == 200
    assert titles(beyond) == titles(second)


def test_htmx_filtering_returns_only_the_results(client, org):
    factories.activity(org, "Come and sing", format=Format.COME_AND_SING)
    response = client.get(
        season_url(org, format=Format.COME_AND_SING), headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page and "Come and sing" in page
    assert "HX-Request" in response["Vary"]


def test_unknown_organisation_is_404(client, db):
    assert client.get("/nobody-here/").status_code == 404


# --- query counts --------------------------------------------------------------------------


def build_season(org, n_activities: int, registrations_each: int = 15) -> Participant:
    """A season with three requirements per activity and many registrations; returns one
    participant who holds places at several activities."""
    practices = [factories.practice(org, f"Practice {i}") for i in range(4)]
    activities = [
        factories.activity(
            org,
            f"Activity {i:03}",
            days_ahead=1 + i,
            capacity=200,
            requirements=[(practices[(i + k) % 4], k, 0.3 * k) for k in range(3)],
        )
        for i in range(n_activities)
    ]
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"{org.slug}-crowd-{i}") for i in range(registrations_each)]
    )
    crowd = Participant.objects.bulk_create(
        [Participant(organisation=org, user=u, display_name=u.username) for u in users]
    )
    Registration.objects.bulk_create(
        [Registration(participant=p, activity=a) for a in activities for p in crowd]
    )
    Activity.objects.filter(organisation=org).update(places_taken=registrations_each)
    return crowd[0]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_season_queries_do_not_grow_with_the_season(
    db, client, logged_in, django_assert_num_queries
):
    small, large = factories.organisation(slug="small"), factories.organisation(slug="large")
    small_member = build_season(small, 5)
    large_member = build_season(large, 30)
    practice = large.practices.first()

    def visit(org, member, **params) -> int:
        if logged_in:
            client.force_login(member.user)
        return count_queries(client, season_url(org, **params))

    assert visit(small, small_member) == visit(large, large_member)
    assert visit(small, small_member, page=1) == visit(large, large_member, page=3)
    with django_assert_num_queries(FILTERED_SEASON_QUERIES[logged_in]):
        client.get(season_url(large, practice=practice.pk, format=Format.SYMPHONY_CONCERT))
    with django_assert_num_queries(SEASON_QUERIES[logged_in]):
        client.get(season_url(large))


@pytest.mark.parametrize("logged_in", [False, True])
def test_activity_page_queries_are_bounded(client, org, logged_in, django_assert_num_queries):
    member = build_season(org, 3, registrations_each=40)
    url = activity_url(Activity.objects.filter(organisation=org).first())
    if logged_in:
        client.force_login(member.user)
    with django_assert_num_queries(ACTIVITY_QUERIES[logged_in]):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["requirements"]) == 3


# --- the activity page ---------------------------------------------------------------------


def test_activity_page_opens_up_each_practice_score(client, org):
    silence = factories.practice(org, "Listening in silence")
    applause = factories.practice(org, "Applauding at the right moment")
    act = factories.activity(
        org,
        "Brahms 4",
        requirements=[(silence, 2, 0.9), (applause, 0, 0.1)],
    )
    Activity.objects.filter(pk=act.pk).update(description="Brahms's last symphony.")

    page = client.get(activity_url(act)).content.decode()

    assert "<h1>Brahms 4</h1>" in page
    assert "Brahms&#x27;s last symphony." in page
    assert "Symphony concert — you listen" in page
    assert "provider-led" not in page
    assert "Riverside Hall" in page
    assert "100 in all" in page and "100 places left" in page
    assert page.count('<details class="score">') == 2
    for practice in (silence, applause):
        assert practice.name in page
        assert practice.procedures in page
        assert practice.understandings in page
        assert practice.engagements in page
    assert page.count("<h3>How to act</h3>") == 2
    assert page.count("<h3>How to interpret</h3>") == 2
    assert page.count("<h3>Why it matters</h3>") == 2
    assert "For regulars and experts — the room expects this to be followed closely" in page
    assert "Newcomers welcome — relaxed about this" in page


def test_activity_without_practices_says_come_as_you_are(client, org):
    act = factories.activity(org)
    assert "come as you are" in client.get(activity_url(act)).content.decode()


def test_draft_activity_is_404(client, org):
    draft = factories.activity(org, status=Activity.Status.DRAFT)
    assert client.get(activity_url(draft)).status_code == 404


def test_another_organisations_activity_is_404(client, org, other_org):
    theirs = factories.activity(other_org)
    url = reverse("activity", kwargs={"org": org.slug, "pk": theirs.pk})
    assert client.get(url).status_code == 404


def test_unknown_activity_is_404(client, org):
    assert (
        client.get(reverse("activity", kwargs={"org": org.slug, "pk": 987654})).status_code == 404
    )


def test_cancelled_activity_has_a_banner_and_no_register_button(participant_client, org):
    act = factories.activity(org, status=Activity.Status.CANCELLED)
    page = participant_client.get(activity_url(act)).content.decode()
    assert "This activity has been cancelled." in page
    assert "Registration is closed because this activity has been cancelled." in page
    assert reverse("register", kwargs={"org": org.slug, "pk": act.pk}) not in page


def test_anonymous_visitor_is_invited_to_log_in_or_sign_up(client, org):
    act = factories.activity(org)
    page = client.get(activity_url(act)).content.decode()
    next_param = f"?next=/{org.slug}/activities/{act.pk}/"
    assert f'href="{reverse("login")}{next_param}"' in page
    assert f'href="{reverse("signup", kwargs={"org": org.slug})}{next_param}"' in page
    assert reverse("register", kwargs={"org": org.slug, "pk": act.pk}) not in page


def test_participant_sees_register_then_cancel(participant_client, org, participant):
    act = factories.activity(org)
    register_url = reverse("register", kwargs={"org": org.slug, "pk": act.pk})
    cancel_url = reverse("cancel_registration", kwargs={"org": org.slug, "pk": act.pk})

    page = participant_client.get(activity_url(act)).content.decode()
    assert f'action="{register_url}"' in page and ">Register</button>" in page
    assert "csrfmiddlewaretoken" in page

    services.register(participant, act.pk)
    page = participant_client.get(activity_url(act)).content.decode()
    assert "You’re registered" in page
    assert f'action="{cancel_url}"' in page and "Cancel my place" in page
    assert f'action="{register_url}"' not in page


def test_full_activity_explains_why_and_offers_no_button(participant_client, client, org):
    act = factories.activity(org, capacity=3, places_taken=3)
    for visitor in (participant_client, client):
        page = visitor.get(activity_url(act)).content.decode()
        assert "every place has been taken" in page
        assert reverse("register", kwargs={"org": org.slug, "pk": act.pk}) not in page


def test_past_activity_page_says_registration_is_closed(participant_client, org):
    act = factories.activity(org, days_ahead=-10)
    page = participant_client.get(activity_url(act)).content.decode()
    assert "already taken place" in page
    assert reverse("register", kwargs={"org": org.slug, "pk": act.pk}) not in page


# --- errors and login ----------------------------------------------------------------------


def test_unknown_address_renders_the_404_page(client, org):
    response = client.get(f"/{org.slug}/no/such/page/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert "404.html" in [t.name for t in response.templates]


def test_login_accepts_the_email_and_links_to_sign_up(client, org):
    factories.participant(org, username="sam@example.org")
    login_url = reverse("login")
    next_url = season_url(org)

    page = client.get(login_url, {"next": next_url}).content.decode()
    assert f"{reverse('signup', kwargs={'org': org.slug})}?next=%2F{org.slug}%2F" in page

    response = client.post(
        login_url,
        {"username": "sam@example.org", "password": factories.PASSWORD, "next": next_url},
    )
    assert response.status_code == 302 and response["Location"] == next_url


def test_activity_page_shows_the_zones_and_their_norms(client, org):
    from overture.season.models import Zone

    act = factories.activity(org, "Relaxed Peter and the Wolf")
    Zone.objects.create(
        activity=act, name="Relaxed area", capacity=60, norms="Moving and talking welcome."
    )
    page = client.get(act.get_absolute_url()).content.decode()
    assert "Relaxed area" in page and "Moving and talking welcome." in page


def test_a_participant_who_has_not_answered_the_questions_is_invited_to(client, org):
    sam = factories.participant(org)
    client.force_login(sam.user)
    assert "Answer the questions" in client.get(season_url(org)).content.decode()
    sam.assessed_at = timezone.now()
    sam.save()
    assert "Answer the questions" not in client.get(season_url(org)).content.decode()


def test_dates_are_written_and_shown_day_first(client, org):
    factories.activity(org, "In 3 days", days_ahead=3)
    factories.activity(org, "In 10 days", days_ahead=10)
    cutoff = timezone.localdate() + timedelta(days=5)
    british = cutoff.strftime("%d/%m/%Y")
    response = client.get(season_url(org, date_to=british))
    assert titles(response) == ["In 3 days"]
    assert f'value="{british}"' in response.content.decode()
    assert 'placeholder="dd/mm/yyyy"' in response.content.decode()
    # A shared link with an unambiguous ISO date still works.
    assert titles(client.get(season_url(org, date_to=cutoff.isoformat()))) == ["In 3 days"]


def test_a_date_in_american_order_is_refused_not_misread(client, org):
    factories.activity(org, "In 3 days", days_ahead=3)
    response = client.get(season_url(org, date_from="03/14/2027"))
    assert "“From” isn’t a date we understand (write it as 14/03/2027)" in (
        response.content.decode()
    )
    assert titles(response) == ["In 3 days"]
