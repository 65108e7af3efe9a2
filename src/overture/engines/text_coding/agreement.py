"""Agreement between the model's codes and staff's: Cohen's kappa per code, on held-out answers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import cohen_kappa_score

from overture.engines.checks import finite_number, set_of_str, text_sequence, whole_number
from overture.engines.text_coding.codes import CodeBook, TextCodingError
from overture.engines.text_coding.model import Coder

__all__ = ["Agreement", "HeldOutAgreement", "agreement", "held_out_agreement"]


@dataclass(frozen=True)
class Agreement:
    """Cohen's kappa between model and staff, per code, on the yes/no decision for each answer.

    `kappa[code]` is None where it is undefined: on these answers both always said no (or both
    always yes). `mean_kappa` averages the defined ones (None if there are none). `n` is the
    number of answers compared; `staff_counts` / `model_counts` how many each gave the code.
    """

    kappa: Mapping[str, float | None]
    mean_kappa: float | None
    n: int
    staff_counts: Mapping[str, int]
    model_counts: Mapping[str, int]


@dataclass(frozen=True)
class HeldOutAgreement:
    """Agreement on reviewed answers the model did not see.

    `retrained`: a model fitted on the other reviewed answers. `seeds_only`: the model
    bootstrapped from seed words (and the other answers' text, not their codes): what
    retraining adds is the difference. `held_out` are the positions of the scored answers.
    """

    retrained: Agreement
    seeds_only: Agreement
    train_size: int
    held_out: tuple[int, ...]


def agreement(
    model_codes: Sequence[Iterable[str]],
    staff_codes: Sequence[Iterable[str]],
    code_book: CodeBook,
) -> Agreement:
    """Per code, Cohen's kappa between the model's and staff's codes of the same answers."""
    for name, value in (("model_codes", model_codes), ("staff_codes", staff_codes)):
        if isinstance(value, (str, bytes)):
            raise TextCodingError(f"{name} is a single string; it must be a list of code sets")
    if len(model_codes) != len(staff_codes):
        raise TextCodingError(
            f"model_codes has {len(model_codes)} entries and staff_codes {len(staff_codes)}; "
            "model and staff codes must be for the same answers"
        )
    model = code_book.indicator(list(model_codes))
    staff = code_book.indicator(list(staff_codes))
    kappa = {key: _kappa(model[:, j], staff[:, j]) for j, key in enumerate(code_book.keys)}
    defined = [value for value in kappa.values() if value is not None]
    return Agreement(
        kappa=kappa,
        mean_kappa=float(np.mean(defined)) if defined else None,
        n=len(model_codes),
        staff_counts=dict(zip(code_book.keys, staff.sum(axis=0).tolist(), strict=True)),
        model_counts=dict(zip(code_book.keys, model.sum(axis=0).tolist(), strict=True)),
    )


def _kappa(model: np.ndarray, staff: np.ndarray) -> float | None:
    if model.size == 0:
        return None
    constant = model.all() == model.any() and staff.all() == staff.any()
    if constant and model[0] == staff[0]:
        return None  # chance agreement is perfect: kappa is 0/0
    value = float(cohen_kappa_score(model, staff))
    return None if math.isnan(value) else value


def held_out_agreement(
    coder: Coder,
    texts: Sequence[str | None],
    labels: Sequence[Iterable[str]],
    *,
    seed: int = 0,
    fraction: float = 0.25,
) -> HeldOutAgreement:
    """Hold out `fraction` of the reviewed answers (drawn with `seed`), train on the rest.

    `coder` gives the code book and settings; it is not changed.
    """
    texts = text_sequence("texts", texts, TextCodingError)
    if isinstance(labels, (str, bytes)):
        raise TextCodingError("labels is a single string; labels must be a list of code sets")
    if len(texts) != len(labels):
        raise TextCodingError(
            f"texts has {len(texts)} entries and labels {len(labels)}; "
            "texts and labels must have the same length"
        )
    fraction = finite_number("fraction", fraction, TextCodingError)
    if not 0.0 < fraction < 1.0:
        raise TextCodingError(f"fraction is {fraction:g}; fraction must be between 0 and 1")
    seed = whole_number("seed", seed, TextCodingError, low=0)
    order = np.random.default_rng(seed).permutation(len(texts))
    size = math.ceil(fraction * len(texts))
    if size < 1 or size >= len(texts):
        raise TextCodingError("need at least two reviewed answers to hold some out")
    held, train = np.sort(order[:size]), np.sort(order[size:])
    train_texts = [texts[i] for i in train]
    held_texts = [texts[i] for i in held]
    staff = [set(set_of_str(f"labels[{i}]", labels[i], TextCodingError)) for i in held]
    retrained = coder.fresh().fit(train_texts, [labels[i] for i in train])
    seeds_only = coder.fresh().bootstrap(train_texts)
    book = coder.code_book
    return HeldOutAgreement(
        retrained=agreement(retrained.decide(held_texts), staff, book),
        seeds_only=agreement(seeds_only.decide(held_texts), staff, book),
        train_size=len(train),
        held_out=tuple(held.tolist()),
    )
