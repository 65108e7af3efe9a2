"""Rows for exported files (CSV) that are safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.functional import Promise

RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text in a CSV file: a leading = + - @ must not start a formula when it is opened."""
    return "'" + text if text.startswith(RISKY_START) else text


def csv_row(row: Sequence) -> list:
    """An export row for CSV: every text cell (labels, titles, answers) through `safe_cell`.

    The export rows hold text as typed; XLSX keeps it unaltered by writing it as text cells.
    """
    return [safe_cell(value) if isinstance(value, str | Promise) else value for value in row]
