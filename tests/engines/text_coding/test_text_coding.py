"""Coding open survey answers: seeds, bootstrap, retraining, agreement, saving (no database)."""

from __future__ import annotations

import hashlib
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overture.engines.text_coding import (
    DEFAULT_VALUE_LABELS,
    DEFAULT_VALUE_SEEDS,
    DEFAULT_VARIABLE_SEEDS,
    Code,
    Coder,
    CodeScore,
    EmbeddingCoder,
    EmbeddingsUnavailable,
    ModelOutdated,
    TextCodingError,
    agreement,
    default_code_book,
    embeddings_available,
    held_out_agreement,
    match_seeds,
)
from overture.engines.text_coding import model as text_coding_model

CONFLICT = "variable:heterogeneity-conflict"
CONNECTION = "value:connection-with-others"
WELCOME = "value:feeling-welcome"
APPLAUDING = "practice:applauding"
CHILDREN = "practice:bringing-children"


@cache
def book():
    return default_code_book(
        [
            Code(APPLAUDING, "practice", "Applauding at the right moment", ["clap", "applause"]),
            Code(CHILDREN, "practice", "Bringing children to a concert", ["kids", "children"]),
        ]
    )


@cache
def bootstrapped() -> Coder:
    return Coder(book(), seed=3).bootstrap()


def codes_of(scores: list[CodeScore]) -> list[str]:
    return [score.code for score in scores]


# Seeds and the code book.


def test_the_default_code_book_has_the_four_variables_and_a_dozen_value_dimensions():
    keys = default_code_book().keys
    assert [k for k in keys if k.startswith("variable:")] == [
        "variable:heterogeneity-conflict",
        "variable:role-rigidity",
        "variable:participation-access",
        "variable:signposting",
    ]
    assert 10 <= len(DEFAULT_VALUE_SEEDS) <= 14
    assert set(DEFAULT_VALUE_SEEDS) == set(DEFAULT_VALUE_LABELS)
    assert {"shush", "tutted", "glared", "clapped between", "told off", "phones"} <= set(
        DEFAULT_VARIABLE_SEEDS[CONFLICT]
    )


@pytest.mark.parametrize(
    ("key", "kind"),
    [("practice:Listening", "practice"), ("mood:calm", "mood"), ("value:calm", "practice")],
)
def test_badly_formed_codes_are_refused(key, kind):
    with pytest.raises(TextCodingError):
        Code(key, kind, "label")


def test_a_code_appears_once_in_a_book():
    with pytest.raises(TextCodingError, match="twice"):
        default_code_book([Code(CONFLICT, "variable", "again")])


def test_seed_words_match_at_the_start_of_words_and_the_longest_seed_wins():
    found = match_seeds(
        [
            "People kept SHUSHING me when I clapped",
            "I lost track of time",
            "I was lost from the start",
            "The brushing of the snare",  # "shush" is not at the start of a word here
            None,
        ],
        book(),
    )
    assert found == [
        {CONFLICT, APPLAUDING},
        {"value:absorption"},
        {"variable:role-rigidity"},
        set(),
        set(),
    ]


# The first model, from seed words.


def test_bootstrap_codes_shushing_as_heterogeneity_conflict():
    top = bootstrapped().predict(["people kept shushing me when I clapped"], threshold=0, top=3)
    assert CONFLICT in codes_of(top[0])


def test_bootstrap_learns_from_unreviewed_answers_labelled_by_their_seeds():
    unreviewed = [
        "people shushed us and the man behind sighed loudly",
        "a woman glared at us and sighed loudly",
        "we got tutted at and someone sighed loudly",
        "the orchestra was superb",
        "lovely evening with friends",
    ] * 4
    plain = Coder(book(), seed=3).bootstrap()
    informed = Coder(book(), seed=3).bootstrap(unreviewed)
    assert informed.training.weakly_labelled == 20
    sighing = ["the man behind sighed loudly"]
    conflict = plain.codes.index(CONFLICT)
    assert informed.scores(sighing)[0, conflict] > plain.scores(sighing)[0, conflict] + 0.3
    assert codes_of(informed.predict(sighing)[0])[:1] == [CONFLICT]


# Retraining on reviewed answers.


