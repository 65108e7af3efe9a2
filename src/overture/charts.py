"""The shared drawing of the server-drawn SVG charts: plain geometry, drawn by the templates.

No chart library and nothing downloaded: the server lays a chart out, the page draws it as
inline SVG, and a table next to the chart carries the same numbers for screen readers. This
module holds what every chart shares — a value scale and its ticks, wrapped labels, legend
items, markers, the level colours — and the two percent bar charts any page can use. A chart
of one app's own figures (the level mix, means with their intervals) lives in that app and
builds on these pieces. Nothing here imports an app, so every app may use it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

# Fill and text colour per level (None: not yet known), as the pages colour the levels.
LEVEL_COLOURS: dict[int | None, tuple[str, str]] = {
    0: ("#d7e9f7", "#1b1b1b"),
    1: ("#8fc1e6", "#1b1b1b"),
    2: ("#3b87c4", "#ffffff"),
    3: ("#1d4f7a", "#ffffff"),
    None: ("#dddddd", "#1b1b1b"),
}
PERCENTS = (0, 25, 50, 75, 100)
MARKER = 6  # half the width of a dot, square or diamond marker


@dataclass(frozen=True)
class Scale:
    """Values from `low` to `high`, drawn from x = `start` over `length` chart units."""

    length: float
    start: float = 0.0
    low: float = 0.0
    high: float = 100.0

    def extent(self, value: float) -> float:
        """How far along the scale the value lies, in chart units (outside values clamped)."""
        within = min(max(value, self.low), self.high)
        return round(self.length * (within - self.low) / (self.high - self.low), 1)

    def x(self, value: float) -> float:
        """Where the value lies on the chart."""
        within = min(max(value, self.low), self.high)
        return round(self.start + self.length * (within - self.low) / (self.high - self.low), 1)

    def ticks(self, values: Sequence[int]) -> tuple[Tick, ...]:
        return tuple(Tick(value, self.x(value)) for value in values)


@dataclass(frozen=True)
class Tick:
    """A gridline across the chart at one value of its scale."""

    value: int
    x: float

    # The templates name the value after the scale they draw.
    @property
    def percent(self) -> int:
        return self.value

    @property
    def score(self) -> int:
        return self.value


def wrap_label(text: str, characters: int, max_lines: int | None = None) -> tuple[str, ...]:
    """A label on lines of at most `characters`; past `max_lines` it ends in “…” (the full
    label then stays in the chart's <title>)."""
    return tuple(textwrap.wrap(text, characters, max_lines=max_lines, placeholder="…")) or ("",)


def diamond_points(x: float, y: float) -> str:
    """The points of a diamond marker centred on (x, y)."""
    return f"{x},{y - MARKER} {x + MARKER},{y} {x},{y + MARKER} {x - MARKER},{y}"


@dataclass(frozen=True)
class LegendItem:
    """One entry of a chart's legend: its words, where it starts, and how it is marked."""

    label: str
    x: int
    fill: str
    shape: str = "square"

    @property
    def diamond(self) -> str:
        return diamond_points(self.x + 7, 12)


# Percent bars with their labels in a column left of the bars, for short names.

LABEL_WIDTH = 130  # room for the row names, left of the bars
BAR_AREA = 360  # the width of 100 %
VALUE_GAP = 8  # between a bar's end and the text after it
ROW_HEIGHT = 34
BAR_HEIGHT = 22
TOP = 24  # room for the scale above the bars
BAR_SCALE = Scale(BAR_AREA, start=LABEL_WIDTH)


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
class BarChart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int = LABEL_WIDTH + BAR_AREA + 170
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
        Bar(label, value, text, y=TOP + index * ROW_HEIGHT, length=BAR_SCALE.extent(value))
        for index, (label, value, text) in enumerate(rows)
    )
    return BarChart(bars, BAR_SCALE.ticks(PERCENTS))


# Percent bars with each label on its own line(s) above its bar, for whole sentences.

LABELLED_WIDTH = 640
LABELLED_SCALE = Scale(470)
LINE = 16  # height of a label line
LABELLED_BAR_HEIGHT = 18
ROW_GAP = 12
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
        return self.bar_y + LABELLED_BAR_HEIGHT // 2


@dataclass(frozen=True)
class LabelledBarChart:
    bars: tuple[LabelledBar, ...]
    ticks: tuple[Tick, ...]
    height: int
    width: int = LABELLED_WIDTH
    bar_height: int = LABELLED_BAR_HEIGHT

    @property
    def axis_bottom(self) -> int:
        return self.height - 4


def labelled_bars(rows: Sequence[tuple[str, float, str]]) -> LabelledBarChart:
    """A chart of (label, percent, text) rows, top to bottom, on a 0–100 % scale."""
    bars = []
    y = TOP
    for label, value, text in rows:
        wrapped = wrap_label(label, WRAP)
        lines = tuple((line, y + LINE * (i + 1) - 4) for i, line in enumerate(wrapped))
        bar_y = y + LINE * len(wrapped) + 2
        bars.append(LabelledBar(lines, value, text, bar_y, LABELLED_SCALE.extent(value)))
        y = bar_y + LABELLED_BAR_HEIGHT + ROW_GAP
    return LabelledBarChart(tuple(bars), LABELLED_SCALE.ticks(PERCENTS), height=y + 4)
