"""Dates and times in the active language's formats: British English by default."""

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import translation

from overture.organisations.dates import local_date
from tests import factories

# Saturday 13 March 2027, 19:30 in London (winter time, so UTC too).
EVENING = datetime(2027, 3, 13, 19, 30, tzinfo=UTC)


def test_british_english_puts_the_day_first_and_uses_the_24_hour_clock():
    assert local_date(EVENING, "LONG_DATETIME_STYLE") == "Saturday 13 March 2027, 19:30"
    assert local_date(EVENING, "WEEKDAY_DATETIME_STYLE") == "Sat 13 Mar 2027, 19:30"
    assert local_date(EVENING, "WEEKDAY_DATE_STYLE") == "Sat 13 Mar 2027"
    assert local_date(EVENING, "DATETIME_FORMAT") == "13 Mar 2027, 19:30"
    assert local_date(EVENING, "TIME_FORMAT") == "19:30"


def test_another_language_brings_its_own_words_and_borrows_the_british_styles():
    with translation.override("cy"):
        assert local_date(EVENING, "LONG_DATE_STYLE") == "Dydd Sadwrn 13 Mawrth 2027"


def test_the_activity_page_and_ticket_show_day_month_year(client, org, participant):
    activity = factories.activity(org, "Brahms at dusk")
    type(activity).objects.filter(pk=activity.pk).update(
        starts_at=EVENING, ends_at=datetime(2027, 3, 13, 21, 45, tzinfo=UTC)
    )
    page = client.get(reverse("activity", kwargs={"org": org.slug, "pk": activity.pk}))
    assert "Saturday 13 March 2027, 19:30</time>–<time" in page.content.decode()

    client.force_login(participant.user)
    client.post(reverse("register", kwargs={"org": org.slug, "pk": activity.pk}), {"places": 1})
    ticket = client.get(reverse("ticket", kwargs={"org": org.slug, "pk": activity.pk}))
    assert "Saturday 13 March 2027, 19:30 to 21:45" in ticket.content.decode()
