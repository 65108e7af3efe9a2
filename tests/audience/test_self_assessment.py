"""The self-assessment: one plain question per practice, every one optional."""

from __future__ import annotations

from django.urls import reverse

from overture.audience.models import Competence, Participant
from tests import factories


def assessment_url(org) -> str:
    return reverse("self_assessment", kwargs={"org": org.slug})


def self_levels(participant) -> dict[str, int]:
    return dict(
        Competence.objects.filter(
            participant=participant, source=Competence.Source.SELF
        ).values_list("practice__name", "level")
    )


def test_anonymous_visitor_is_asked_to_log_in(client, org):
    response = client.get(assessment_url(org))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_one_fieldset_per_practice_with_plain_choices(participant_client, org):
    silence = factories.practice(org, "Listening in silence")
    factories.practice(org, "Singing in a choir")
    page = participant_client.get(assessment_url(org)).content.decode()
    assert page.count("<fieldset") == 2
    assert f"<legend>{silence.assessment_question}</legend>" in page
    assert silence.summary in page
    for words in (
        "Never",
        "Once or twice",
        "A few times — I know how it goes",
        "Often — I could show someone else",
    ):
        assert page.count(f"> {words}</label>") == 2


def test_answers_are_stored_and_prefilled_and_unanswered_store_nothing(
    participant_client, org, participant
):
    silence = factories.practice(org, "Listening in silence")
    singing = factories.practice(org, "Singing in a choir")
    factories.practice(org, "Playing along")

    response = participant_client.post(
        assessment_url(org), {f"practice_{silence.pk}": "3", f"practice_{singing.pk}": "0"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("season", kwargs={"org": org.slug})
    assert self_levels(participant) == {"Listening in silence": 3, "Singing in a choir": 0}
    participant.refresh_from_db()
    assert participant.assessed_at is not None

    form = participant_client.get(assessment_url(org)).context["form"]
    assert form[f"practice_{silence.pk}"].value() == 3
    assert form[f"practice_{singing.pk}"].value() == 0
    page = participant_client.get(assessment_url(org)).content.decode()
    assert f'value="3" id="id_practice_{silence.pk}_3" checked' in page

    participant_client.post(assessment_url(org), {f"practice_{silence.pk}": "2"})
    assert self_levels(participant) == {"Listening in silence": 2, "Singing in a choir": 0}


def test_observed_levels_are_left_alone(participant_client, org, participant):
    silence = factories.practice(org, "Listening in silence")
    factories.competence(participant, silence, 3, source=Competence.Source.OBSERVED)
    participant_client.post(assessment_url(org), {f"practice_{silence.pk}": "1"})
    observed = Competence.objects.get(source=Competence.Source.OBSERVED)
    assert observed.level == 3
    assert self_levels(participant) == {"Listening in silence": 1}


def test_out_of_range_answer_is_an_error_and_stores_nothing(participant_client, org, participant):
    silence = factories.practice(org, "Listening in silence")
    response = participant_client.post(assessment_url(org), {f"practice_{silence.pk}": "7"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Competence.objects.exists()


def test_staff_member_gets_a_participant_record_on_saving(staff_client, org, staff_user):
    silence = factories.practice(org, "Listening in silence")
    staff_client.post(assessment_url(org), {f"practice_{silence.pk}": "2"})
    participant = Participant.objects.get(user=staff_user, organisation=org)
    assert self_levels(participant) == {"Listening in silence": 2}


def test_other_organisations_practices_are_not_asked(participant_client, org, other_org):
    factories.practice(other_org, "Their practice")
    page = participant_client.get(assessment_url(org)).content.decode()
    assert "Their practice" not in page
    assert "There’s nothing to ask yet" in page
