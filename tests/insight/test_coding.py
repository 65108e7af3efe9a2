"""Coding open answers: suggestions, staff review, retraining and the review page."""

from __future__ import annotations

import itertools
from datetime import timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from overture.engines.text_coding import TextCodingError
from overture.insight import coding
from overture.insight.models import CodingModel, Survey, SurveyResponse, TextCode
from overture.organisations.models import Membership
from tests import factories

CONFLICT = "variable:heterogeneity-conflict"
CONNECTION = "value:connection-with-others"
WELCOME = "value:feeling-welcome"
ACCESS = "variable:participation-access"
RELAXATION = "value:relaxation"
SUGGESTED, ACCEPTED, REJECTED, ADDED = (
    TextCode.Status.SUGGESTED,
    TextCode.Status.ACCEPTED,
    TextCode.Status.REJECTED,
    TextCode.Status.ADDED,
)
_tokens = itertools.count(1)


@pytest.fixture
def applauding(org):
    practice = factories.practice(org, "Applauding")
    practice.slug = "applauding"
    practice.save(update_fields=["slug"])
    return practice


@pytest.fixture
def survey(org, applauding):
    activity = factories.activity(org, "Brahms at Riverside", days_ahead=-3)
    now = timezone.now()
    return Survey.objects.create(
        activity=activity, opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=7)
    )


def answer(survey: Survey, in_the_way: str = "", worthwhile: str = "") -> SurveyResponse:
    return SurveyResponse.objects.create(
        survey=survey,
        submission_token=f"token-{next(_tokens)}",
        worthwhile=worthwhile,
        in_the_way=in_the_way,
        consented=True,
    )


def codes_of(response: SurveyResponse, field: str = "in_the_way") -> dict[str, str]:
    return dict(response.codes.filter(field=field).values_list("code", "status"))


# Suggesting codes.


def test_shushing_is_suggested_as_heterogeneity_conflict(survey):
    shushed = answer(survey, "People kept shushing me when I clapped")
    assert coding.code_responses([shushed]) == 1
    suggested = codes_of(shushed)
    assert CONFLICT in suggested and len(suggested) == 3
    assert set(suggested.values()) == {SUGGESTED}
    assert codes_of(shushed, "worthwhile") == {}  # a blank answer gets no code
    assert CodingModel.objects.filter(organisation=survey.activity.organisation).count() == 1


def test_coding_again_adds_nothing_and_leaves_reviewed_answers_alone(survey, staff_user):
    shushed = answer(survey, "People kept shushing me when I clapped", "The soloist was superb")
    coding.code_responses([shushed])
    coding.review(shushed, "in_the_way", {CONFLICT}, staff_user)
    before = list(TextCode.objects.order_by("pk").values_list("pk", "code", "status"))
    coding.code_responses([shushed])
    assert list(TextCode.objects.order_by("pk").values_list("pk", "code", "status")) == before


# Reviewing.


def test_review_accepts_rejects_and_adds_exactly_as_asked_and_is_idempotent(survey, staff_user):
    shushed = answer(survey, "People kept shushing me when I clapped")
    coding.code_responses([shushed])
    kept, *dropped = sorted(codes_of(shushed))
    asked = {kept, "practice:applauding", ACCESS} - set(dropped)
    result = coding.review(shushed, "in_the_way", asked, staff_user)
    expected = {kept: ACCEPTED, **dict.fromkeys(dropped, REJECTED)}
    expected.update({code: ADDED for code in asked - {kept}})
    assert codes_of(shushed) == expected
    assert (result.accepted, result.rejected) == (1, len(dropped))
    assert result.added == len(asked - {kept})
    assert not shushed.codes.filter(reviewed_by__isnull=True).exists()

    again = coding.review(shushed, "in_the_way", asked, staff_user)
    assert (again.accepted, again.rejected, again.added) == (0, 0, 0)
    assert codes_of(shushed) == expected


def test_review_refuses_codes_outside_the_code_book(survey, staff_user):
    shushed = answer(survey, "People kept shushing me")
    coding.code_responses([shushed])
    with pytest.raises(coding.CodingRefused, match="value:nostalgia"):
        coding.review(shushed, "in_the_way", {"value:nostalgia"}, staff_user)
    with pytest.raises(coding.CodingRefused, match="empty"):
        coding.review(shushed, "worthwhile", {CONFLICT}, staff_user)
    assert set(codes_of(shushed).values()) == {SUGGESTED}


