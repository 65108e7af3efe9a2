"""Coding open answers: suggest codes, let staff review them, retrain the coder on the reviews.

Fetch → compute → save around `overture.engines.text_coding`: the organisation's practices and
value dimensions make the code book, the stored (signed) coder suggests codes for each open
answer, staff accept, reject or add codes, and the coder is fitted again on what they reviewed.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.engines.text_coding import (
    Code,
    CodeBook,
    Coder,
    EmbeddingCoder,
    TextCodingError,
    default_code_book,
    held_out_agreement,
)
from overture.organisations.models import Organisation
from overture.organisations.refusals import Refusal
from overture.season.models import Practice

from .models import CodingModel, SurveyResponse, TextCode, Theme, ValueDimension
from .wording import code_words

logger = logging.getLogger(__name__)

FIELDS = (TextCode.Field.WORTHWHILE, TextCode.Field.IN_THE_WAY)
SUGGESTIONS_PER_ANSWER = 3  # the review queue shows the best three whatever their confidence
LIKELY = 0.5  # a suggestion at or above this confidence is ticked in the review queue
MIN_REVIEWED = 20  # fewer reviewed answers say too little to retrain on or to measure agreement
MAX_UNREVIEWED = 5_000  # unreviewed answers a first model reads
CODING_BATCH = 1_000
REVIEWED = (TextCode.Status.ACCEPTED, TextCode.Status.REJECTED, TextCode.Status.ADDED)
POSITIVE = (TextCode.Status.ACCEPTED, TextCode.Status.ADDED)
MODEL_PROPOSED = (
    TextCode.Status.SUGGESTED,
    TextCode.Status.ACCEPTED,
    TextCode.Status.REJECTED,
)


# Confidence in words for the review queue, from the highest band down.
SURENESS = (
    (0.8, gettext_lazy("very sure")),
    (LIKELY, gettext_lazy("quite sure")),
    (0.2, gettext_lazy("unsure")),
)


def confidence_words(confidence: float | None) -> str:
    """How sure the coder is, in words: "very sure", "quite sure", "unsure" or "guessing"."""
    for floor, words in SURENESS:
        if confidence is not None and confidence >= floor:
            return words
    return _("guessing")


def codes_named(book: CodeBook, typed: Iterable[str]) -> set[str]:
    """Code keys for what staff typed: a code's name (any case) or its key; unknown raise."""
    by_name = {" ".join(code.label.lower().split()): code.key for code in book.codes}
    found, unknown = set(), []
    for text in typed:
        text = " ".join(text.split())
        if not text:
            continue
        key = text if text in book else by_name.get(text.lower())
        if key is None:
            unknown.append(text)
        else:
            found.add(key)
    if unknown:
        raise CodingRefused(
            _("Not in the code book: %(codes)s. Choose a code from the list.")
            % {"codes": ", ".join(unknown)}
        )
    return found


class CodingRefused(Refusal):
    """A request the coder cannot carry out, with a message for staff."""


@dataclass(frozen=True)
class ReviewResult:
    """How many codes one review accepted, rejected and added (0s when nothing changed)."""

    accepted: int
    rejected: int
    added: int


def _signing_key() -> bytes:
    return salted_hmac("overture.insight.coding", "text-coder", secret=settings.SECRET_KEY).digest()


