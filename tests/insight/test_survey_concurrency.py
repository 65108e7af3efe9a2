"""Many people sending their answers at the same moment, on PostgreSQL with real threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from overture.insight import services, services_questions
from overture.insight.models import Answer, SurveyResponse
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 40  # the database serves other clients too: 40 connections send 200 answers


def run_together(n: int, work, threads: int = THREADS) -> list[object]:
    """Run work(0..n-1) from `threads` threads released at the same moment; results or errors."""
    barrier = threading.Barrier(threads)
    results: list[object] = [None] * n

    def run(first: int) -> None:
        try:
            barrier.wait()
            for i in range(first, n, threads):
                try:
                    results[i] = work(i)
                except Exception as exc:  # every outcome is inspected by the test
                    results[i] = exc
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return results


def answers(survey, token: str):
    return services.submit_response(
        survey,
        participant=None,
        submission_token=token,
        scores={d.pk: 1 + d.pk % 5 for d in services.active_dimensions(survey)},
        worthwhile="Singing with everyone.",
        in_the_way="",
        consented=True,
        anonymous=True,
    )


def test_two_hundred_people_answering_at_once_are_all_kept_once():
    org = factories.organisation(slug="busy-night")
    survey = services.ensure_survey(factories.activity(org, days_ahead=-1))
    dimensions = len(services.active_dimensions(survey))

    results = run_together(200, lambda i: answers(survey, f"visitor-{i}"))

    assert all(isinstance(r, tuple) and r[1] for r in results), results
    assert SurveyResponse.objects.filter(survey=survey).count() == 200
    assert Answer.objects.filter(response__survey=survey).count() == 200 * dimensions


def test_one_form_sent_from_twenty_threads_is_kept_once():
    org = factories.organisation(slug="double-send")
    survey = services.ensure_survey(factories.activity(org, days_ahead=-1))

    results = run_together(20, lambda i: answers(survey, "same-form"), threads=20)

    assert not any(isinstance(r, Exception) for r in results), results
    assert len({r[0].pk for r in results}) == 1
    assert sum(r[1] for r in results) == 1
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert Answer.objects.count() == len(services.active_dimensions(survey))


def test_one_participant_answering_from_ten_threads_is_kept_once():
    org = factories.organisation(slug="eager")
    survey = services.ensure_survey(factories.activity(org, days_ahead=-1))
    sam = factories.participant(org)

    def as_sam(i: int):
        return services.submit_response(
            survey,
            participant=sam,
            submission_token=f"sam-{i}",
            scores={d.pk: 5 for d in services.active_dimensions(survey)},
            consented=True,
        )

    results = run_together(10, as_sam, threads=10)

    assert not any(isinstance(r, Exception) for r in results), results
    assert len({r[0].pk for r in results}) == 1
    assert SurveyResponse.objects.filter(survey=survey, participant=sam).count() == 1


def test_an_edit_and_the_first_answer_at_once_never_both_succeed():
    """Staff change a question's answers while someone answers it: one of them wins, cleanly."""
    org = factories.organisation(slug="edit-race")
    surveys = [
        services.ensure_survey(factories.activity(org, f"Evening {i}", days_ahead=-1))
        for i in range(10)
    ]
    questions = [
        services_questions.save_question(s, kind="choice", text="Been before?", options="Yes\nNo")
        for s in surveys
    ]

    def work(i: int):
        survey, question = surveys[i // 2], questions[i // 2]
        if i % 2:
            return services_questions.save_question(
                survey, kind="choice", text="Been before?", options="Ja\nNee", question=question
            )
        return services.submit_response(
            survey,
            participant=None,
            submission_token=f"edit-race-{i}",
            scores={d.pk: 3 for d in services.active_dimensions(survey)},
            consented=True,
            anonymous=True,
            own_answers={question.pk: "Yes"},
        )

    results = run_together(20, work, threads=20)
    for i in range(0, 20, 2):
        answered, edited = results[i], results[i + 1]
        if isinstance(edited, services_questions.SurveyLocked):
            assert isinstance(answered, tuple) and answered[1] is True, answered
        else:
            assert isinstance(answered, services.ResponseRefused), (answered, edited)
    answered_first = sum(
        isinstance(results[i + 1], services_questions.SurveyLocked) for i in range(0, 20, 2)
    )
    assert sum(question.answers.count() for question in questions) == answered_first
    for question in questions:
        question.refresh_from_db()
        for value in question.answers.values_list("value", flat=True):
            assert value in question.choices
