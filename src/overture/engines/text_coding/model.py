"""The coder: one-vs-rest logistic regression over answer features, trained and saved."""

from __future__ import annotations

import copy
import hashlib
import hmac
import pickle
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import sklearn
from joblib import Parallel, cpu_count, delayed
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from overture.engines.checks import finite_number, set_of_str, text_sequence, whole_number
from overture.engines.text_coding.codes import (
    CodeBook,
    CodeScore,
    SeedMatcher,
    TextCodingError,
    prepare_texts,
    pseudo_documents,
)
from overture.engines.text_coding.features import Features, TfidfFeatures

__all__ = ["Coder", "ModelOutdated", "Training", "bootstrap"]

MAGIC = b"overture-text-coder\n"
FORMAT = 1
PARALLEL_CHUNK = 20_000  # below this a second process costs more than it saves
SCORE_CHUNK = 5_000  # answers transformed at once: bounds memory on large batches
MAX_UNREVIEWED = 5_000  # unreviewed answers a bootstrap reads: more repeat the seeds, slowly


class ModelOutdated(TextCodingError):
    """A saved model from another format or scikit-learn version: train it again."""


@dataclass(frozen=True)
class Training:
    """What the current model learned from."""

    source: str  # "seeds" (bootstrap) or "reviewed" (fit)
    reviewed: int  # reviewed answers
    weakly_labelled: int  # unlabelled answers labelled by their seed words (bootstrap)
    pseudo_documents: int  # made-up answers from seed words


