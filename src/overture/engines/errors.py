"""The errors engines raise, under one base, so an app can catch every engine refusal at once.

`EngineError` is a `ValueError`: an engine refuses what it is given, it never fails silently.
Each area raises its own subclass (`SignpostingError`, `ZoningError`, ...) of `EngineInputError`
for inputs it cannot work with; the assignment core raises `Infeasible` when fixed choices
leave no solution.
"""

from __future__ import annotations

__all__ = ["EngineError", "EngineInputError"]


class EngineError(ValueError):
    """Something an engine cannot do with what it was given; the base of every engine error."""


class EngineInputError(EngineError):
    """Inputs an engine cannot work with; every engine's own input error derives from it."""
