"""The level mix per practice as stacked bars: plain geometry, drawn as inline SVG.

One row per practice, one segment per level (newcomer → expert, then not yet known), each
as wide as its share of the registrants. Every segment wide enough carries its count, the
legend names the levels in words and the table beside the chart has the same numbers, so
colour is never the only way to tell the levels apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from overture.audience.selectors_staff import PracticeLevelMix
from overture.charts import LEVEL_COLOURS, LegendItem, Scale, wrap_label

LABEL_WIDTH = 200  # room for the practice names, left of the bars
BAR_AREA = 420  # the width of 100 %
RIGHT = 20
ROW_HEIGHT = 40
BAR_HEIGHT = 26
LEGEND_HEIGHT = 34
LEGEND_ITEM = 112
SWATCH = 14
MIN_TEXT_WIDTH = 26  # narrower segments keep their count for the table
LABEL_CHARACTERS = 26
SCALE = Scale(BAR_AREA)


@dataclass(frozen=True)
class Segment:
    label: str
    count: int
    x: float
    width: float
    fill: str
    ink: str
    is_required: bool

    @property
    def shows_count(self) -> bool:
        return self.count > 0 and self.width >= MIN_TEXT_WIDTH

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Row:
    label: str
    y: int
    segments: tuple[Segment, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        return wrap_label(self.label, LABEL_CHARACTERS, max_lines=2)

    @property
    def middle(self) -> int:
        return self.y + BAR_HEIGHT // 2


@dataclass(frozen=True)
class LevelChart:
    rows: tuple[Row, ...]
    legend: tuple[LegendItem, ...]
    width: int = LABEL_WIDTH + BAR_AREA + RIGHT
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    swatch: int = SWATCH

    @property
    def height(self) -> int:
        return LEGEND_HEIGHT + ROW_HEIGHT * len(self.rows)

    @property
    def summary(self) -> str:
        """The chart in one sentence per practice, for its text alternative."""
        parts = []
        for row in self.rows:
            counts = ", ".join(
                (
                    _("%(level)s %(count)s (the level asked)")
                    if s.is_required
                    else _("%(level)s %(count)s")
                )
                % {"level": s.label.lower(), "count": s.count}
                for s in row.segments
            )
            parts.append(_("%(practice)s: %(counts)s.") % {"practice": row.label, "counts": counts})
        return " ".join(parts)


def level_chart(mixes: Sequence[PracticeLevelMix]) -> LevelChart:
    """Stacked bars of the registrants' levels, one row per practice."""
    legend = tuple(
        LegendItem(segment.label, i * LEGEND_ITEM, LEVEL_COLOURS[segment.level][0])
        for i, segment in enumerate(mixes[0].segments if mixes else ())
    )
    rows = []
    for index, mix in enumerate(mixes):
        x = float(LABEL_WIDTH)
        segments = []
        for share in mix.segments:
            width = SCALE.extent(share.share)
            fill, ink = LEVEL_COLOURS[share.level]
            segments.append(
                Segment(share.label, share.count, x, width, fill, ink, share.is_required)
            )
            x += width
        rows.append(Row(mix.practice.name, LEGEND_HEIGHT + index * ROW_HEIGHT, tuple(segments)))
    return LevelChart(tuple(rows), legend)