def test_codes_shown_as_suggestions_stay_the_models_after_retraining_replaced_them(
    survey, staff_client
):
    org = survey.activity.organisation
    shushed = answer(survey, "People kept shushing me when I clapped")
    coding.code_responses([shushed])
    shown = sorted(codes_of(shushed))
    assert (
        f'name="suggested" value="{CONFLICT}"' in staff_client.get(review_url(org)).content.decode()
    )
    kept, *dropped = shown
    # A retraining between showing the page and saving it made other suggestions.
    shushed.codes.all().delete()
    TextCode.objects.create(response=shushed, field="in_the_way", code=ACCESS, confidence=0.2)
    staff_client.post(
        reverse("staff_insight_code", kwargs={"org": org.slug, "response": shushed.pk}),
        {"field": "in_the_way", "codes": [kept, RELAXATION], "suggested": shown},
    )
    expected = {kept: ACCEPTED, **dict.fromkeys(dropped, REJECTED), ACCESS: REJECTED}
    assert codes_of(shushed) == {**expected, RELAXATION: ADDED}


# Retraining.


def constructed_reviews(seed: int = 0) -> list[tuple[str, set[str]]]:
    """Answers where seed words mislead ("talking", "noisy") or miss ("sighed")."""
    rng = np.random.default_rng(seed)

    def pick(*options: str) -> str:
        return options[int(rng.integers(len(options)))]

    reviews = []
    for _ in range(12):
        reviews += [
            (
                f"we were talking about the {pick('piece', 'symphony', 'ending', 'soloist')} "
                f"{pick('all the way home', 'over dinner', 'for days', 'with friends')}",
                {CONNECTION},
            ),
            (
                f"a {pick('noisy', 'lively', 'loud')} and joyful family concert, "
                f"{pick('perfect for the kids', 'just right for us', 'great fun')}",
                {WELCOME},
            ),
            (
                f"the {pick('man', 'woman', 'couple')} {pick('behind us', 'next to me')} "
                f"{pick('sighed', 'huffed', 'tsked')} every time {pick('we', 'I')} "
                f"{pick('moved', 'whispered', 'turned a page')}",
                {CONFLICT},
            ),
            (
                f"{pick('people', 'someone', 'a regular')} kept {pick('shushing', 'glaring at')} "
                f"{pick('us', 'me')} when we clapped",
                {CONFLICT, "practice:applauding"},
            ),
            (pick("parking was easy", "the bar was quick", "nothing to add", "all fine"), set()),
        ]
    return reviews


def reviewed_set(survey: Survey, user) -> list[SurveyResponse]:
    reviews = constructed_reviews()
    responses = [answer(survey, text) for text, _ in reviews]
    coding.code_responses(responses)
    for response, (_, codes) in zip(responses, reviews, strict=True):
        coding.review(response, "in_the_way", codes, user)
    return responses


def test_retraining_raises_held_out_agreement_above_the_seed_words(
    survey, staff_user, staff_client
):
    org = survey.activity.organisation
    reviewed_set(survey, staff_user)
    model = coding.retrain(org, staff_user)
    assert model.trained_on == 60 and model.held_out == 15
    assert model.kappa > model.seeds_kappa + 0.2, (model.kappa, model.seeds_kappa)
    assert model.kappa >= 0.7, (model.kappa, model.seeds_kappa)

    sighed = answer(survey, "the woman behind us sighed every time I moved")
    coding.code_responses([sighed])
    assert max(sighed.codes.all(), key=lambda code: code.confidence).code == CONFLICT

    page = staff_client.get(reverse("staff_insight_review", kwargs={"org": org.slug}))
    assert (
        f"Model and staff agree: kappa {model.kappa:.2f} on 15 held-out answers "
        f"(seed words alone: {model.seeds_kappa:.2f})"
    ) in page.content.decode()
    assert "60 answers reviewed" in page.content.decode()

    tamper(model)  # a stored coder that cannot be trusted is trained again on the reviews
    coding.current_coder(org)
    newest = CodingModel.objects.filter(organisation=org).first()
    assert newest.pk != model.pk and newest.trained_on == 60


