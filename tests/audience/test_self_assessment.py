"""The self-assessment: short steps of questions in each practice's own words, all optional."""

from __future__ import annotations

import pytest
from django.urls import reverse

from overture.audience.assessment import split_into_steps
from overture.audience.models import Competence, Participant
from overture.season.models import Practice
from tests import factories

ANSWERS = {
    "answer_newcomer": "Not really",
    "answer_novice": "I follow what others do",
    "answer_regular": "Yes, usually",
    "answer_expert": "Yes, I could explain it to someone",
}


def assessment_url(org, step: int | None = None) -> str:
    url = reverse("self_assessment", kwargs={"org": org.slug})
    return f"{url}?step={step}" if step else url


def for_you_url(org) -> str:
    return reverse("for_you", kwargs={"org": org.slug})


def self_levels(participant) -> dict[str, int]:
    return dict(
        Competence.objects.filter(
            participant=participant, source=Competence.Source.SELF
        ).values_list("practice__name", "level")
    )


def field(practice: Practice) -> str:
    return f"practice_{practice.pk}"


def asked(response) -> list[str]:
    return [practice.name for practice in response.context["step"].practices]


@pytest.fixture
def logged_in(client, participant):
    assert factories.log_in(client, participant.user.username, factories.PASSWORD)
    return client


@pytest.fixture
def six(org) -> list[Practice]:
    """Six practices, most common first by their place in the self-assessment: two steps."""
    names = ["Finding your way", "Listening", "Clapping", "Chatting online", "Singing", "Reading"]
    practices = [factories.practice(org, name) for name in names]
    for order, practice in enumerate(practices):
        practice.assessment_order = 10 * (order + 1)
        practice.save()
    return practices


@pytest.mark.parametrize(
    ("count", "sizes"),
    [(0, []), (1, [1]), (4, [4]), (5, [3, 2]), (8, [4, 4]), (9, [3, 3, 3]), (14, [4, 4, 3, 3])],
)
def test_steps_hold_at_most_four_questions_as_evenly_as_can_be(count, sizes):
    steps = split_into_steps(list(range(count)))
    assert [len(step) for step in steps] == sizes
    assert [item for step in steps for item in step] == list(range(count))


def test_anonymous_visitor_is_asked_to_log_in(client, org):
    response = client.get(assessment_url(org))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_questions_come_by_place_in_the_self_assessment_then_by_name(logged_in, org):
    score = factories.practice(org, "Reading a vocal score")
    concert = factories.practice(org, "Going to a concert")
    applause = factories.practice(org, "Applauding")
    Practice.objects.filter(pk=score.pk).update(assessment_order=50)
    Practice.objects.filter(pk__in=[concert.pk, applause.pk]).update(assessment_order=10)
    response = logged_in.get(assessment_url(org))
    assert asked(response) == ["Applauding", "Going to a concert", "Reading a vocal score"]


def test_each_answer_is_the_practices_own_words_mapped_to_a_level(logged_in, org, participant):
    applause = factories.practice(org, "Applauding at the right moment")
    applause.assessment_question = "Do you know when to clap at a concert?"
    for name, words in ANSWERS.items():
        setattr(applause, name, words)
    applause.save()

    page = logged_in.get(assessment_url(org)).content.decode()

    assert "<legend>Do you know when to clap at a concert?</legend>" in page
    for level, (words, level_word) in enumerate(
        zip(ANSWERS.values(), ["Newcomer", "Beginner", "Regular", "Expert"], strict=True)
    ):
        assert (
            f'value="{level}" id="id_{field(applause)}_{level}"> {words} '
            f'<span class="meta">({level_word})</span></label>'
        ) in page
    assert (
        f'value="not-known" id="id_{field(applause)}_4"> I’d rather not say</label>' in page
    )  # nothing is chosen until the person chooses

    logged_in.post(assessment_url(org), {"step": "1", field(applause): "2"})
    assert self_levels(participant) == {"Applauding at the right moment": 2}


def test_a_practice_without_its_own_answers_gets_the_standard_words(logged_in, org):
    factories.practice(org, "Listening in silence")
    page = logged_in.get(assessment_url(org)).content.decode()
    for words in (
        "Not yet",
        "Once or twice",
        "A few times: I know how it goes",
        "Often: I could show someone else",
    ):
        assert f"> {words} <span" in page
    assert "Never" not in page


