"""What a survey asks: chosen statements, the organisation's own questions, locked once
answered; the preview, the link to copy, the exports' columns, and no "before" survey late."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from overture.insight import services, services_questions
from overture.insight.models import QuestionAnswer, Survey, SurveyQuestion, SurveyResponse
from tests import factories

_tokens = itertools.count(1)
AGE_BANDS = "Under 25\n25–44\n45–64\n65 and over"


@pytest.fixture
def concert(org):
    return factories.activity(org, "Brahms at dusk", days_ahead=-1)


@pytest.fixture
def survey(concert):
    return services.ensure_survey(concert)


def add(survey: Survey, kind: str, text: str, **extra) -> SurveyQuestion:
    return services_questions.save_question(survey, kind=kind, text=text, **extra)


def age(survey: Survey) -> SurveyQuestion:
    return add(survey, "choice", "Your age band", options=AGE_BANDS)


def likely(survey: Survey) -> SurveyQuestion:
    return add(
        survey, "scale", "How likely are you to come again?", low_label="Not at all",
        high_label="Very likely",
    )  # fmt: skip


def postcode(survey: Survey) -> SurveyQuestion:
    return add(survey, "text", "Your postcode district")


def submit(survey: Survey, own_answers=None, **extra):
    scores = {d.pk: 4 for d in services.active_dimensions(survey)}
    return services.submit_response(
        survey,
        participant=None,
        submission_token=f"token-{next(_tokens)}",
        scores=scores,
        consented=True,
        anonymous=True,
        own_answers=own_answers or {},
        **extra,
    )


def questions_url(survey: Survey) -> str:
    kwargs = {"org": survey.activity.organisation.slug, "pk": survey.activity_id}
    return reverse("staff_survey_questions", kwargs={**kwargs, "moment": survey.moment})


def survey_page_url(activity) -> str:
    kwargs = {"org": activity.organisation.slug, "pk": activity.pk}
    return reverse("staff_activity_survey", kwargs=kwargs)


def public_url(survey: Survey) -> str:
    kwargs = {"org": survey.activity.organisation.slug, "token": survey.token}
    return reverse("survey", kwargs=kwargs)


# ---- Statements ----


def test_a_survey_asks_every_active_statement_until_staff_choose_fewer(staff_client, survey):
    every = services.active_dimensions(survey)
    assert len(every) == 13
    chosen = [every[2], every[0]]
    response = staff_client.post(
        questions_url(survey), {"action": "statements", "statements": [d.pk for d in chosen]}
    )
    assert response.status_code == 302
    assert services.active_dimensions(survey) == [every[0], every[2]]  # in their own order
    html = staff_client.get(public_url(survey)).content.decode()
    assert every[0].statement in html and every[2].statement in html
    assert every[1].statement not in html
    staff_client.post(
        questions_url(survey), {"action": "statements", "statements": [d.pk for d in every]}
    )
    assert not survey.statements.exists()  # every one again: the default, new ones included


def test_choosing_no_statement_or_another_organisations_is_refused(staff_client, survey, other_org):
    response = staff_client.post(questions_url(survey), {"action": "statements"})
    assert "Choose at least one statement to ask." in response.content.decode()
    theirs = factories.activity(other_org, "Elsewhere", days_ahead=-1)
    foreign = services.active_dimensions(services.ensure_survey(theirs))[0]
    response = staff_client.post(
        questions_url(survey), {"action": "statements", "statements": [foreign.pk]}
    )
    assert "Choose from the statements listed." in response.content.decode()
    assert not survey.statements.exists()


# ---- Own questions: answers ----


@pytest.mark.parametrize(
    ("make", "value", "error"),
    [
        (age, "25–44", None),
        (age, "", None),
        (age, "Over 90", "“Your age band”: choose one of the answers given."),
        (likely, "5", None),
        (
            likely,
            "6",
            "“How likely are you to come again?”: choose from 1 (Not at all) to 5 (Very likely).",
        ),
        (
            likely,
            "two",
            "“How likely are you to come again?”: choose from 1 (Not at all) to 5 (Very likely).",
        ),
        (postcode, "M" * 300, None),
        (
            postcode,
            "M" * 301,
            "“Your postcode district”: please keep this answer to 300 characters (it has 301).",
        ),
    ],
)
def test_each_kind_of_own_question_takes_valid_answers_and_refuses_others_clearly(
    survey, make, value, error
):
    question = make(survey)
    if error is None:
        response, created = submit(survey, {question.pk: value})
        assert created
        kept = list(
            QuestionAnswer.objects.filter(response=response).values_list("value", flat=True)
        )
        assert kept == ([value] if value else [])
    else:
        with pytest.raises(services.ResponseRefused) as refused:
            submit(survey, {question.pk: value})
        assert refused.value.errors == {f"question_{question.pk}": error}
        assert not SurveyResponse.objects.exists()


def test_the_survey_page_asks_own_questions_in_order_and_keeps_the_answers(client, survey):
    code, band = postcode(survey), age(survey)
    band.position = 0
    band.save()
    page = client.get(public_url(survey)).content.decode()
    assert page.index("Your age band") < page.index("Your postcode district")
    assert "65 and over" in page
    data = {
        "submission_token": "abc123",
        "consented": "on",
        f"question_{band.pk}": "Over 90",
        f"question_{code.pk}": "LS6",
    }
    data.update({f"dimension_{d.pk}": "4" for d in services.active_dimensions(survey)})
    refused = client.post(public_url(survey), data).content.decode()
    assert "“Your age band”: choose one of the answers given." in refused
    assert not SurveyResponse.objects.exists()
    data[f"question_{band.pk}"] = "45–64"
    assert client.post(public_url(survey), data).status_code == 302
    answers = QuestionAnswer.objects.order_by("question__position")
    assert [(a.question.text, a.value) for a in answers] == [
        ("Your age band", "45–64"),
        ("Your postcode district", "LS6"),
    ]


def test_a_refused_choice_names_its_question_even_with_a_percent_sign(client, survey):
    question = add(survey, "choice", "Would 50% off bring you back?", options="Yes\nNo")
    data = {"submission_token": "abc123", "consented": "on", f"question_{question.pk}": "Maybe"}
    data.update({f"dimension_{d.pk}": "4" for d in services.active_dimensions(survey)})
    html = client.post(public_url(survey), data).content.decode()
    assert "“Would 50% off bring you back?”: choose one of the answers given." in html


def test_the_questions_page_reads_the_same_few_rows_however_many_questions(
    staff_client, survey, django_assert_num_queries
):
    age(survey)
    with django_assert_num_queries(12):
        assert "Your age" in staff_client.get(questions_url(survey)).content.decode()
    for _ in range(6):
        postcode(survey)
        likely(survey)
    with django_assert_num_queries(12):
        assert "Your postcode district" in staff_client.get(questions_url(survey)).content.decode()


# ---- Own questions: editing and the lock ----


def test_staff_add_edit_and_remove_own_questions(staff_client, survey):
    address = questions_url(survey)
    staff_client.post(
        address, {"action": "add", "new-text": "Your age band", "new-kind": "choice",
                  "new-options": AGE_BANDS},
    )  # fmt: skip
    staff_client.post(
        address, {"action": "add", "new-text": "How did you hear of us?", "new-kind": "text"}
    )
    first, second = services.own_questions(survey)
    assert (first.text, first.choices, first.position) == (
        "Your age band", ["Under 25", "25–44", "45–64", "65 and over"], 1,
    )  # fmt: skip
    assert (second.kind, second.position) == ("text", 2)
    staff_client.post(
        address,
        {"action": "edit", "question": second.pk, f"q{second.pk}-text": "Enjoyment",
         f"q{second.pk}-kind": "scale", f"q{second.pk}-low_label": "None",
         f"q{second.pk}-high_label": "Lots", f"q{second.pk}-position": "0"},
    )  # fmt: skip
    assert [(q.text, q.kind, q.low_label) for q in services.own_questions(survey)] == [
        ("Enjoyment", "scale", "None"),
        ("Your age band", "choice", ""),
    ]
    staff_client.post(address, {"action": "remove", "question": first.pk})
    assert [q.text for q in services.own_questions(survey)] == ["Enjoyment"]


def test_a_choice_needs_two_different_answers(staff_client, survey):
    address = questions_url(survey)
    one = {"action": "add", "new-text": "Your age band", "new-kind": "choice", "new-options": "x"}
    html = staff_client.post(address, one).content.decode()
    assert "A choice needs at least two answers, one a line." in html
    twice = {**one, "new-options": "Yes\nYes"}
    assert (
        "Each answer to choose from must differ."
        in staff_client.post(address, twice).content.decode()
    )
    no_kind = {**one, "new-kind": "poll"}
    assert "Select a valid choice." in staff_client.post(address, no_kind).content.decode()
    assert not SurveyQuestion.objects.exists()


def test_a_refused_edit_shows_its_error_and_keeps_the_question(staff_client, survey):
    question = age(survey)
    prefix = f"q{question.pk}"
    data = {"action": "edit", "question": question.pk, f"{prefix}-text": "Age",
            f"{prefix}-kind": "choice", f"{prefix}-options": "Young"}  # fmt: skip
    html = staff_client.post(questions_url(survey), data).content.decode()
    assert "A choice needs at least two answers, one a line." in html
    assert "<details open>" in html
    question.refresh_from_db()
    assert (question.text, len(question.choices)) == ("Your age band", 4)


def test_the_first_answer_locks_statements_and_questions_and_the_page_says_why(
    staff_client, survey
):
    question = age(survey)
    submit(survey, {question.pk: "Under 25"})
    with pytest.raises(services_questions.SurveyLocked):
        postcode(survey)
    with pytest.raises(services_questions.SurveyLocked):
        services_questions.choose_statements(survey, [])
    with pytest.raises(services_questions.SurveyLocked):
        services_questions.remove_question(question)
    address = questions_url(survey)
    response = staff_client.post(
        address, {"action": "add", "new-text": "Your postcode district", "new-kind": "text"},
        follow=True,
    )  # fmt: skip
    html = response.content.decode()
    assert "People have started answering this survey, so its statements and questions can no " \
        "longer change" in html  # fmt: skip
    assert "Add the question" not in html and "Remove" not in html
    asked = services.active_dimensions(survey)
    assert all(f"<li>{escape(d.statement)}</li>" in html for d in asked)  # listed, no form
    assert [q.text for q in services.own_questions(survey)] == ["Your age band"]


def test_questions_of_another_organisations_survey_are_not_found(client, survey, other_org):
    outsider = factories.staff(other_org, role="admin", username="otto")
    factories.log_in(client, outsider.username, factories.PASSWORD)
    other_url = questions_url(survey).replace("/riverside/", "/hilltop/")
    assert client.get(other_url).status_code == 404
    assert client.get(questions_url(survey)).status_code == 403


# ---- Staff survey page: preview, link, before ----


def test_the_preview_shows_the_participants_questions_disabled_and_records_nothing(
    staff_client, survey, concert
):
    age(survey)
    likely(survey)
    html = staff_client.get(survey_page_url(concert)).content.decode()
    preview = html[html.index('aria-label="Preview of the survey after the activity"') :]
    assert "Your age band" in preview and "65 and over" in preview
    assert "How likely are you to come again?" in preview and "5 Very likely" in preview
    assert services.active_dimensions(survey)[0].statement in preview
    assert 'name="preview-after-consented"' in preview
    assert preview.count(" disabled") >= 13 * 5 + 4 + 5
    assert "13 value statements and 2 questions of your own." in html
    assert not SurveyResponse.objects.exists()


def test_the_public_link_sits_in_a_read_only_field_with_a_copy_button(
    staff_client, survey, concert
):
    html = staff_client.get(survey_page_url(concert)).content.decode()
    link = f"http://testserver{public_url(survey)}"
    assert f'class="link-field" type="text" readonly value="{link}"' in html
    assert "Copy link" in html and 'aria-live="polite"' in html
    assert "insight/copy_link.js" in html


def test_a_before_survey_is_refused_once_the_activity_has_started(staff_client, org, concert):
    address = survey_page_url(concert)
    assert "this activity has already started" in staff_client.get(address).content.decode()
    response = staff_client.post(address, {"action": "create", "moment": "before"}, follow=True)
    assert "A survey before the activity can only be offered while it is still to come" in (
        response.content.decode()
    )
    assert not Survey.objects.filter(moment="before").exists()
    upcoming = factories.activity(org, "Elgar in spring", days_ahead=10)
    staff_client.post(survey_page_url(upcoming), {"action": "create", "moment": "before"})
    assert Survey.objects.filter(activity=upcoming, moment="before").exists()


# ---- Exports ----


def test_both_exports_have_a_column_per_own_question(staff_client, org, survey):
    band, chance, code = age(survey), likely(survey), postcode(survey)
    submit(survey, {band.pk: "25–44", chance.pk: "4", code.pk: "=SUM(A1)"})
    submit(survey, {chance.pk: "2"})
    csv_url = reverse("staff_insight_csv", kwargs={"org": org.slug})
    body = b"".join(staff_client.get(csv_url).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][-4:] == [
        "Themes", "Your age band", "How likely are you to come again?", "Your postcode district",
    ]  # fmt: skip
    assert [row[-3:] for row in rows[1:]] == [["25–44", "4", "'=SUM(A1)"], ["", "2", ""]]

    xlsx_url = reverse("staff_insight_xlsx", kwargs={"org": org.slug})
    book = load_workbook(io.BytesIO(staff_client.get(xlsx_url).content))
    sheet = [[c.value for c in row] for row in book["Responses"].iter_rows()]
    assert sheet[0][-3:] == [
        "Your age band",
        "How likely are you to come again?",
        "Your postcode district",
    ]
    assert [row[-3:] for row in sheet[1:]] == [["25–44", 4, "=SUM(A1)"], [None, 2, None]]


@pytest.mark.parametrize("chosen", ["²", "٣", "99999999999999999999", "abc", ""])
def test_an_odd_question_number_is_refused_in_words(staff_client, survey, chosen):
    add(survey, "text", "Your postcode district")
    response = staff_client.post(
        questions_url(survey), {"action": "remove", "question": chosen}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a question of this survey." in response.content.decode()
    assert [q.text for q in services.own_questions(survey)] == ["Your postcode district"]


def test_a_question_after_the_last_place_stays_in_range(survey):
    first = add(survey, "text", "Your postcode district")
    SurveyQuestion.objects.filter(pk=first.pk).update(position=32767)
    second = add(survey, "text", "How did you hear of us?")
    assert second.position == 32767
