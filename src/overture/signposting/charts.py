"""A horizontal bar chart as plain geometry, drawn as inline SVG by the template.

No chart library and nothing downloaded: the server lays the bars out, the page draws them,
and a table next to the chart carries the same numbers for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 130  # room for the row names, left of the bars
BAR_AREA = 360  # the width of 100 %
VALUE_GAP = 8
ROW_HEIGHT = 34
BAR_HEIGHT = 22
TOP = 24  # room for the scale above the bars
CHART_WIDTH = LABEL_WIDTH + BAR_AREA + 170


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # percent, 0–100
    text: str  # what is written after the bar
    y: int  # top of the row
    length: float  # bar length in chart units

    @property
    def text_x(self) -> float:
        return LABEL_WIDTH + self.length + VALUE_GAP

    @property
    def middle(self) -> int:
        return self.y + ROW_HEIGHT // 2


@dataclass(frozen=True)
class Tick:
    percent: int
    x: float


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    bar_offset: int = (ROW_HEIGHT - BAR_HEIGHT) // 2

    @property
    def height(self) -> int:
        return TOP + ROW_HEIGHT * len(self.bars) + 4

    @property
    def axis_bottom(self) -> int:
        return self.height - 4


def percent_bars(rows: Sequence[tuple[str, float, str]]) -> BarChart:
    """A chart of (label, percent, text) rows, top to bottom, on a 0–100 % scale."""
    bars = tuple(
        Bar(
            label=label,
            value=value,
            text=text,
            y=TOP + index * ROW_HEIGHT,
            length=round(BAR_AREA * min(max(value, 0.0), 100.0) / 100, 1),
        )
        for index, (label, value, text) in enumerate(rows)
    )
    ticks = tuple(Tick(p, LABEL_WIDTH + BAR_AREA * p / 100) for p in (0, 25, 50, 75, 100))
    return BarChart(bars, ticks)