def _code_name(slug: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "unnamed"


def practice_code(practice: Practice) -> str:
    """The code key of a practice, e.g. "practice:applauding"."""
    return f"practice:{_code_name(practice.slug)}"


def value_code(key: str) -> str:
    """The code key of a value dimension key, e.g. "value:feeling-welcome"."""
    return f"value:{_code_name(key)}"


def theme_code(key: str) -> str:
    """The code key of a theme key, e.g. "theme:seating-and-view"."""
    return f"theme:{_code_name(key)}"


def _themes(organisation: Organisation) -> list[Code]:
    """Its themes in use; a theme switched off leaves the code book (its codes stay stored)."""
    themes: dict[str, Code] = {}
    for theme in Theme.objects.filter(organisation=organisation, active=True):
        key = theme_code(theme.key)
        themes.setdefault(key, Code(key, "theme", theme.label, [*theme.seeds, theme.label]))
    return list(themes.values())


def code_book_for(organisation: Organisation) -> CodeBook:
    """Its practices, the four variables, the default value dimensions, its own and its themes."""
    practices: dict[str, Code] = {}
    for practice in Practice.objects.filter(organisation=organisation).order_by("id"):
        key = practice_code(practice)
        seeds = [practice.name.lower(), practice.slug.replace("-", " ").replace("_", " ")]
        practices.setdefault(key, Code(key, "practice", practice.name, seeds))
    themes = _themes(organisation)
    book = default_code_book(list(practices.values()), themes)
    own = [
        Code(value_code(dimension.key), "value", dimension.label, [dimension.label.lower()])
        for dimension in ValueDimension.objects.filter(organisation=organisation).order_by(
            "position", "id"
        )
        if value_code(dimension.key) not in book
    ]
    if not own:
        return book
    before_themes = book.codes[: len(book) - len(themes)]
    return CodeBook((*before_themes, *own, *themes))


def code_labels(book: CodeBook) -> dict[str, str]:
    """Code key → label, for pages (a default code's in the active language)."""
    return {code.key: code_words(code.key, code.label) for code in book.codes}


# The stored coder ---------------------------------------------------------------------------


def _store(organisation: Organisation, coder: Coder, **figures: object) -> CodingModel:
    return CodingModel.objects.create(
        organisation=organisation, data=coder.to_bytes(key=_signing_key()), **figures
    )


def new_coder(book: CodeBook) -> Coder:
    """An untrained coder of the kind the settings ask for (OVERTURE_TEXT_CODER)."""
    if settings.OVERTURE_TEXT_CODER == "embeddings":
        return EmbeddingCoder(book)
    return Coder(book)


def load_coder(model: CodingModel) -> Coder:
    """The coder stored in `model`; TextCodingError if it is tampered with, damaged or outdated."""
    return Coder.from_bytes(bytes(model.data), key=_signing_key())


def _organisation_answers(organisation: Organisation):
    return SurveyResponse.objects.filter(survey__activity__organisation=organisation)


def _reviewed_pairs(organisation: Organisation) -> set[tuple[int, str]]:
    return set(
        TextCode.objects.filter(
            response__survey__activity__organisation=organisation, status__in=REVIEWED
        ).values_list("response_id", "field")
    )


def _unreviewed_texts(organisation: Organisation) -> list[str]:
    reviewed = _reviewed_pairs(organisation)
    texts: list[str] = []
    rows = (
        _organisation_answers(organisation)
        .order_by("-id")
        .values_list("id", "worthwhile", "in_the_way")
    )
    for response_id, worthwhile, in_the_way in rows.iterator(chunk_size=2_000):
        for field, text in zip(FIELDS, (worthwhile, in_the_way), strict=True):
            if text.strip() and (response_id, field) not in reviewed:
                texts.append(text)
        if len(texts) >= MAX_UNREVIEWED:
            break
    return texts[:MAX_UNREVIEWED]


def current_coder(organisation: Organisation) -> Coder:
    """The organisation's latest coder; a first one from seed words if none can be loaded.

    A stored coder whose signature does not match, that is damaged, outdated, or made for
    another code book is not used: a fresh one is bootstrapped and stored.
    """
    book = code_book_for(organisation)
    latest = CodingModel.objects.filter(organisation=organisation).first()
    if latest is not None:
        try:
            coder = load_coder(latest)
        except TextCodingError as error:
            logger.warning("Stored coder %s of %s not used: %s", latest.pk, organisation, error)
        else:
            if coder.codes == book.keys:
                return coder
    texts, labels = reviewed_answers(organisation)
    if len(texts) >= MIN_REVIEWED:  # what staff reviewed is kept: train on it again
        return _fit_and_store(organisation, book, texts, labels)[0]
    coder = new_coder(book).bootstrap(_unreviewed_texts(organisation))
    _store(organisation, coder)
    return coder


def latest_model(organisation: Organisation) -> CodingModel | None:
    """The latest stored coder's figures (without loading the model itself)."""
    return (
        CodingModel.objects.filter(organisation=organisation)
        .defer("data")
        .order_by("-created_at", "-id")
        .first()
    )


# Coding answers -----------------------------------------------------------------------------


def code_responses(responses: Iterable[SurveyResponse]) -> int:
    """Suggest codes for each non-empty open answer; answers staff reviewed are left alone.

    Returns the number of answers coded. Running it again adds nothing already there.
    """
    by_organisation: dict[int, list[SurveyResponse]] = defaultdict(list)
    organisations: dict[int, Organisation] = {}
    for response in responses:
        organisation = response.survey.activity.organisation
        organisations[organisation.pk] = organisation
        by_organisation[organisation.pk].append(response)
    coded = 0
    for pk, group in by_organisation.items():
        coded += _code_group(organisations[pk], group)
    return coded


def _code_group(organisation: Organisation, responses: list[SurveyResponse]) -> int:
    reviewed = set(
        TextCode.objects.filter(
            response__in=[r.pk for r in responses], status__in=REVIEWED
        ).values_list("response_id", "field")
    )
    answers = [
        (response, field, getattr(response, field))
        for response in responses
        for field in FIELDS
        if getattr(response, field).strip() and (response.pk, field) not in reviewed
    ]
    if not answers:
        return 0
    coder = current_coder(organisation)
    for start in range(0, len(answers), CODING_BATCH):
        batch = answers[start : start + CODING_BATCH]
        suggestions = coder.predict(
            [text for _, _, text in batch], threshold=0.0, top=SUGGESTIONS_PER_ANSWER
        )
        TextCode.objects.bulk_create(
            [
                TextCode(
                    response=response,
                    field=field,
                    code=score.code,
                    confidence=round(score.confidence, 4),
                    status=TextCode.Status.SUGGESTED,
                )
                for (response, field, _), scores in zip(batch, suggestions, strict=True)
                for score in scores
            ],
            ignore_conflicts=True,
        )
    return len(answers)


def uncoded_responses(organisation: Organisation):
    """Responses with an open answer and no code at all yet, oldest first."""
    return (
        _organisation_answers(organisation)
        .filter(codes__isnull=True)
        .exclude(Q(worthwhile="") & Q(in_the_way=""))
        .select_related("survey__activity__organisation")
        .order_by("created_at", "id")
    )


# Reviewing ----------------------------------------------------------------------------------


def review(
    response: SurveyResponse,
    field: str,
    accepted: set[str],
    user,
    suggested: Iterable[str] = (),
) -> ReviewResult:
    """Staff's codes for one answer: `accepted` is every code the answer has.

    Suggested codes in `accepted` become accepted, the others rejected; codes not suggested
    are added. `suggested` names the codes the review page showed as suggestions: if the
    coder was retrained since and they are no longer stored, they still count as the
    model's (accepted when ticked, rejected when not). Reviewing again changes nothing.
    """
    if field not in FIELDS:
        raise CodingRefused(_("Choose which answer you are coding."))
    if not getattr(response, field).strip():
        raise CodingRefused(_("This answer is empty: there is nothing to code."))
    organisation = response.survey.activity.organisation
    book = code_book_for(organisation)
    unknown = sorted(code for code in accepted if code not in book)
    if unknown:
        raise CodingRefused(_("Not in the code book: %(codes)s.") % {"codes": ", ".join(unknown)})
    shown = {code for code in suggested if code in book}
    now = timezone.now()
    counts = {"accepted": 0, "rejected": 0, "added": 0}
    with transaction.atomic():
        _lock(organisation)  # waits for a retraining to finish making suggestions again
        existing = {
            code.code: code
            for code in TextCode.objects.select_for_update().filter(response=response, field=field)
        }
        for key, code in existing.items():
            if code.status in MODEL_PROPOSED:
                wanted = TextCode.Status.ACCEPTED if key in accepted else TextCode.Status.REJECTED
            elif key in accepted:
                wanted = TextCode.Status.ADDED
            else:  # a code staff added earlier and now take back
                code.delete()
                continue
            if code.status != wanted:
                code.status, code.reviewed_by, code.reviewed_at = wanted, user, now
                code.save(update_fields=["status", "reviewed_by", "reviewed_at"])
                counts[wanted] = counts.get(wanted, 0) + 1
        new = [
            TextCode(
                response=response,
                field=field,
                code=key,
                status=_status_of_missing(key, accepted, shown),
                reviewed_by=user,
                reviewed_at=now,
            )
            for key in sorted((accepted | shown) - existing.keys())
        ]
        TextCode.objects.bulk_create(new)
        for code in new:
            counts[code.status] += 1
    return ReviewResult(counts["accepted"], counts["rejected"], counts["added"])


def _status_of_missing(key: str, accepted: set[str], shown: set[str]) -> str:
    """A code with no stored row: the model's if it was shown as a suggestion, else staff's."""
    if key not in shown:
        return TextCode.Status.ADDED
    return TextCode.Status.ACCEPTED if key in accepted else TextCode.Status.REJECTED


def _lock(organisation: Organisation) -> None:
    """Hold the organisation's row until the transaction ends: one recoding at a time."""
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))


