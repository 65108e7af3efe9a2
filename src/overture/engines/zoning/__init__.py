"""Zoning: seating the registrants of an activity in its zones so they disturb each other least.

`problem` holds the inputs and the result, `seating` the method (`zone`, and the greedy
baseline `greedy_zoning`), `search` the local search that polishes small activities.
See docs/engines/zoning.md.
"""

from overture.engines.zoning.problem import (
    ALONE,
    NO_ZONE,
    Unseated,
    Zoning,
    ZoningError,
    ZoningProblem,
)
from overture.engines.zoning.seating import greedy_zoning, zone

__all__ = [
    "ALONE",
    "NO_ZONE",
    "Unseated",
    "Zoning",
    "ZoningError",
    "ZoningProblem",
    "greedy_zoning",
    "zone",
]