def test_a_retraining_that_fails_to_suggest_again_keeps_the_old_suggestions(
    survey, staff_user, monkeypatch
):
    org = survey.activity.organisation
    reviewed_set(survey, staff_user)
    waiting = answer(survey, "the man next to me hummed along all evening")
    coding.code_responses([waiting])
    before = codes_of(waiting)
    assert len(before) == 3 and set(before.values()) == {SUGGESTED}

    def out_of_disk(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(coding, "_code_group", out_of_disk)
    with pytest.raises(OSError):
        coding.retrain(org, staff_user)
    assert codes_of(waiting) == before
    assert TextCode.objects.filter(status=ACCEPTED).exists()  # the reviews are untouched

    monkeypatch.undo()
    coding.retrain(org, staff_user)
    assert len(codes_of(waiting)) == 3 and set(codes_of(waiting).values()) == {SUGGESTED}


def test_retraining_is_refused_with_few_reviewed_answers(survey, staff_user, staff_client):
    org = survey.activity.organisation
    shushed = answer(survey, "People kept shushing me")
    coding.code_responses([shushed])
    coding.review(shushed, "in_the_way", {CONFLICT}, staff_user)
    with pytest.raises(coding.CodingRefused, match=r"at least 20 answers.*1 reviewed"):
        coding.retrain(org, staff_user)
    page = staff_client.post(
        reverse("staff_insight_retrain", kwargs={"org": org.slug}), follow=True
    )
    assert "Review at least 20 answers before retraining" in page.content.decode()


# The stored coder.


def tamper(stored: CodingModel) -> None:
    data = bytearray(bytes(CodingModel.objects.get(pk=stored.pk).data))
    data[-10] ^= 0xFF
    stored.data = bytes(data)
    stored.save(update_fields=["data"])


def test_a_saved_and_loaded_coder_gives_identical_codes(survey):
    org = survey.activity.organisation
    texts = ["People kept shushing me when I clapped", "A buddy explained when to clap"]
    first = coding.current_coder(org)
    loaded = coding.current_coder(org)
    assert CodingModel.objects.filter(organisation=org).count() == 1
    assert loaded is not first
    assert loaded.predict(texts, threshold=0, top=5) == first.predict(texts, threshold=0, top=5)


def test_tampered_model_bytes_are_refused_and_a_fresh_coder_bootstrapped(survey):
    org = survey.activity.organisation
    coding.current_coder(org)
    stored = CodingModel.objects.get(organisation=org)
    tamper(stored)
    with pytest.raises(TextCodingError, match="signature"):
        coding.load_coder(stored)

    coder = coding.current_coder(org)
    assert CodingModel.objects.filter(organisation=org).count() == 2
    best = coder.predict(["People kept shushing me"], threshold=0, top=1)[0][0]
    assert best.code == CONFLICT


def test_a_new_practice_means_a_new_coder(survey):
    org = survey.activity.organisation
    coding.current_coder(org)
    factories.practice(org, "Singing along")
    coder = coding.current_coder(org)
    assert any(code.startswith("practice:practice-") for code in coder.codes)
    assert CodingModel.objects.filter(organisation=org).count() == 2


# The review page.


def review_url(org) -> str:
    return reverse("staff_insight_review", kwargs={"org": org.slug})


def test_staff_review_an_answer_on_the_page_without_javascript(survey, staff_client):
    org = survey.activity.organisation
    shushed = answer(survey, "People kept shushing me when I clapped")
    other = answer(survey, worthwhile="The soloist was superb")
    coding.code_responses([shushed, other])
    page = staff_client.get(review_url(org))
    html = page.content.decode()
    assert page.status_code == 200
    assert "People kept shushing me when I clapped" in html and "Brahms at Riverside" in html
    assert html.index("People kept shushing") < html.index("The soloist was superb")
    assert f'value="{CONFLICT}" checked' in html
    assert RELAXATION not in codes_of(shushed)

    saved = staff_client.post(
        reverse("staff_insight_code", kwargs={"org": org.slug, "response": shushed.pk}),
        {"field": "in_the_way", "codes": [CONFLICT, RELAXATION], "back": review_url(org)},
        follow=True,
    )
    assert codes_of(shushed)[CONFLICT] == ACCEPTED and codes_of(shushed)[RELAXATION] == ADDED
    assert "Codes saved" in saved.content.decode()
    assert "People kept shushing" not in saved.content.decode()  # off the queue
    assert "The soloist was superb" in saved.content.decode()


def test_the_queue_filters_by_code_and_activity_and_shrugs_off_bad_input(survey, staff_client):
    org = survey.activity.organisation
    shushed = answer(survey, "People kept shushing me when I clapped")
    coding.code_responses([shushed, answer(survey, "lovely soloist, superb sound")])
    by_code = staff_client.get(review_url(org), {"code": CONFLICT}).content.decode()
    assert "People kept shushing" in by_code and "superb sound" not in by_code
    elsewhere = factories.activity(org, "Quartet")
    by_activity = staff_client.get(review_url(org), {"activity": elsewhere.pk})
    assert "People kept shushing" not in by_activity.content.decode()
    for bad in ({"code": "value:nostalgia"}, {"activity": "abc"}, {"page": "x"}):
        assert staff_client.get(review_url(org), bad).status_code == 200
    refused = staff_client.post(
        reverse("staff_insight_code", kwargs={"org": org.slug, "response": shushed.pk}),
        {"field": "where", "codes": [CONFLICT]},
        follow=True,
    )
    assert "Choose which answer" in refused.content.decode()
    assert set(codes_of(shushed).values()) == {SUGGESTED}


@pytest.mark.parametrize(
    "visitor, expected", [("anonymous", 302), ("participant", 403), ("other_staff", 403)]
)
def test_only_the_organisations_staff_review_codes(survey, other_org, client, visitor, expected):
    org = survey.activity.organisation
    shushed = answer(survey, "People kept shushing me")
    coding.code_responses([shushed])
    users = {
        "participant": lambda: factories.participant(org, username="pat").user,
        "other_staff": lambda: factories.staff(other_org, username="otto"),
    }
    if visitor in users:
        client.force_login(users[visitor]())
    code_url = reverse("staff_insight_code", kwargs={"org": org.slug, "response": shushed.pk})
    retrain_url = reverse("staff_insight_retrain", kwargs={"org": org.slug})
    assert client.get(review_url(org)).status_code == expected
    assert client.post(code_url, {"field": "in_the_way", "codes": [CONFLICT]}).status_code == (
        expected
    )
    assert client.post(retrain_url).status_code == expected
    assert set(codes_of(shushed).values()) == {SUGGESTED}


def test_staff_of_another_organisation_cannot_code_its_answers(survey, other_org, client):
    shushed = answer(survey, "People kept shushing me")
    coding.code_responses([shushed])
    client.force_login(factories.staff(other_org, role=Membership.Role.ADMIN, username="otto"))
    url = reverse("staff_insight_code", kwargs={"org": other_org.slug, "response": shushed.pk})
    assert client.post(url, {"field": "in_the_way", "codes": [CONFLICT]}).status_code == 404
    assert (
        client.get(
            reverse("staff_insight_code", kwargs={"org": other_org.slug, "response": shushed.pk})
        ).status_code
        == 405
    )


# The management command.


def test_code_answers_codes_every_uncoded_answer_once(survey, other_org, capsys):
    shushed = answer(survey, "People kept shushing me when I clapped")
    answer(survey)  # nothing written: nothing to code
    call_command("code_answers")
    out = capsys.readouterr().out
    assert "coding 1 responses" in out and "Done: 1 answers coded." in out
    assert CONFLICT in codes_of(shushed)
    call_command("code_answers")
    assert "Done: 0 answers coded." in capsys.readouterr().out


def test_staff_suggest_codes_for_new_answers_from_the_queue(survey, staff_client):
    new = answer(survey, in_the_way="People kept shushing me when I clapped.")
    page = staff_client.get(review_url(survey.activity.organisation))
    assert page.context["waiting"] == 1

    done = staff_client.post(
        reverse("staff_insight_code_new", kwargs={"org": survey.activity.organisation.slug}),
        follow=True,
    )

    assert "Codes suggested for 1 new answer." in done.content.decode()
    assert "variable:heterogeneity-conflict" in codes_of(new)
    assert done.context["waiting"] == 0
    again = staff_client.post(
        reverse("staff_insight_code_new", kwargs={"org": survey.activity.organisation.slug}),
        follow=True,
    )
    assert "No new answers to code." in again.content.decode()


def test_the_settings_choose_the_kind_of_coder(settings, db):
    from overture.engines.text_coding import EmbeddingsUnavailable, embeddings_available

    book = coding.code_book_for(factories.organisation())
    assert type(coding.new_coder(book)).__name__ == "Coder"
    settings.OVERTURE_TEXT_CODER = "embeddings"
    if embeddings_available():
        assert type(coding.new_coder(book)).__name__ == "EmbeddingCoder"
    else:
        with pytest.raises(EmbeddingsUnavailable, match="embeddings"):
            coding.new_coder(book)
