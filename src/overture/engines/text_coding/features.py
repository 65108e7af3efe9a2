"""Turning answers into feature matrices: TF-IDF n-grams, or vectors from a text encoder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from overture.engines.text_coding.codes import TextCodingError

__all__ = ["FEATURE_KINDS", "EncodedFeatures", "Features", "TextEncoder", "TfidfFeatures"]

FEATURE_KINDS = ("words", "words+chars")


@runtime_checkable
class TextEncoder(Protocol):
    """Anything that turns answers into fixed-length vectors, e.g. a sentence-embedding model.

    `name` identifies the encoder in a saved model; `encode` returns an (answers × d) array
    and must give the same vector for the same text every time.
    """

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class Features(Protocol):
    """What the coder needs from a feature extractor."""

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray | sparse.csr_matrix: ...

    def transform(self, texts: Sequence[str]) -> np.ndarray | sparse.csr_matrix: ...

    def has_signal(self, matrix: np.ndarray | sparse.csr_matrix) -> np.ndarray: ...


class TfidfFeatures:
    """TF-IDF over word uni- and bigrams, optionally joined by character 3–5-grams in words.

    Character n-grams let the model read "shushing" as close to the seed "shush" and survive
    typos; words alone are faster and smaller (docs/engines/text_coding.md has the numbers).
    """

    def __init__(self, kind: str = "words+chars") -> None:
        if kind not in FEATURE_KINDS:
            raise TextCodingError(f"features must be one of {', '.join(FEATURE_KINDS)}")
        self.kind = kind
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, dtype=np.float32)
        if kind == "words":
            self.vectorizer: TfidfVectorizer | FeatureUnion = words
        else:
            chars = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
            )
            self.vectorizer = FeatureUnion([("words", words), ("chars", chars)])

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        matrix = sparse.csr_matrix(self.vectorizer.fit_transform(texts))
        self._drop_stop_words()
        return matrix

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return sparse.csr_matrix(self.vectorizer.transform(texts))

    def has_signal(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Answers with at least one n-gram the model knows."""
        return np.diff(matrix.indptr) > 0

    def _drop_stop_words(self) -> None:
        # scikit-learn keeps the pruned n-grams for introspection only; they would bloat the
        # saved model.
        vectorizers = (
            [self.vectorizer]
            if isinstance(self.vectorizer, TfidfVectorizer)
            else [step for _, step in self.vectorizer.transformer_list]
        )
        for vectorizer in vectorizers:
            if hasattr(vectorizer, "stop_words_"):
                vectorizer.stop_words_ = None


class EncodedFeatures:
    """Vectors from a `TextEncoder`; nothing to fit, an empty answer carries no signal."""

    def __init__(self, encoder: TextEncoder) -> None:
        self.encoder = encoder

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        return self.transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.asarray(self.encoder.encode(list(texts)), dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(texts):
            raise TextCodingError(f"encoder {self.encoder.name!r} must give one vector per answer")
        return vectors

    def has_signal(self, matrix: np.ndarray) -> np.ndarray:
        return np.ones(matrix.shape[0], dtype=bool)
