"""Taking a value-experience survey: by link without logging in, or in the app; once each."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from overture.audience.models import Competence, Registration
from overture.insight import services
from overture.insight.defaults import DEFAULT_DIMENSIONS, ensure_default_dimensions
from overture.insight.models import OPEN_TEXT_LIMIT, Answer, Survey, SurveyResponse, ValueDimension
from overture.insight.segments import (
    EXPERT,
    LEVEL_NOT_KNOWN,
    NEWCOMER_OR_NOVICE,
    REGULAR,
    is_first_time,
    key_practice_level,
    segment_of,
)
from overture.season.models import Activity
from tests import factories

_tokens = itertools.count(1)


def token() -> str:
    return f"token-{next(_tokens)}"


@pytest.fixture
def concert(org):
    return factories.activity(org, "Brahms at dusk", days_ahead=-1)


@pytest.fixture
def survey(concert):
    return services.ensure_survey(concert)


def all_agree(survey: Survey, score: int = 4) -> dict[int, int]:
    return {d.pk: score for d in services.active_dimensions(survey)}


def submit(survey: Survey, participant=None, **overrides):
    values = {
        "participant": participant,
        "submission_token": token(),
        "scores": all_agree(survey),
        "worthwhile": "The slow movement.",
        "in_the_way": "",
        "consented": True,
        "anonymous": participant is None,
    }
    values.update(overrides)
    return services.submit_response(survey, **values)


def survey_url(survey: Survey, name: str = "survey") -> str:
    org = survey.activity.organisation.slug
    return reverse(name, kwargs={"org": org, "token": survey.token})


def form_data(survey: Survey, client, **overrides) -> dict:
    """What the page's form sends: its own submission token, one answer per statement."""
    page = client.get(survey_url(survey))
    data = {"submission_token": page.context["form"]["submission_token"].value(), "consented": "on"}
    data.update({f"dimension_{pk}": str(score) for pk, score in all_agree(survey).items()})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# ---- The instrument ----


def test_a_new_organisation_starts_with_the_default_statements(org):
    dimensions = list(ValueDimension.objects.filter(organisation=org))
    assert len(dimensions) == len(DEFAULT_DIMENSIONS) == 13
    welcome = next(d for d in dimensions if d.key == "feeling-welcome")
    assert welcome.statement == "I felt welcome."
    assert ensure_default_dimensions(org) == 0  # idempotent
    assert ValueDimension.objects.filter(organisation=org).count() == 13


def test_an_organisation_may_reword_or_retire_a_statement(org, survey):
    ValueDimension.objects.filter(organisation=org, key="relaxation").update(active=False)
    ValueDimension.objects.filter(organisation=org, key="feeling-welcome").update(
        statement="I felt at home."
    )
    statements = [d.statement for d in services.active_dimensions(survey)]
    assert len(statements) == 12 and "I felt at home." in statements
    assert ensure_default_dimensions(org) == 0
    assert ValueDimension.objects.get(organisation=org, key="feeling-welcome").active


def test_a_survey_after_opens_at_the_start_and_closes_two_weeks_after_the_end(concert):
    after = services.ensure_survey(concert)
    assert after.opens_at == concert.starts_at
    assert after.closes_at == concert.ends_at + timedelta(days=14)
    assert services.ensure_survey(concert) == after


def test_a_survey_before_opens_a_week_ahead_and_only_while_the_activity_is_to_come(org, concert):
    upcoming = factories.activity(org, "Elgar in spring", days_ahead=10)
    before = services.ensure_survey(upcoming, "before")
    assert before.opens_at == upcoming.starts_at - timedelta(days=7)
    assert before.closes_at == upcoming.ends_at + timedelta(days=14)
    with pytest.raises(services.BeforeSurveyRefused, match="already started"):
        services.ensure_survey(concert, "before")
    assert not Survey.objects.filter(activity=concert, moment="before").exists()


# ---- Segments ----


def test_segments_keep_a_level_not_known_apart_from_newcomers_and_novices():
    assert [segment_of(level) for level in (-1, 0, 1, 2, 3)] == [
        LEVEL_NOT_KNOWN,
        NEWCOMER_OR_NOVICE,
        NEWCOMER_OR_NOVICE,
        REGULAR,
        EXPERT,
    ]


def test_level_in_the_key_practice_is_observed_else_self_assessed(org, participant):
    singing, listening = factories.practice(org), factories.practice(org)
    act = factories.activity(org, requirements=[(singing, 1, 0.9), (listening, 0, 0.2)])
    assert key_practice_level(participant, act) == -1
    factories.competence(participant, singing, 1)
    factories.competence(participant, listening, 3)
    assert key_practice_level(participant, act) == 1
    factories.competence(participant, singing, 2, Competence.Source.OBSERVED)
    assert key_practice_level(participant, act) == 2


