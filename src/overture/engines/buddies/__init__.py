"""Buddies: pairing newcomers who ask for help with experienced volunteers.

`candidates` encodes who may help whom and what each pair costs, `season` does the same for
requests that name no activity, `problem` builds the assignment, `matching` solves it with the
shared min-cost-flow core and `reasons` says why in codes with parameters, which the apps
put into words. See docs/engines/buddies.md.
"""

from overture.engines.buddies.matching import (
    Buddies,
    BuddyError,
    BuddyMatching,
    BuddyProblem,
    CostWeights,
    Pair,
    Requests,
    Unmatched,
    buddy_problem,
    match,
)
from overture.engines.buddies.reasons import Reason

__all__ = [
    "Buddies",
    "BuddyError",
    "BuddyMatching",
    "BuddyProblem",
    "CostWeights",
    "Pair",
    "Reason",
    "Requests",
    "Unmatched",
    "buddy_problem",
    "match",
]