class Coder:
    """Codes open answers to practices, value experiences and the four variables.

    `bootstrap` gives a first model from the code book's seed words; `fit` trains on answers
    staff have reviewed (together with the seed documents, weighted down by `seed_weight`, so
    that a code nobody has reviewed yet keeps its seeds). `predict` returns, per answer, the
    codes whose confidence reaches the threshold, best first.
    """

    def __init__(
        self,
        code_book: CodeBook,
        *,
        features: str = "words+chars",
        threshold: float = 0.5,
        regularisation: float = 4.0,
        seed_weight: float = 0.3,
        pseudo_per_code: int = 40,
        seed: int = 0,
        n_jobs: int = 1,
    ) -> None:
        if not isinstance(code_book, CodeBook):
            raise TextCodingError(
                f"code_book is a {type(code_book).__name__}; it must be a CodeBook"
            )
        threshold = finite_number(
            "threshold",
            threshold,
            TextCodingError,
            low=0,
            high=1,
            rule="threshold must be between 0 and 1",
        )
        regularisation = finite_number("regularisation", regularisation, TextCodingError)
        if regularisation <= 0:
            raise TextCodingError(f"regularisation is {regularisation:g}; it must be above 0")
        seed_weight = finite_number("seed_weight", seed_weight, TextCodingError, low=0)
        pseudo_per_code = whole_number("pseudo_per_code", pseudo_per_code, TextCodingError, low=1)
        seed = whole_number("seed", seed, TextCodingError, low=0)
        n_jobs = whole_number("n_jobs", n_jobs, TextCodingError)
        self.code_book = code_book
        self.features_kind = features
        self.threshold = threshold
        self.regularisation = regularisation
        self.seed_weight = seed_weight
        self.pseudo_per_code = pseudo_per_code
        self.seed = seed
        self.n_jobs = n_jobs
        self.training: Training | None = None
        self._features: Features | None = None
        self._weights: np.ndarray | None = None  # (features × codes)
        self._intercepts: np.ndarray | None = None  # (codes,)
        self._new_features()  # fail early on a bad feature kind or a missing encoder

    @property
    def codes(self) -> tuple[str, ...]:
        """The code keys, in the order of the columns of `scores`."""
        return self.code_book.keys

    @property
    def is_trained(self) -> bool:
        return self._weights is not None

    def fresh(self) -> Coder:
        """An untrained coder with the same code book and settings."""
        clone = copy.copy(self)
        clone.training = clone._features = clone._weights = clone._intercepts = None
        return clone

    def _new_features(self) -> Features:
        return TfidfFeatures(self.features_kind)

    # training ---------------------------------------------------------------------------

    def bootstrap(self, texts: Sequence[str | None] = ()) -> Coder:
        """A first model from seed words alone: no reviewed answers needed.

        It trains on made-up answers built from the seed words and, when `texts` are given
        (unreviewed answers; at most 5,000 drawn with the coder's seed), on those answers
        labelled with the codes whose seeds they contain: the model then learns the words
        that come with the seeds.
        """
        pseudo_texts, pseudo_labels = self._pseudo_documents()
        weak_texts = [text for text in prepare_texts(texts) if text.strip()]
        if len(weak_texts) > MAX_UNREVIEWED:
            rng = np.random.default_rng(self.seed)
            chosen = np.sort(rng.choice(len(weak_texts), MAX_UNREVIEWED, replace=False))
            weak_texts = [weak_texts[i] for i in chosen]
        weak_labels = SeedMatcher(self.code_book).match_all(weak_texts)
        self._train(
            pseudo_texts + weak_texts,
            pseudo_labels + weak_labels,
            np.ones(len(pseudo_texts) + len(weak_texts)),
        )
        self.training = Training("seeds", 0, len(weak_texts), len(pseudo_texts))
        return self

    def fit(self, texts: Sequence[str | None], labels: Sequence[Iterable[str]]) -> Coder:
        """Train on reviewed answers: `labels[i]` is the set of codes staff gave `texts[i]`.

        An empty set is an answer staff reviewed and found none of the codes in.
        """
        texts = text_sequence("texts", texts, TextCodingError)
        if isinstance(labels, (str, bytes)):
            raise TextCodingError("labels is a single string; labels must be a list of code sets")
        if len(texts) != len(labels):
            raise TextCodingError(
                f"texts has {len(texts)} entries and labels {len(labels)}; "
                "texts and labels must have the same length"
            )
        if not texts:
            raise TextCodingError("no reviewed answers: use bootstrap() for a first model")
        reviewed = prepare_texts(texts)
        label_sets = [
            set(set_of_str(f"labels[{row}]", codes, TextCodingError))
            for row, codes in enumerate(labels)
        ]
        self.code_book.indicator(label_sets)  # unknown codes raise before any work
        pseudo_texts, pseudo_labels = self._pseudo_documents()
        weights = np.concatenate(
            [np.ones(len(reviewed)), np.full(len(pseudo_texts), self.seed_weight)]
        )
        self._train(reviewed + pseudo_texts, label_sets + pseudo_labels, weights)
        self.training = Training("reviewed", len(reviewed), 0, len(pseudo_texts))
        return self

    def _pseudo_documents(self) -> tuple[list[str], list[set[str]]]:
        return pseudo_documents(
            self.code_book, self.pseudo_per_code, np.random.default_rng(self.seed)
        )

    def _train(self, texts: list[str], labels: list[set[str]], weights: np.ndarray) -> None:
        features = self._new_features()
        matrix = features.fit_transform(texts)
        truth = self.code_book.indicator(labels)
        # liblinear releases the GIL: threads train codes side by side.
        columns = Parallel(n_jobs=self.n_jobs, prefer="threads")(
            delayed(self._fit_code)(matrix, truth[:, j], weights) for j in range(truth.shape[1])
        )
        self._features = features
        self._weights = np.ascontiguousarray(
            np.stack([w for w, _ in columns], axis=1), dtype=np.float32
        )
        self._intercepts = np.array([b for _, b in columns], dtype=np.float32)

    def _fit_code(self, matrix, truth: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, float]:
        if truth.all() or not truth.any():
            # Nothing to tell apart: a constant far from the threshold.
            return np.zeros(matrix.shape[1]), (12.0 if truth.all() else -12.0)
        model = LogisticRegression(
            C=self.regularisation,
            class_weight="balanced",
            solver="liblinear",
            dual=True,  # far faster than the primal here: more n-grams than answers
            random_state=self.seed,
        )
        model.fit(matrix, truth, sample_weight=weights)
        return model.coef_[0], float(model.intercept_[0])

    # coding -----------------------------------------------------------------------------

    def scores(self, texts: Sequence[str | None], *, n_jobs: int | None = None) -> np.ndarray:
        """The confidence (0–1) of every code for every answer: (answers × codes) float32.

        An empty answer, or one with nothing the model knows, gets 0 everywhere. With
        `n_jobs` > 1 (default: the coder's) and at least 40,000 answers, the answers are split
        across processes.
        """
        self._require_trained()
        prepared = prepare_texts(texts)
        n_jobs = self.n_jobs if n_jobs is None else n_jobs
        if n_jobs != 1 and len(prepared) >= 2 * PARALLEL_CHUNK:
            parts = np.array_split(np.arange(len(prepared)), _workers(n_jobs))
            results = Parallel(n_jobs=n_jobs)(
                delayed(_score_part)(self, [prepared[i] for i in part]) for part in parts
            )
            return np.vstack(results)
        return self._score_prepared(prepared)

    def _score_prepared(self, prepared: list[str]) -> np.ndarray:
        confidence = np.zeros((len(prepared), len(self.code_book)), dtype=np.float32)
        for start in range(0, len(prepared), SCORE_CHUNK):
            part = prepared[start : start + SCORE_CHUNK]
            matrix = self._features.transform(part)
            logits = np.asarray(matrix @ self._weights, dtype=np.float32) + self._intercepts
            blank = np.fromiter((not text.strip() for text in part), bool, len(part))
            logits[blank | ~self._features.has_signal(matrix)] = -np.inf  # confidence 0
            confidence[start : start + len(part)] = expit(logits)
        return confidence

    def predict(
        self,
        texts: Sequence[str | None],
        *,
        threshold: float | None = None,
        top: int | None = None,
        n_jobs: int | None = None,
    ) -> list[list[CodeScore]]:
        """Per answer, the codes whose confidence reaches the threshold, best first.

        `threshold` defaults to the coder's; `top` keeps at most that many. For the review
        queue's suggestions, `threshold=0.0, top=3` gives the three best codes whatever
        their confidence.
        """
        cut = (
            self.threshold
            if threshold is None
            else finite_number("threshold", threshold, TextCodingError, low=0, high=1)
        )
        if top is not None:
            top = whole_number("top", top, TextCodingError, low=0)
        confidence = self.scores(texts, n_jobs=n_jobs)
        order = np.argsort(-confidence, axis=1, kind="stable")
        if top is not None:
            order = order[:, : max(top, 0)]
        ranked = np.take_along_axis(confidence, order, axis=1)
        keep = (ranked >= cut) & (ranked > 0.0)  # best first, so the kept codes lead each row
        keys = self.codes
        kept = [
            CodeScore(keys[code], value)
            for code, value in zip(order[keep].tolist(), ranked[keep].tolist(), strict=True)
        ]
        result: list[list[CodeScore]] = []
        start = 0
        for count in keep.sum(axis=1).tolist():
            result.append(kept[start : start + count])
            start += count
        return result

    def decide(self, texts: Sequence[str | None], *, n_jobs: int | None = None) -> list[set[str]]:
        """Per answer, the set of codes at or above the threshold (what agreement compares)."""
        return [{s.code for s in scores} for scores in self.predict(texts, n_jobs=n_jobs)]

    def _require_trained(self) -> None:
        if self._weights is None:
            raise TextCodingError("the coder has no model yet: bootstrap() or fit() first")

    # saving -----------------------------------------------------------------------------

    def to_bytes(self, *, key: bytes | None = None) -> bytes:
        """The trained coder as bytes to store; with `key`, signed (HMAC-SHA256).

        Loading runs pickle: only load bytes this engine wrote and the app stored.
        """
        self._require_trained()
        body = zlib.compress(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL), 6)
        signed = "signed" if key is not None else "unsigned"
        header = MAGIC + f"{FORMAT} {sklearn.__version__} {signed}\n".encode()
        return header + _signature(key, header + body) + body

    @classmethod
    def from_bytes(cls, data: bytes, *, key: bytes | None = None) -> Coder:
        """A coder saved by `to_bytes`. With `key`, only signed bytes whose signature matches."""
        header, signed, rest = _read_header(data)
        if key is None and signed:
            raise TextCodingError("the saved coder is signed: pass its key to load it")
        if key is not None and not signed:
            raise TextCodingError("the saved coder is not signed: not loaded")
        signature, body = (rest[:32], rest[32:]) if signed else (b"", rest)
        if key is not None and not hmac.compare_digest(signature, _signature(key, header + body)):
            raise TextCodingError("the saved coder's signature does not match: not loaded")
        try:
            coder = pickle.loads(zlib.decompress(body))  # trusted: see the docstring
        except Exception as error:  # damaged bytes fail in many ways inside pickle
            raise TextCodingError(f"the saved coder is damaged: {error}") from error
        if not isinstance(coder, cls):
            raise TextCodingError(f"saved model is a {type(coder).__name__}, not a {cls.__name__}")
        return coder