def reviewed_answers(organisation: Organisation) -> tuple[list[str], list[set[str]]]:
    """The texts of the answers staff reviewed, with the codes they gave (empty: none)."""
    labels: dict[tuple[int, str], set[str]] = defaultdict(set)
    rows = TextCode.objects.filter(
        response__survey__activity__organisation=organisation, status__in=REVIEWED
    ).values_list("response_id", "field", "code", "status")
    for response_id, field, code, status in rows.iterator(chunk_size=5_000):
        codes = labels[(response_id, field)]
        if status in POSITIVE:
            codes.add(code)
    texts_of = {
        pk: (worthwhile, in_the_way)
        for pk, worthwhile, in_the_way in SurveyResponse.objects.filter(
            pk__in={pk for pk, _ in labels}
        ).values_list("pk", "worthwhile", "in_the_way")
    }
    texts, label_sets = [], []
    for (response_id, field), codes in sorted(labels.items()):
        texts.append(texts_of[response_id][FIELDS.index(field)])
        label_sets.append(codes)
    return texts, label_sets


def reviewed_count(organisation: Organisation) -> int:
    """How many answers staff have reviewed."""
    return (
        TextCode.objects.filter(
            response__survey__activity__organisation=organisation, status__in=REVIEWED
        )
        .values("response_id", "field")
        .distinct()
        .count()
    )


