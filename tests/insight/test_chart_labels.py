"""Long statement names wrap onto two lines beside the chart instead of being cut short."""

from __future__ import annotations

from overture.insight.charts import interval_chart


def test_a_long_statement_wraps_onto_two_lines_and_keeps_its_full_name():
    name = "I felt welcome as someone new to this concert"
    band = interval_chart([(name, [])], []).bands[0]
    assert band.lines == ("I felt welcome as someone", "new to this concert")
    assert band.name == name


def test_a_short_statement_stays_on_one_line():
    assert interval_chart([("Enjoying the art", [])], []).bands[0].lines == ("Enjoying the art",)


def test_a_very_long_statement_ends_its_second_line_with_an_ellipsis():
    name = "Applauding at the right moment, and knowing when not to, in a long symphony"
    first, second = interval_chart([(name, [])], []).bands[0].lines
    assert first == "Applauding at the right"
    assert second.endswith("…") and len(second) <= 26
