"""Percent bars with long labels written above each bar, as geometry for an inline SVG.

`overture.signposting.charts.percent_bars` keeps its labels in a narrow column left of the
bars, which suits short names; the reasons a request found no buddy are whole sentences,
so here each label gets its own line(s) above its bar. A table beside the chart carries the
same numbers for screen readers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
BAR_AREA = 470  # the width of 100 %
VALUE_GAP = 8
LINE = 16  # height of a label line
BAR_HEIGHT = 18
ROW_GAP = 12
TOP = 24  # room for the scale
WRAP = 78  # characters per label line


@dataclass(frozen=True)
class LabelledBar:
    lines: tuple[tuple[str, int], ...]  # (text, baseline y) of each label line
    value: float  # percent, 0–100
    text: str
    bar_y: int
    length: float

    @property
    def text_x(self) -> float:
        return self.length + VALUE_GAP

    @property
    def middle(self) -> int:
        return self.bar_y + BAR_HEIGHT // 2


@dataclass(frozen=True)
class Tick:
    percent: int
    x: float


@dataclass(frozen=True)
class LabelledBarChart:
    bars: tuple[LabelledBar, ...]
    ticks: tuple[Tick, ...]
    height: int
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def axis_bottom(self) -> int:
        return self.height - 4


def labelled_bars(rows: Sequence[tuple[str, float, str]]) -> LabelledBarChart:
    """A chart of (label, percent, text) rows, top to bottom, on a 0–100 % scale."""
    bars = []
    y = TOP
    for label, value, text in rows:
        wrapped = textwrap.wrap(label, WRAP) or [""]
        lines = tuple((line, y + LINE * (i + 1) - 4) for i, line in enumerate(wrapped))
        bar_y = y + LINE * len(wrapped) + 2
        length = round(BAR_AREA * min(max(value, 0.0), 100.0) / 100, 1)
        bars.append(LabelledBar(lines, value, text, bar_y, length))
        y = bar_y + BAR_HEIGHT + ROW_GAP
    ticks = tuple(Tick(p, BAR_AREA * p / 100) for p in (0, 25, 50, 75, 100))
    return LabelledBarChart(tuple(bars), ticks, height=y + 4)