def retrain(organisation: Organisation, user=None) -> CodingModel:
    """Fit the coder on every reviewed answer, measure held-out agreement, store it.

    Suggestions for answers not yet reviewed are made again with the new coder.
    """
    texts, labels = reviewed_answers(organisation)
    if len(texts) < MIN_REVIEWED:
        raise CodingRefused(
            _("Review at least %(least)s answers before retraining: %(count)s reviewed so far.")
            % {"least": MIN_REVIEWED, "count": len(texts)}
        )
    _stored, model = _fit_and_store(organisation, code_book_for(organisation), texts, labels)
    logger.info("Coder of %s retrained by %s on %s answers", organisation, user, len(texts))
    _suggest_again(organisation)
    return model


def _fit_and_store(
    organisation: Organisation, book: CodeBook, texts: list[str], labels: list[set[str]]
) -> tuple[Coder, CodingModel]:
    labels = [{code for code in codes if code in book} for codes in labels]  # codes since removed
    held = held_out_agreement(new_coder(book), texts, labels)
    coder = new_coder(book).fit(texts, labels)
    model = _store(
        organisation,
        coder,
        trained_on=len(texts),
        held_out=len(held.held_out),
        kappa=held.retrained.mean_kappa,
        seeds_kappa=held.seeds_only.mean_kappa,
    )
    return coder, model


def _suggest_again(organisation: Organisation) -> None:
    """Replace the suggestions with the new coder's, all or nothing: a failure keeps the old."""
    with transaction.atomic():
        _lock(organisation)
        _replace_suggestions(organisation)


def _replace_suggestions(organisation: Organisation) -> None:
    suggested = TextCode.objects.filter(
        response__survey__activity__organisation=organisation, status=TextCode.Status.SUGGESTED
    )
    response_ids = set(suggested.values_list("response_id", flat=True))
    suggested.delete()
    code_responses(
        SurveyResponse.objects.filter(pk__in=response_ids).select_related(
            "survey__activity__organisation"
        )
    )