def bootstrap(code_book: CodeBook, texts: Sequence[str | None] = (), **options) -> Coder:
    """A `Coder` (with `options`) bootstrapped from the code book's seed words."""
    return Coder(code_book, **options).bootstrap(texts)


def _score_part(coder: Coder, prepared: list[str]) -> np.ndarray:
    return coder._score_prepared(prepared)


def _workers(n_jobs: int) -> int:
    return cpu_count() if n_jobs < 0 else n_jobs


def _signature(key: bytes | None, payload: bytes) -> bytes:
    return b"" if key is None else hmac.new(key, payload, hashlib.sha256).digest()


def _read_header(data: bytes) -> tuple[bytes, bool, bytes]:
    """The header, whether the bytes are signed, and what follows the header."""
    end = data.find(b"\n", len(MAGIC)) if data.startswith(MAGIC) else -1
    fields = data[len(MAGIC) : end].decode("ascii", "replace").split()
    if end < 0 or len(fields) != 3 or fields[2] not in ("signed", "unsigned"):
        raise TextCodingError("not a saved text coder")
    version, library, signed = fields
    if version != str(FORMAT) or _minor(library) != _minor(sklearn.__version__):
        raise ModelOutdated(
            f"model saved with format {version} and scikit-learn {library}; "
            f"this is format {FORMAT} with scikit-learn {sklearn.__version__}: train again"
        )
    return data[: end + 1], signed == "signed", data[end + 1 :]


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])