def test_first_time_means_no_earlier_confirmed_place(org, participant):
    earlier = factories.activity(org, days_ahead=-20)
    later = factories.activity(org, days_ahead=-2)
    Registration.objects.create(participant=participant, activity=later)
    assert is_first_time(participant, later)
    Registration.objects.create(participant=participant, activity=earlier)
    assert not is_first_time(participant, later)
    assert is_first_time(participant, earlier)


# ---- Submitting ----


def test_a_response_keeps_one_answer_per_statement(survey):
    response, created = submit(survey)
    assert created and response.participant is None
    assert response.answers.count() == 13
    assert response.level == -1 and response.first_time is None


def test_sending_the_same_form_twice_keeps_one_response(survey):
    same = token()
    first, created = submit(survey, submission_token=same)
    again, created_again = submit(
        survey, submission_token=same, scores=all_agree(survey, 1), worthwhile="Changed"
    )
    assert created and not created_again and again.pk == first.pk
    assert SurveyResponse.objects.count() == 1
    assert set(Answer.objects.values_list("score", flat=True)) == {4}


def test_a_participant_answers_once_per_survey_with_their_level_recorded(participant, org):
    singing = factories.practice(org)
    factories.competence(participant, singing, 3, Competence.Source.OBSERVED)
    choir = factories.activity(org, days_ahead=-1, requirements=[(singing, 1, 0.8)])
    survey = services.ensure_survey(choir)
    first, _ = submit(survey, participant)
    again, created = submit(survey, participant)
    assert not created and again.pk == first.pk
    assert first.participant == participant and first.first_time is True
    assert first.level == 3
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_a_logged_in_participant_may_answer_anonymously_and_keeps_their_level_group(
    participant, org
):
    singing = factories.practice(org)
    factories.competence(participant, singing, 3, Competence.Source.OBSERVED)
    choir = factories.activity(org, days_ahead=-1, requirements=[(singing, 1, 0.8)])
    survey = services.ensure_survey(choir)
    response, _ = submit(survey, participant, anonymous=True, first_time=False)
    assert response.participant is None
    assert response.level == 3 and segment_of(response.level) == EXPERT
    assert response.first_time is True  # what we know of them, not what the form said
    assert response.respondent and participant.user.username not in response.respondent


@pytest.mark.parametrize("second_anonymous", [True, False])
def test_answering_anonymously_does_not_let_a_person_answer_twice(
    survey, participant, second_anonymous
):
    first, created = submit(survey, participant, anonymous=True)
    again, created_again = submit(
        survey, participant, anonymous=second_anonymous, scores=all_agree(survey, 1)
    )
    assert created and not created_again and again.pk == first.pk
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert set(Answer.objects.values_list("score", flat=True)) == {4}


def test_the_database_keeps_one_response_per_respondent(survey, participant):
    first, _ = submit(survey, participant, anonymous=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            survey=survey, respondent=first.respondent, submission_token=token()
        )
    submit(survey)
    submit(survey)  # visitors who are not logged in have no respondent and may each answer
    assert SurveyResponse.objects.filter(survey=survey, respondent="").count() == 2


def test_a_cancelled_activity_takes_no_answers(survey, concert):
    Activity.objects.filter(pk=concert.pk).update(status=Activity.Status.CANCELLED)
    survey.refresh_from_db()
    with pytest.raises(services.SurveyClosed, match="This activity was cancelled"):
        submit(survey)
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"score": 6}, "dimension"),
        ({"score": 0}, "dimension"),
        ({"missing": True}, "dimension"),
        ({"worthwhile": "x" * (OPEN_TEXT_LIMIT + 1)}, "worthwhile"),
        ({"consented": False}, "consented"),
    ],
)
def test_bad_answers_are_refused_clearly_and_nothing_is_saved(survey, change, field):
    scores = all_agree(survey)
    first = next(iter(scores))
    if "score" in change:
        scores[first] = change["score"]
    if change.get("missing"):
        del scores[first]
    overrides = {k: v for k, v in change.items() if k in ("worthwhile", "consented")}
    with pytest.raises(services.ResponseRefused) as refused:
        submit(survey, scores=scores, **overrides)
    messages = [m for key, m in refused.value.errors.items() if key.startswith(field)]
    assert messages and all(m.endswith((".", "”")) for m in messages)
    assert not SurveyResponse.objects.exists() and not Answer.objects.exists()