def test_progress_is_shown_as_step_n_of_m(logged_in, org, six):
    page = logged_in.get(assessment_url(org)).content.decode()
    assert "<strong>Step 1 of 2</strong>" in page
    assert '<progress max="2" value="1"' in page
    assert page.count("<fieldset") == 3
    assert "Save and continue" in page and "Skip this step" in page
    page = logged_in.get(assessment_url(org, step=2)).content.decode()
    assert "<strong>Step 2 of 2</strong>" in page
    assert "Save and finish" in page and "Skip this step and finish" in page
    assert "Back to step 1" in page


def test_leaving_after_step_one_and_coming_back_resumes_at_step_two(
    logged_in, org, participant, six
):
    finding, listening, clapping = six[:3]
    response = logged_in.post(
        assessment_url(org),
        {"step": "1", field(finding): "3", field(listening): "1", field(clapping): "0"},
    )
    assert response.status_code == 302
    assert response["Location"] == assessment_url(org, step=2)
    participant.refresh_from_db()
    assert participant.assessed_at is None  # not finished yet

    logged_in.get(for_you_url(org))  # goes elsewhere, then comes back
    response = logged_in.get(assessment_url(org))
    assert response.context["step"].number == 2
    assert asked(response) == ["Chatting online", "Singing", "Reading"]

    back = logged_in.get(assessment_url(org, step=1))
    assert back.context["form"][field(finding)].value() == 3
    assert back.context["form"][field(listening)].value() == 1
    assert f'value="3" id="id_{field(finding)}_3" checked' in back.content.decode()


def test_saving_a_step_keeps_the_answers_of_the_others(logged_in, org, participant, six):
    finding, clapping, singing = six[0], six[2], six[4]
    logged_in.post(assessment_url(org), {"step": "1", field(finding): "2", field(clapping): "1"})
    logged_in.post(assessment_url(org), {"step": "2", field(singing): "3"})
    assert self_levels(participant) == {"Finding your way": 2, "Clapping": 1, "Singing": 3}
    # Changing one answer of step 1 leaves step 2 alone.
    logged_in.post(assessment_url(org), {"step": "1", field(finding): "3", field(clapping): "1"})
    assert self_levels(participant) == {"Finding your way": 3, "Clapping": 1, "Singing": 3}


def test_a_skipped_question_stays_not_known(logged_in, org, participant, six):
    finding, listening, clapping = six[:3]
    logged_in.post(
        assessment_url(org), {"step": "1", field(finding): "2", field(listening): "not-known"}
    )
    assert self_levels(participant) == {"Finding your way": 2}
    assert not Competence.objects.filter(practice=listening).exists()
    assert not Competence.objects.filter(practice=clapping).exists()
    # Skipped questions are not asked again first: the next visit goes on with step 2.
    assert logged_in.get(assessment_url(org)).context["step"].number == 2


def test_rather_not_say_takes_back_an_earlier_answer(logged_in, org, participant, six):
    finding = six[0]
    logged_in.post(assessment_url(org), {"step": "1", field(finding): "2"})
    logged_in.post(assessment_url(org), {"step": "1", field(finding): "not-known"})
    assert self_levels(participant) == {}


def test_skipping_a_step_stores_nothing_and_keeps_what_was_there(logged_in, org, participant, six):
    finding = six[0]
    logged_in.post(assessment_url(org), {"step": "1", field(finding): "1"})
    response = logged_in.post(
        assessment_url(org), {"step": "1", "action": "skip", field(finding): "3"}
    )
    assert response["Location"] == assessment_url(org, step=2)
    assert self_levels(participant) == {"Finding your way": 1}


def test_the_last_step_marks_it_complete_and_lands_on_for_you(logged_in, org, participant, six):
    logged_in.post(assessment_url(org), {"step": "1", "action": "skip"})
    response = logged_in.post(assessment_url(org), {"step": "2", field(six[4]): "2"})
    assert response.status_code == 302 and response["Location"] == for_you_url(org)
    participant.refresh_from_db()
    assert participant.assessed_at is not None
    page = logged_in.get(for_you_url(org)).content.decode()
    assert "Thank you — we’ll use your answers" in page
    assert "We don’t know your experience yet" not in page


