"""The self-assessment in short steps: which questions each step asks, and where to pick up.

The practices come in their assessment order and are split into steps of at most
`STEP_SIZE` questions, as even as can be (14 questions: 4, 4, 3, 3), so no step is a lone
question. Someone coming back starts at the first step with a question they have neither
answered nor skipped.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from math import ceil
from typing import TypeVar

from overture.season.models import Practice

STEP_SIZE = 4

T = TypeVar("T")


def split_into_steps(items: Sequence[T], size: int = STEP_SIZE) -> list[list[T]]:
    """The items in order, in as few steps of at most `size` as possible, the longer first.

    >>> [len(step) for step in split_into_steps(range(14))]
    [4, 4, 3, 3]
    """
    count = ceil(len(items) / size)
    if count == 0:
        return []
    shorter, longer_steps = divmod(len(items), count)
    steps, start = [], 0
    for number in range(count):
        length = shorter + (1 if number < longer_steps else 0)
        steps.append(list(items[start : start + length]))
        start += length
    return steps


@dataclass(frozen=True)
class Step:
    """One step of the self-assessment, numbered from 1."""

    number: int
    count: int
    practices: list[Practice]

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def is_last(self) -> bool:
        return self.number == self.count


@dataclass(frozen=True)
class Plan:
    """Every step of the self-assessment for one organisation's practices."""

    steps: list[list[Practice]]

    @classmethod
    def of(cls, practices: Sequence[Practice]) -> Plan:
        return cls(split_into_steps(list(practices)))

    def __len__(self) -> int:
        return len(self.steps)

    def step(self, number: int) -> Step:
        """Step `number`, kept within the steps there are."""
        number = min(max(number, 1), len(self.steps))
        return Step(number, len(self.steps), self.steps[number - 1])

    def resume_at(self, seen: Collection[int], complete: bool) -> int:
        """The first step with a practice not in `seen` (answered or skipped).

        When every question has been seen, the last step if the person never finished (so
        they can), else the first (to look over their answers).
        """
        for number, practices in enumerate(self.steps, start=1):
            if any(practice.pk not in seen for practice in practices):
                return number
        return 1 if complete else len(self.steps)