def test_a_closed_survey_says_so_and_saves_nothing(survey):
    services.update_window(
        survey, timezone.now() - timedelta(days=30), timezone.now() - timedelta(days=1)
    )
    with pytest.raises(services.SurveyClosed, match="closed on"):
        submit(survey)
    services.update_window(
        survey, timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=30)
    )
    with pytest.raises(services.SurveyClosed, match="not open yet"):
        submit(survey)
    assert not SurveyResponse.objects.exists()


# ---- The public page ----


def test_a_visitor_answers_without_logging_in_and_is_thanked(client, survey):
    page = client.get(survey_url(survey))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Brahms at dusk" in html and survey.consent_text in html
    assert html.count("<legend>") >= 14 and html.count("Strongly disagree") == 13
    answer = client.post(survey_url(survey), form_data(survey, client, first_time="yes"))
    assert answer.status_code == 302 and answer["Location"] == survey_url(survey, "survey_thanks")
    response = SurveyResponse.objects.get()
    assert response.participant is None and response.first_time is True
    assert "Thank you" in client.get(answer["Location"]).content.decode()


def test_the_page_lists_what_to_correct_and_keeps_nothing(client, survey):
    first = services.active_dimensions(survey)[0]
    data = form_data(
        survey,
        client,
        consented=None,
        worthwhile="y" * (OPEN_TEXT_LIMIT + 5),
        **{f"dimension_{first.pk}": "9"},
    )
    page = client.post(survey_url(survey), data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nothing was saved yet" in html
    assert "Please tick the box" in html
    assert f"keep this answer to {OPEN_TEXT_LIMIT} characters" in html
    assert "choose from 1 (strongly disagree) to 5" in html
    assert not SurveyResponse.objects.exists()


def test_the_error_summary_links_to_each_control_and_takes_focus(client, survey):
    first = services.active_dimensions(survey)[0]
    data = form_data(survey, client, consented=None, **{f"dimension_{first.pk}": None})
    html = client.post(survey_url(survey), data).content.decode()
    assert 'tabindex="-1" id="error-summary" data-focus-on-load' in html
    assert f'href="#id_dimension_{first.pk}_0"' in html
    assert 'href="#id_consented"' in html
    radio = re.search(rf'<input[^>]*id="id_dimension_{first.pk}_0"[^>]*>', html).group()
    consent = re.search(r'<input[^>]*id="id_consented"[^>]*>', html).group()
    assert 'aria-invalid="true"' in radio and 'aria-invalid="true"' in consent
    fine = re.search(r'<input[^>]*id="id_first_time_0"[^>]*>', html).group()
    assert "aria-invalid" not in fine


def test_a_cancelled_activity_page_says_so(client, survey, concert):
    data = form_data(survey, client)
    Activity.objects.filter(pk=concert.pk).update(status=Activity.Status.CANCELLED)
    html = client.get(survey_url(survey)).content.decode()
    assert "This activity was cancelled" in html and "Send my answers" not in html
    assert "This activity was cancelled" in client.post(survey_url(survey), data).content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_named_only_survey_asks_visitors_to_log_in_first(client, survey):
    Survey.objects.filter(pk=survey.pk).update(allow_anonymous=False)
    html = client.get(survey_url(survey)).content.decode()
    assert "Log in to answer" in html and "Send my answers" not in html
    assert f"{reverse('login')}?next={quote(survey_url(survey))}" in html
    data = {"submission_token": token(), "consented": "on"}
    data.update({f"dimension_{pk}": "4" for pk in all_agree(survey)})
    assert "Log in to answer" in client.post(survey_url(survey), data).content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_page_says_when_it_closed(client, survey):
    services.update_window(
        survey, timezone.now() - timedelta(days=30), timezone.now() - timedelta(days=1)
    )
    html = client.get(survey_url(survey)).content.decode()
    assert "This survey closed on" in html
    html = client.post(survey_url(survey), {"consented": "on"}).content.decode()
    assert "This survey closed on" in html and not SurveyResponse.objects.exists()


def test_a_logged_in_participant_answers_as_themselves_once(participant_client, survey):
    participant_client.post(survey_url(survey), form_data(survey, participant_client))
    response = SurveyResponse.objects.get()
    assert response.participant.user.username == "sam"
    again = participant_client.get(survey_url(survey))
    assert again.status_code == 302 and "already" in again["Location"]


def test_a_participant_who_answered_anonymously_is_told_they_already_answered(
    participant_client, survey
):
    first = participant_client.post(
        survey_url(survey), form_data(survey, participant_client, anonymous="on")
    )
    assert first["Location"] == survey_url(survey, "survey_thanks")
    assert SurveyResponse.objects.get().participant is None
    again = participant_client.get(survey_url(survey))
    assert again.status_code == 302 and again["Location"].endswith("?already=1")
    page = participant_client.get(again["Location"]).content.decode()
    assert "You have already told us" in page
    assert SurveyResponse.objects.count() == 1


def test_a_survey_of_another_organisation_is_not_found(client, survey, other_org):
    address = reverse("survey", kwargs={"org": other_org.slug, "token": survey.token})
    assert client.get(address).status_code == 404


def test_the_qr_code_is_an_svg_of_the_absolute_link(client, survey):
    answer = client.get(survey_url(survey, "survey_qr"))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/svg+xml"
    svg = answer.content.decode()
    assert svg.startswith("<svg") and "<title>QR code of the survey" in svg
    assert f"http://testserver{survey_url(survey)}" in svg


# ---- My activities ----


def test_my_activities_asks_about_past_activities_once_in_one_query(
    participant_client, org, participant
):
    address = reverse("my_activities", kwargs={"org": org.slug})

    def went_to(count: int) -> list[Activity]:
        acts = [factories.activity(org, days_ahead=-1 - i) for i in range(count)]
        for act in acts:
            Registration.objects.create(participant=participant, activity=act)
            services.ensure_survey(act)
        return acts

    went_to(1)
    with CaptureQueriesContext(connection) as one:
        participant_client.get(address)
    acts = went_to(4)
    with CaptureQueriesContext(connection) as five:
        html = participant_client.get(address).content.decode()
    assert len(five) == len(one)
    assert html.count("Tell us what it was worth") == 5
    answered = Survey.objects.get(activity=acts[0])
    submit(answered, participant)
    html = participant_client.get(address).content.decode()
    assert html.count("Tell us what it was worth") == 4
    answered_anonymously = Survey.objects.get(activity=acts[1])
    submit(answered_anonymously, participant, anonymous=True)
    html = participant_client.get(address).content.decode()
    assert html.count("Tell us what it was worth") == 3


# ---- Staff ----


def test_staff_create_a_survey_and_see_its_link_and_qr_code(staff_client, org, concert):
    address = reverse("staff_activity_survey", kwargs={"org": org.slug, "pk": concert.pk})
    assert "Create the survey" in staff_client.get(address).content.decode()
    staff_client.post(address, {"action": "create", "moment": "after"})
    survey = Survey.objects.get(activity=concert)
    submit(survey)
    html = staff_client.get(address).content.decode()
    assert survey_url(survey) in html and "<svg" in html
    assert "Responses so far: <strong>1</strong>" in html


def test_staff_change_the_dates_and_bad_dates_are_refused(staff_client, org, survey):
    address = reverse("staff_activity_survey", kwargs={"org": org.slug, "pk": survey.activity_id})
    page = staff_client.post(
        address,
        {
            "action": "dates",
            "moment": "after",
            "after-opens_at": "2030-01-02T10:00",
            "after-closes_at": "2030-01-01T10:00",
        },
    )
    assert "must close after it opens" in page.content.decode()
    unchanged = (survey.opens_at, survey.closes_at)
    survey.refresh_from_db()
    assert (survey.opens_at, survey.closes_at) == unchanged
    staff_client.post(
        address,
        {
            "action": "dates",
            "moment": "after",
            "after-opens_at": "2030-01-01T10:00",
            "after-closes_at": "2030-01-20T10:00",
        },
    )
    survey.refresh_from_db()
    opens, closes = timezone.localtime(survey.opens_at), timezone.localtime(survey.closes_at)
    assert (opens.date(), opens.hour) == (date(2030, 1, 1), 10)
    assert (closes.date(), closes.hour) == (date(2030, 1, 20), 10)


def test_the_survey_staff_page_is_for_staff_only(client, org, survey, participant, other_org):
    address = reverse("staff_activity_survey", kwargs={"org": org.slug, "pk": survey.activity_id})
    assert client.get(address).status_code == 302
    client.force_login(participant.user)
    assert client.get(address).status_code == 403
    client.force_login(factories.staff(other_org))
    assert client.get(address).status_code == 403


def test_being_quoted_is_asked_apart_and_never_assumed(client, survey):
    page = client.get(survey_url(survey)).content.decode()
    assert "You may quote what I wrote, without my name" in page
    client.post(survey_url(survey), form_data(survey, client, may_quote="on"))
    client.post(survey_url(survey), form_data(survey, client))
    quoted, silent = SurveyResponse.objects.order_by("pk")
    assert (quoted.consented, quoted.may_quote) == (True, True)
    assert (silent.consented, silent.may_quote) == (True, False)