def constructed_reviews(seed: int = 0) -> tuple[list[str], list[set[str]]]:
    """Reviewed answers where seed words mislead ("talking", "noisy", "moved") or miss
    ("sighed"), mixed with answers the seeds get right."""
    rng = np.random.default_rng(seed)

    def pick(*options: str) -> str:
        return options[int(rng.integers(len(options)))]

    texts: list[str] = []
    labels: list[set[str]] = []
    for _ in range(30):
        texts.append(
            f"we were talking about the {pick('piece', 'symphony', 'ending', 'soloist')} "
            f"{pick('all the way home', 'over dinner', 'for days', 'with friends')}"
        )
        labels.append({CONNECTION})
        texts.append(
            f"a {pick('noisy', 'lively', 'loud')} and joyful family concert, "
            f"{pick('perfect for the kids', 'just right for our children', 'great for kids')}"
        )
        labels.append({WELCOME, CHILDREN})
        texts.append(
            f"the {pick('man', 'woman', 'couple')} {pick('behind us', 'next to me', 'in our row')} "
            f"{pick('sighed', 'huffed', 'tsked')} every time {pick('we', 'I', 'my son')} "
            f"{pick('moved', 'whispered', 'turned a page')}"
        )
        labels.append({CONFLICT} | ({CHILDREN} if "son" in texts[-1] else set()))
        texts.append(
            f"{pick('people', 'someone', 'a regular')} kept {pick('shushing', 'glaring at')} "
            f"{pick('us', 'me')} when we clapped"
        )
        labels.append({CONFLICT, APPLAUDING})
        texts.append(pick("parking was easy", "the bar was quick", "nothing to add", "all fine"))
        labels.append(set())
    return texts, labels


def test_retraining_on_reviewed_answers_raises_agreement_on_held_out_answers():
    texts, labels = constructed_reviews()
    result = held_out_agreement(Coder(book(), seed=3), texts, labels, seed=1)
    assert len(result.held_out) == 38 and result.train_size == 112
    assert result.seeds_only.mean_kappa < 0.5
    assert result.retrained.mean_kappa > result.seeds_only.mean_kappa + 0.3
    assert result.retrained.kappa[CONFLICT] > result.seeds_only.kappa[CONFLICT]
    assert result.retrained.kappa[CONFLICT] > 0.9


def test_the_retrained_model_reads_the_pattern_the_seeds_got_wrong():
    texts, labels = constructed_reviews()
    coder = Coder(book(), seed=3).fit(texts, labels)
    assert coder.training.reviewed == len(texts)
    talking, sighing = coder.decide(
        ["we were talking about the ending over dinner", "the man behind us sighed every time"]
    )
    assert CONFLICT not in talking and CONNECTION in talking
    assert CONFLICT in sighing


def test_reviewed_codes_must_be_in_the_code_book():
    with pytest.raises(TextCodingError, match="not in the code book"):
        Coder(book()).fit(["fine"], [{"value:nostalgia"}])
    with pytest.raises(TextCodingError, match="same length"):
        Coder(book()).fit(["fine", "good"], [set()])
    with pytest.raises(TextCodingError, match="bootstrap"):
        Coder(book()).fit([], [])


@pytest.mark.parametrize(
    "options",
    [{"features": "letters"}, {"threshold": 1.5}, {"regularisation": 0}, {"pseudo_per_code": 0}],
)
def test_coder_settings_are_checked(options):
    with pytest.raises(TextCodingError):
        Coder(book(), **options)


def test_an_untrained_coder_says_so():
    with pytest.raises(TextCodingError, match="no model yet"):
        Coder(book()).predict(["anything"])


# Agreement.


def test_cohen_kappa_per_code_on_the_yes_no_decisions():
    model = [{CONFLICT}, {CONFLICT}, set(), set()]
    staff = [{CONFLICT}, set(), set(), set()]
    result = agreement(model, staff, book())
    # observed 3/4; by chance 1/2·1/4 + 1/2·3/4 = 1/2; kappa = (3/4 − 1/2) / (1 − 1/2)
    assert result.kappa[CONFLICT] == pytest.approx(0.5)
    assert result.kappa[WELCOME] is None  # nobody used it: undefined, left out of the mean
    assert result.mean_kappa == pytest.approx(0.5)
    assert result.n == 4
    assert result.staff_counts[CONFLICT] == 1 and result.model_counts[CONFLICT] == 2


def test_agreement_without_any_code_used_has_no_mean():
    result = agreement([set(), set()], [set(), set()], book())
    assert result.mean_kappa is None and result.n == 2


def test_agreement_needs_the_same_answers():
    with pytest.raises(TextCodingError):
        agreement([set()], [set(), set()], book())
    with pytest.raises(TextCodingError):
        held_out_agreement(Coder(book()), ["only one"], [set()])


# Saving, robustness, determinism.


def test_a_model_round_trips_through_bytes_with_identical_predictions():
    texts, labels = constructed_reviews()
    coder = Coder(book(), seed=3).fit(texts, labels)
    answers = [*texts[:20], "so moving", "", "we argued about the tempo"]
    loaded = Coder.from_bytes(coder.to_bytes())
    assert np.array_equal(loaded.scores(answers), coder.scores(answers))
    assert loaded.predict(answers, threshold=0, top=5) == coder.predict(answers, threshold=0, top=5)
    assert loaded.training == coder.training and loaded.codes == coder.codes


