"""Staff describe practices and their scores."""

from __future__ import annotations

from django.urls import reverse

from overture.season.models import Practice
from tests import factories
from tests.staff.helpers import practice_data


def test_a_new_practice_gets_its_address_from_the_name(staff_client, org):
    url = reverse("staff_practice_create", kwargs={"org": org.slug})
    response = staff_client.post(url, practice_data(name="Applauding at the end"), follow=True)
    practice = Practice.objects.get()
    assert (practice.organisation, practice.slug) == (org, "applauding-at-the-end")
    assert practice.procedures.startswith("Phones off")
    assert practice.default_strictness == 0.8
    assert "Created “Applauding at the end”." in [str(m) for m in response.context["messages"]]
    assert "Applauding at the end" in response.content.decode()


def test_an_address_is_unique_within_the_organisation(staff_client, org, other_org):
    for organisation in (org, other_org):
        practice = factories.practice(organisation, name="Listening")
        Practice.objects.filter(pk=practice.pk).update(slug="listening-in-silence")
    url = reverse("staff_practice_create", kwargs={"org": org.slug})

    response = staff_client.post(url, practice_data(name="Listening in silence"))
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "The address made from the name, “listening-in-silence”, is already used by another "
        "practice. Type a different address."
    ]
    response = staff_client.post(url, practice_data(name="Quiet", slug="listening-in-silence"))
    assert response.context["form"].errors["slug"] == [
        "Another practice already uses the address “listening-in-silence”. Choose a different one."
    ]
    assert Practice.objects.filter(organisation=org).count() == 1


def test_another_organisation_may_use_the_same_address(staff_client, org, other_org):
    factories.practice(other_org, name="Applauding")
    Practice.objects.filter(organisation=other_org).update(slug="applauding")
    url = reverse("staff_practice_create", kwargs={"org": org.slug})
    assert staff_client.post(url, practice_data(name="Applauding")).status_code == 302
    assert Practice.objects.filter(slug="applauding").count() == 2


def test_strictness_stays_between_0_and_1(staff_client, org):
    url = reverse("staff_practice_create", kwargs={"org": org.slug})
    response = staff_client.post(url, practice_data(default_strictness="1.5"))
    assert response.context["form"].errors["default_strictness"]
    assert 'value="Listening in silence"' in response.content.decode()
    assert not Practice.objects.exists()


def test_editing_keeps_its_own_address(staff_client, org, practice):
    url = reverse("staff_practice_edit", kwargs={"org": org.slug, "pk": practice.pk})
    data = practice_data(name="Listening closely", slug=practice.slug, summary="New summary")
    assert staff_client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert (practice.name, practice.summary) == ("Listening closely", "New summary")


def test_the_list_shows_practices_or_an_empty_state(staff_client, org):
    url = reverse("staff_practices", kwargs={"org": org.slug})
    assert "No practices yet" in staff_client.get(url).content.decode()
    factories.practice(org, name="Singing along")
    html = staff_client.get(url).content.decode()
    assert "Singing along" in html and "No practices yet" not in html


def test_staff_give_the_question_its_own_answers_and_its_place(staff_client, org, practice):
    url = reverse("staff_practice_edit", kwargs={"org": org.slug, "pk": practice.pk})
    page = staff_client.get(url).content.decode()
    assert "Answer meaning newcomer (level 0)" in page
    assert "“Not yet”, “Once or twice”" in page  # the standard words blank answers get
    data = practice_data(
        slug=practice.slug,
        assessment_question="Do you know when to clap at a concert?",
        answer_newcomer="Not really",
        answer_novice="I follow what others do",
        answer_regular="Yes, usually",
        answer_expert="Yes, I could explain it to someone",
        assessment_order="20",
    )
    assert staff_client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert (practice.answer_newcomer, practice.answer_expert) == (
        "Not really",
        "Yes, I could explain it to someone",
    )
    assert practice.assessment_order == 20
    # Left blank, the place stays where it was.
    assert staff_client.post(url, {**data, "assessment_order": ""}).status_code == 302
    practice.refresh_from_db()
    assert practice.assessment_order == 20


def test_bad_answers_and_places_are_explained(staff_client, org, practice):
    url = reverse("staff_practice_edit", kwargs={"org": org.slug, "pk": practice.pk})
    data = practice_data(
        slug=practice.slug,
        answer_novice="x" * 81,
        answer_regular="two\nlines",
        assessment_order="-1",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"answer_novice", "answer_regular", "assessment_order"}
    practice.refresh_from_db()
    assert practice.answer_novice == ""
