"""The code book, seed matching and the pseudo-documents a first model is trained on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from overture.engines.checks import set_of_str, text_sequence
from overture.engines.errors import EngineInputError
from overture.engines.text_coding.seeds import (
    DEFAULT_THEME_LABELS,
    DEFAULT_THEME_SEEDS,
    DEFAULT_VALUE_LABELS,
    DEFAULT_VALUE_SEEDS,
    DEFAULT_VARIABLE_LABELS,
    DEFAULT_VARIABLE_SEEDS,
)

__all__ = [
    "KINDS",
    "Code",
    "CodeBook",
    "CodeScore",
    "SeedMatcher",
    "TextCodingError",
    "default_code_book",
    "default_themes",
    "match_seeds",
    "prepare_texts",
    "pseudo_documents",
]

KINDS = ("practice", "value", "variable", "theme")
MAX_CHARS = 5_000  # longer answers are coded on their beginning: it bounds time and memory
_KEY = re.compile(r"^(practice|value|variable|theme):[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words that come with any answer: pseudo-documents carry them so that the model learns they
# say nothing about a code (otherwise "me" in "helped me" would count for participation access).
_FILLER = (
    "the concert",
    "it was",
    "i think",
    "on the night",
    "overall",
    "the evening",
    "at the hall",
    "this time",
    "for me",
    "to me",
    "with us",
    "we went",
    "the performance",
    "people",
    "kept",
    "when",
    "my partner and i",
    "really",
    "very",
    "a bit",
    "the music",
    "next to me",
    "in front of us",
    "behind us",
    "the first half",
    "the second half",
    "they were",
    "there",
    "all",
    "just",
    "so",
    "and",
    "but",
)


class TextCodingError(EngineInputError):
    """Inputs the coder cannot work with: unknown codes, mismatched lengths, a bad model, ..."""


@dataclass(frozen=True)
class Code:
    """One code of the book: `key` like "variable:heterogeneity-conflict", its kind and label.

    `seed_words` (lower-case words or short phrases, matched at the start of a word) train
    the first model; a code without seed words is seeded with its label.
    """

    key: str
    kind: str
    label: str
    seed_words: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise TextCodingError(
                f"code {self.key!r} must look like 'kind:kebab-case-name' "
                f"with kind one of {', '.join(KINDS)}"
            )
        if self.key.split(":", 1)[0] != self.kind:
            raise TextCodingError(f"code {self.key!r} must start with its kind {self.kind!r}")
        words = text_sequence("seed_words", self.seed_words, TextCodingError)
        seeds = tuple(" ".join(str(word).lower().split()) for word in words if word is not None)
        object.__setattr__(self, "seed_words", tuple(word for word in seeds if word))

    @property
    def seeds(self) -> tuple[str, ...]:
        """The seed words, or the label when there are none."""
        return self.seed_words or (" ".join(self.label.lower().split()),)


@dataclass(frozen=True)
class CodeBook:
    """The codes answers can be coded to, in a fixed order (the columns of every score matrix)."""

    codes: tuple[Code, ...]
    _index: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes = tuple(self.codes)
        if not codes:
            raise TextCodingError("a code book needs at least one code")
        index: dict[str, int] = {}
        for position, code in enumerate(codes):
            if code.key in index:
                raise TextCodingError(f"code {code.key!r} appears twice in the code book")
            index[code.key] = position
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "_index", index)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(code.key for code in self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def position(self, key: str) -> int:
        return self._index[key]

    def indicator(self, labels: Sequence[Iterable[str]]) -> np.ndarray:
        """A (answers × codes) boolean matrix of label sets; unknown codes raise."""
        if isinstance(labels, (str, bytes)):
            raise TextCodingError("labels is a single string; labels must be a list of code sets")
        matrix = np.zeros((len(labels), len(self.codes)), dtype=bool)
        for row, codes in enumerate(labels):
            for key in set_of_str(f"labels[{row}]", codes, TextCodingError):
                position = self._index.get(key)
                if position is None:
                    raise TextCodingError(f"answer {row} has code {key!r}, not in the code book")
                matrix[row, position] = True
        return matrix


@dataclass(frozen=True, slots=True)
class CodeScore:
    """A code the model gives an answer, with its confidence (0–1)."""

    code: str
    confidence: float


def default_themes() -> list[Code]:
    """The everyday practical themes (price, seating and view, ...) with their seed words."""
    return [
        Code(key, "theme", DEFAULT_THEME_LABELS[key], seeds)
        for key, seeds in DEFAULT_THEME_SEEDS.items()
    ]


def default_code_book(practices: Iterable[Code] = (), themes: Iterable[Code] = ()) -> CodeBook:
    """The four variables and the default value dimensions, after the given practice codes.

    Themes (see `default_themes`) come last, so that adding them keeps the other codes' order.
    """
    variables = [
        Code(key, "variable", DEFAULT_VARIABLE_LABELS[key], seeds)
        for key, seeds in DEFAULT_VARIABLE_SEEDS.items()
    ]
    values = [
        Code(key, "value", DEFAULT_VALUE_LABELS[key], seeds)
        for key, seeds in DEFAULT_VALUE_SEEDS.items()
    ]
    return CodeBook((*practices, *variables, *values, *themes))


def prepare_texts(texts: Iterable[str | None]) -> list[str]:
    """Answers as the coder reads them: None as empty, typographic apostrophes plain, capped."""
    if isinstance(texts, (str, bytes)):
        raise TextCodingError("texts is a single string; texts must be a list of answers")
    return [
        ("" if text is None else str(text))[:MAX_CHARS].replace("\u2019", "'") for text in texts
    ]


class SeedMatcher:
    """Finds seed words in answers in one regular-expression pass per answer.

    A seed matches where a word starts ("shush" finds "shushing"); any run of spaces in a
    seed matches any whitespace. Where seeds overlap at one place the longest wins, so
    "lost track of time" (absorption) is not also read as "lost" (role rigidity).
    """

    def __init__(self, code_book: CodeBook) -> None:
        self.codes_of: dict[str, frozenset[str]] = {}
        for code in code_book.codes:
            for seed in code.seeds:
                self.codes_of[seed] = self.codes_of.get(seed, frozenset()) | {code.key}
        alternatives = sorted(self.codes_of, key=len, reverse=True)
        body = "|".join(r"\s+".join(map(re.escape, seed.split())) for seed in alternatives)
        self.pattern = re.compile(rf"(?<!\w)(?:{body})")

    def match(self, text: str) -> set[str]:
        found: set[str] = set()
        for hit in self.pattern.finditer(text.lower()):
            found |= self.codes_of[" ".join(hit.group().split())]
        return found

    def match_all(self, texts: Iterable[str | None]) -> list[set[str]]:
        return [self.match(text) for text in prepare_texts(texts)]


def match_seeds(texts: Sequence[str | None], code_book: CodeBook) -> list[set[str]]:
    """The codes whose seed words occur in each answer (the plain keyword coder)."""
    texts = text_sequence("texts", texts, TextCodingError)
    return SeedMatcher(code_book).match_all(texts)


def pseudo_documents(
    code_book: CodeBook, per_code: int, rng: np.random.Generator
) -> tuple[list[str], list[set[str]]]:
    """Short made-up answers built from seed words, with the codes whose seeds they contain.

    Per code, every seed appears at least once and `per_code` documents in all combine one or
    two of its seeds with up to two seeds of other codes (labelled with all of them) and
    neutral filler; filler-only documents carry no code, so that filler teaches nothing.
    """
    texts: list[str] = []
    labels: list[set[str]] = []
    codes = code_book.codes
    for code in codes:
        seeds = code.seeds
        for number in range(max(per_code, len(seeds))):
            parts = [seeds[number]] if number < len(seeds) else _sample(seeds, rng)
            label = {code.key}
            for _ in range(int(rng.integers(0, 3))):  # answers often touch several codes
                other = codes[int(rng.integers(len(codes)))]
                parts.append(other.seeds[int(rng.integers(len(other.seeds)))])
                label.add(other.key)
            parts.extend(_sample(_FILLER, rng, most=4))
            rng.shuffle(parts)
            texts.append(" ".join(parts))
            labels.append(label)
    for _ in range(2 * per_code):
        texts.append(" ".join(_sample(_FILLER, rng, most=5)))
        labels.append(set())
    return texts, labels


def _sample(words: Sequence[str], rng: np.random.Generator, most: int = 2) -> list[str]:
    count = int(rng.integers(1, min(most, len(words)) + 1))
    return [words[int(i)] for i in rng.choice(len(words), size=count, replace=False)]
