"""Means with their 95 % intervals as dots with whiskers: plain geometry, drawn as inline SVG.

One band per value dimension, one line per segment inside it: a dot at the mean on the 1–5
agreement scale and a whisker across its interval. Segments differ in shape as well as in
colour, each line carries its mean and n in words, and the table beside the chart has the same
numbers, so colour is never the only way to tell the segments apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from overture.charts import (
    LEVEL_COLOURS,
    MARKER,
    LegendItem,
    Scale,
    Tick,
    diamond_points,
    wrap_label,
)

from .selectors_analytics import SMALL_N, Figure

LABEL_WIDTH = 190  # room for the dimension names, left of the scale
SCALE_WIDTH = 360  # from 1 to 5
TEXT_WIDTH = 130  # the mean and n, right of the scale
TOP = 44  # the legend and the scale's numbers
LINE_HEIGHT = 18
BAND_GAP = 12
LEGEND_ITEM = 170
LOWEST, HIGHEST = 1, 5
LABEL_CHARACTERS = 26

SCALE = Scale(SCALE_WIDTH, start=LABEL_WIDTH, low=LOWEST, high=HIGHEST)

# Fill and marker shape per segment, in order; shapes tell segments apart without colour.
STYLES: tuple[tuple[str, str], ...] = (
    (LEVEL_COLOURS[1][0], "circle"),
    (LEVEL_COLOURS[2][0], "square"),
    (LEVEL_COLOURS[3][0], "diamond"),
    ("#ffffff", "circle"),  # level not known: a hollow ring, apart from the levels
)


@dataclass(frozen=True)
class Dot:
    segment: str
    figure: Figure
    y: int
    fill: str
    shape: str

    @property
    def shown(self) -> bool:
        return self.figure.mean is not None

    @property
    def x(self) -> float:
        return SCALE.x(self.figure.mean) if self.figure.mean is not None else 0.0

    @property
    def has_interval(self) -> bool:
        return self.figure.low is not None

    @property
    def x_low(self) -> float:
        return SCALE.x(self.figure.low) if self.figure.low is not None else self.x

    @property
    def x_high(self) -> float:
        return SCALE.x(self.figure.high) if self.figure.high is not None else self.x

    @property
    def corner(self) -> float:
        """Left edge of a square marker around the mean."""
        return round(self.x - MARKER, 1)

    @property
    def diamond(self) -> str:
        """Points of a diamond marker around the mean."""
        return diamond_points(self.x, self.y)

    @property
    def text(self) -> str:
        if self.figure.mean is None:
            return _("no answers (n %(n)s)") % {"n": self.figure.n}
        return _("%(mean)s (n %(n)s)") % {"mean": f"{self.figure.mean:.1f}", "n": self.figure.n}

    @property
    def words(self) -> str:
        f = self.figure
        if f.mean is None:
            return _("%(segment)s: no answers") % {"segment": self.segment}
        values = {
            "segment": self.segment,
            "mean": f"{f.mean:.1f}",
            "low": f"{f.low:.1f}" if f.low is not None else "",
            "high": f"{f.high:.1f}" if f.high is not None else "",
            "n": f.n,
        }
        if f.low is None:
            said = _("%(segment)s: mean %(mean)s, n %(n)s") % values
        else:
            said = (
                _("%(segment)s: mean %(mean)s, 95%% interval %(low)s to %(high)s, n %(n)s") % values
            )
        if f.n < SMALL_N:
            return _("%(figure)s (too few to say)") % {"figure": said}
        return said


@dataclass(frozen=True)
class Band:
    name: str
    lines: tuple[str, ...]  # the name, wrapped to fit left of the scale
    y: int
    height: int
    dots: tuple[Dot, ...]

    @property
    def middle(self) -> int:
        return self.y + self.height // 2


@dataclass(frozen=True)
class IntervalChart:
    bands: tuple[Band, ...]
    legend: tuple[LegendItem, ...]
    ticks: tuple[Tick, ...]
    height: int
    width: int = LABEL_WIDTH + SCALE_WIDTH + TEXT_WIDTH
    label_width: int = LABEL_WIDTH
    text_x: int = LABEL_WIDTH + SCALE_WIDTH + 10

    @property
    def summary(self) -> str:
        """The chart in one sentence per dimension, for its text alternative."""
        return " ".join(
            f"{band.name}: " + "; ".join(dot.words for dot in band.dots) + "."
            for band in self.bands
        )


def interval_chart(rows: Sequence[tuple[str, Sequence[Figure]]], segments: Sequence[str]):
    """Dots with whiskers: one band per (label, figures per segment) row, top to bottom."""
    legend = tuple(
        LegendItem(name, i * LEGEND_ITEM, *STYLES[i % len(STYLES)])
        for i, name in enumerate(segments)
    )
    band_height = LINE_HEIGHT * len(segments)
    bands = []
    y = TOP
    for label, figures in rows:
        dots = tuple(
            Dot(
                segments[i],
                figure,
                y + LINE_HEIGHT * i + LINE_HEIGHT // 2,
                *STYLES[i % len(STYLES)],
            )
            for i, figure in enumerate(figures)
        )
        lines = wrap_label(label, LABEL_CHARACTERS, max_lines=2)
        bands.append(Band(label, lines, y, band_height, dots))
        y += band_height + BAND_GAP
    ticks = SCALE.ticks(range(LOWEST, HIGHEST + 1))
    return IntervalChart(tuple(bands), legend, ticks, height=y)
