"""The translation catalogues are the package's own: made and compiled from inside it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

# src/overture: its templates and Python, never the virtualenv, tests or benchmarks beside it.
PACKAGE = Path(__file__).resolve().parents[2]


def in_package(handle: Any, *args: Any, **options: Any) -> Any:
    """Run a catalogue command with the package as the working directory."""
    with contextlib.chdir(PACKAGE):
        return handle(*args, **options)
