"""Matching newcomers' requests to buddies: fetch arrays, run the engine, save the pairs.

A run for one activity matches that activity's open requests. A run for the whole season
goes through every upcoming activity with open requests, soonest first, then the requests
for the whole season — one engine call (a *step*) each, because a buddy's capacity at one
activity and over the season are two different limits. Pairs proposed by earlier steps
count against the season limit of later ones.

In every step, pairs that are published, accepted or locked by staff stay as they are:
they go to the engine as `fixed` and use their buddy's capacity. Proposals that are not
locked are proposed again from scratch. A buddy someone declined is never proposed to that
request again. Runs with many requests work in a thread, updating `progress` as they go.

One module a part, each using only those before it:

- `fetch` loads a step's problem from the database as arrays (`build_problem`);
- `compute` calls the engine on it (`run_engine`, and `candidates` for staff choosing);
- `save` writes the proposals of a step, of a rematch after a decline, or of a staff change;
- `runs` manages the run row, its progress and the thread of large runs (`start_matching`).
"""

from .compute import Candidate, Outcome, Proposal, eligible_buddies
from .fetch import SEASON, Problem, build_problem, declined_buddies
from .runs import (
    BACKGROUND_FROM,
    STALE_AFTER,
    execute_run,
    requests_in_scope,
    start_matching,
    start_worker,
)
from .save import (
    CHOSEN_BY_STAFF,
    change_buddy,
    level_gap,
    match_step,
    meeting_activity_id,
    rematch,
    save_outcome,
)

__all__ = [
    "BACKGROUND_FROM",
    "CHOSEN_BY_STAFF",
    "SEASON",
    "STALE_AFTER",
    "Candidate",
    "Outcome",
    "Problem",
    "Proposal",
    "build_problem",
    "change_buddy",
    "declined_buddies",
    "eligible_buddies",
    "execute_run",
    "level_gap",
    "match_step",
    "meeting_activity_id",
    "rematch",
    "requests_in_scope",
    "save_outcome",
    "start_matching",
    "start_worker",
]