def test_a_signed_model_loads_only_with_its_key():
    data = bootstrapped().to_bytes(key=b"secret")
    assert Coder.from_bytes(data, key=b"secret").codes == bootstrapped().codes
    with pytest.raises(TextCodingError, match="signature"):
        Coder.from_bytes(data, key=b"other")
    tampered = data[:-1] + bytes([data[-1] ^ 1])
    with pytest.raises(TextCodingError, match="signature"):
        Coder.from_bytes(tampered, key=b"secret")
    with pytest.raises(TextCodingError, match="pass its key"):
        Coder.from_bytes(data)
    # Stripping the signature does not get unsigned bytes past a key.
    with pytest.raises(TextCodingError, match="not signed"):
        Coder.from_bytes(bootstrapped().to_bytes(), key=b"secret")


def test_bytes_that_are_not_a_current_model_are_refused():
    for junk in (b"\x80\x04 anything", text_coding_model.MAGIC, b""):
        with pytest.raises(TextCodingError, match="not a saved text coder"):
            Coder.from_bytes(junk)
    data = bootstrapped().to_bytes()
    end = data.index(b"\n", len(text_coding_model.MAGIC))
    older = text_coding_model.MAGIC + b"1 0.24.2 unsigned" + data[end:]
    with pytest.raises(ModelOutdated, match="train again"):
        Coder.from_bytes(older)
    with pytest.raises(TextCodingError, match="damaged"):
        Coder.from_bytes(data[: end + 1] + b"not zlib at all")


@pytest.mark.parametrize(
    "answer", ["", "   ", "\n\t", None, "?!", "x" * 200_000, "shush " * 50_000, "日本語の回答"]
)
def test_empty_blank_and_very_long_answers_do_not_crash(answer):
    (scores,) = bootstrapped().predict([answer], threshold=0, top=3)
    assert all(0 < score.confidence <= 1 for score in scores)
    if answer is None or not answer.strip():
        assert scores == []


def test_no_answers_no_codes():
    assert bootstrapped().predict([]) == []
    assert bootstrapped().scores([]).shape == (0, len(book()))


def test_same_seed_same_model():
    texts, labels = constructed_reviews()
    answers = texts[::7]
    first = Coder(book(), seed=5).bootstrap(texts).scores(answers)
    second = Coder(book(), seed=5).bootstrap(texts).scores(answers)
    assert np.array_equal(first, second)
    fitted = [Coder(book(), seed=5).fit(texts, labels).scores(answers) for _ in range(2)]
    assert np.array_equal(fitted[0], fitted[1])
    runs = [held_out_agreement(Coder(book(), seed=5), texts, labels, seed=2) for _ in range(2)]
    assert runs[0] == runs[1]


def test_many_answers_split_across_processes_give_the_same_scores(monkeypatch):
    monkeypatch.setattr(text_coding_model, "PARALLEL_CHUNK", 50)
    texts, _ = constructed_reviews()
    coder = bootstrapped()
    assert np.array_equal(coder.scores(texts, n_jobs=2), coder.scores(texts, n_jobs=1))


@settings(max_examples=60, deadline=None)
@given(
    answers=st.lists(st.one_of(st.none(), st.text(max_size=200)), max_size=6),
    threshold=st.floats(0.0, 1.0),
    top=st.one_of(st.none(), st.integers(0, 5)),
)
def test_predictions_are_confident_codes_best_first(answers, threshold, top):
    coder = bootstrapped()
    predictions = coder.predict(answers, threshold=threshold, top=top)
    assert len(predictions) == len(answers)
    for scores in predictions:
        confidences = [score.confidence for score in scores]
        assert confidences == sorted(confidences, reverse=True)
        assert all(threshold <= c <= 1.0 and c > 0 for c in confidences)
        assert top is None or len(scores) <= top
        assert len({score.code for score in scores}) == len(scores)
        assert {score.code for score in scores} <= set(coder.codes)


# The sentence-embedding coder behind the same interface.


class WordHashEncoder:
    """A stand-in sentence encoder: words hashed into 64 buckets, unit length."""

    name = "word-hash-64"

    def encode(self, texts):
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


def test_an_embedding_coder_has_the_same_interface():
    texts, labels = constructed_reviews()
    coder = EmbeddingCoder(book(), encoder=WordHashEncoder(), seed=3).fit(texts, labels)
    (sighing,) = coder.predict(["the woman next to me sighed every time I moved"])
    assert codes_of(sighing)[:1] == [CONFLICT]
    loaded = EmbeddingCoder.from_bytes(coder.to_bytes())
    assert np.array_equal(loaded.scores(texts), coder.scores(texts))
    assert coder.fresh().bootstrap().predict([""]) == [[]]


@pytest.mark.skipif(embeddings_available(), reason="the embeddings extra is installed here")
def test_without_the_embeddings_extra_the_embedding_coder_says_how_to_install_it():
    with pytest.raises(EmbeddingsUnavailable, match=r"overture\[embeddings\]"):
        EmbeddingCoder(book())