def test_skipping_the_last_step_also_finishes(logged_in, org, participant, six):
    response = logged_in.post(assessment_url(org), {"step": "2", "action": "skip"})
    assert response["Location"] == for_you_url(org)
    participant.refresh_from_db()
    assert participant.assessed_at is not None
    assert self_levels(participant) == {}


def test_finishing_goes_back_where_the_person_came_from(logged_in, org, six):
    season = reverse("season", kwargs={"org": org.slug})
    response = logged_in.post(assessment_url(org), {"step": "1", "next": season})
    assert response["Location"] == f"{assessment_url(org, step=2)}&next=%2F{org.slug}%2F"
    response = logged_in.post(assessment_url(org), {"step": "2", "next": season})
    assert response["Location"] == season


def test_after_finishing_with_everything_seen_a_visit_starts_at_step_one(logged_in, org, six):
    logged_in.post(assessment_url(org), {"step": "1", "action": "skip"})
    logged_in.post(assessment_url(org), {"step": "2", "action": "skip"})
    assert logged_in.get(assessment_url(org)).context["step"].number == 1


def test_everything_seen_but_never_finished_resumes_at_the_last_step(logged_in, org, six):
    logged_in.post(assessment_url(org), {"step": "1", "action": "skip"})
    logged_in.post(assessment_url(org), {"step": "2", field(six[5]): "1"})  # now finished...
    Participant.objects.update(assessed_at=None)  # ...as if the last step was never sent
    assert logged_in.get(assessment_url(org)).context["step"].number == 2


@pytest.mark.parametrize("step", ["0", "99", "two", "-1", "1" * 40])
def test_a_step_out_of_range_shows_a_real_step(logged_in, org, six, step):
    response = logged_in.get(f"{assessment_url(org)}?step={step}")
    assert response.status_code == 200
    assert response.context["step"].number in (1, 2)


def test_observed_levels_are_left_alone(logged_in, org, participant):
    silence = factories.practice(org, "Listening in silence")
    factories.competence(participant, silence, 3, source=Competence.Source.OBSERVED)
    logged_in.post(assessment_url(org), {"step": "1", field(silence): "1"})
    logged_in.post(assessment_url(org), {"step": "1", field(silence): "not-known"})
    observed = Competence.objects.get(source=Competence.Source.OBSERVED)
    assert observed.level == 3
    assert self_levels(participant) == {}


def test_out_of_range_answer_is_an_error_and_stores_nothing(logged_in, org, participant):
    silence = factories.practice(org, "Listening in silence")
    response = logged_in.post(assessment_url(org), {"step": "1", field(silence): "7"})
    assert response.status_code == 200
    assert response.context["form"].errors
    page = response.content.decode()
    assert "Choose one of the answers listed, or “I’d rather not say”." in page
    assert not Competence.objects.exists()
    participant.refresh_from_db()
    assert participant.assessed_at is None


def test_staff_member_gets_a_participant_record_on_saving(client, org, staff_user):
    assert factories.log_in(client, staff_user.username, factories.PASSWORD)
    silence = factories.practice(org, "Listening in silence")
    client.post(assessment_url(org), {"step": "1", field(silence): "2"})
    participant = Participant.objects.get(user=staff_user, organisation=org)
    assert self_levels(participant) == {"Listening in silence": 2}


def test_other_organisations_practices_are_not_asked(logged_in, org, other_org):
    factories.practice(other_org, "Their practice")
    page = logged_in.get(assessment_url(org)).content.decode()
    assert "Their practice" not in page
    assert "There’s nothing to ask yet" in page


def test_an_answer_for_another_organisations_practice_is_ignored(
    logged_in, org, other_org, participant
):
    ours = factories.practice(org, "Ours")
    theirs = factories.practice(other_org, "Theirs")
    logged_in.post(assessment_url(org), {"step": "1", field(ours): "1", field(theirs): "3"})
    assert self_levels(participant) == {"Ours": 1}
    assert not Competence.objects.filter(practice=theirs).exists()


def test_for_you_invites_to_carry_on_after_leaving_midway(logged_in, org, six):
    page = logged_in.get(for_you_url(org)).content.decode()
    assert "We don’t know your experience yet" in page
    logged_in.post(assessment_url(org), {"step": "1", field(six[0]): "2"})
    page = logged_in.get(for_you_url(org)).content.decode()
    assert "You’ve answered some of the questions about your experience." in page
    assert "Carry on with the questions" in page
    assert "We don’t know your experience yet" not in page
