"""The assignment problem behind buddy matching, with alike requests solved together.

Two requests that agree on everything the rules and costs look at — activity (or, for the
season, the activities they go to), language, age group, the level needed in each practice,
the earlier buddy — have the same candidates at the same costs. They become one row of the
`AssignmentProblem` asking as many units as there are such requests; the optimum is the
same, the network several times smaller. Afterwards the units of a row go to its requests in
request order: among alike requests, earlier ones are matched first.
See docs/engines/buddies.md ("Alike requests").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from overture.engines.assignment import AssignmentProblem, Pools
from overture.engines.buddies.candidates import (
    CandidateIndex,
    CostWeights,
    Encoded,
    find_candidates,
    pair_costs,
)
from overture.engines.buddies.season import season_candidates

__all__ = ["BuddyProblem", "build_problem", "request_classes"]


@dataclass(frozen=True, eq=False)
class BuddyProblem:
    """The assignment problem of a matching and how its rows map back to requests.

    `assignment` has one row per class of alike requests (demand = how many), suppliers are
    the buddies. `candidate_count[r]` counts the buddies request r may be paired with.
    """

    assignment: AssignmentProblem
    request_class: np.ndarray  # (R,) row of each request
    class_first: np.ndarray  # (C,) lowest request index of each row
    candidate_count: np.ndarray  # (R,)
    encoded: Encoded
    fixed: np.ndarray  # (F, 2) request, buddy

    @property
    def fixed_rows(self) -> list[tuple[int, int]]:
        """The fixed pairs as (row, buddy), for `assignment.solve`."""
        rows = self.request_class[self.fixed[:, 0]]
        return list(zip(rows.tolist(), self.fixed[:, 1].tolist(), strict=True))

    def buddy_of(self, flows: np.ndarray) -> np.ndarray:
        """(R,) buddy of each request from a solution's (row, buddy, units) flows; -1 none."""
        count = self.request_class.size
        buddy_of = np.full(count, -1, dtype=np.int64)
        if flows.size == 0:
            return buddy_of
        unit_row = np.repeat(flows[:, 0], flows[:, 2])
        unit_buddy = np.repeat(flows[:, 1], flows[:, 2])
        members = np.argsort(self.request_class, kind="stable")  # by row, then request
        row = self.request_class[members]
        rank = np.arange(count) - np.searchsorted(row, row)
        first_unit = np.searchsorted(unit_row, row)
        units = np.searchsorted(unit_row, row, "right") - first_unit
        served = rank < units
        buddy_of[members[served]] = unit_buddy[first_unit[served] + rank[served]]
        return buddy_of

    def per_request(self) -> AssignmentProblem:
        """The same problem with one row per request and one arc per allowed pair, pools
        expanded (for checks and baselines: it can be much larger)."""
        problem = self.assignment
        rows, buddy, cost = problem.pairs()
        start = np.searchsorted(rows, self.request_class)
        counts = np.searchsorted(rows, self.request_class, "right") - start
        request = np.repeat(np.arange(self.request_class.size), counts)
        within = np.arange(request.size) - np.repeat(np.cumsum(counts) - counts, counts)
        arcs = np.repeat(start, counts) + within
        return AssignmentProblem(
            request_count=self.request_class.size,
            supplier_count=problem.supplier_count,
            capacity=problem.capacity,
            arc_request=request,
            arc_supplier=buddy[arcs],
            arc_cost=cost[arcs],
            slot_cost=problem.slot_cost,
        )


def request_classes(enc: Encoded, separate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class of each request, first request of each class); `separate` requests stay alone."""
    count = enc.request_count
    if count == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    ptr, codes = enc.request_activity_ptr.tolist(), enc.request_activity.tolist()
    sets: dict[tuple[int, ...], int] = {}
    season_set = np.zeros(count, dtype=np.int64)
    for r in np.flatnonzero(enc.activity < 0).tolist():
        season_set[r] = sets.setdefault(tuple(codes[ptr[r] : ptr[r + 1]]), len(sets) + 1)
    alone = np.zeros(count, dtype=np.int64)
    alone[separate] = np.asarray(separate, dtype=np.int64) + 1
    keys = np.column_stack(
        [
            enc.activity,
            season_set,
            enc.language,
            enc.minor,
            enc.previous,
            alone,
            enc.need,
        ]
    ).astype(np.int64)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    # Number the classes in the order of their first request, for a readable problem.
    order = np.argsort(first, kind="stable")
    renumber = np.empty_like(order)
    renumber[order] = np.arange(order.size)
    return renumber[inverse.ravel()], first[order]


def build_problem(enc: Encoded, weights: CostWeights, fixed: np.ndarray) -> BuddyProblem:
    """Candidates of one request per class, as rows with demand = class size.

    Activity requests get one arc per candidate; season requests direct arcs and pools
    (`season`). Fixed pairs become arcs too, at their cost, even if a hard rule no
    longer allows them.
    """
    request_class, class_first = request_classes(enc, fixed[:, 0])
    class_count = class_first.size
    row_of_first = np.full(enc.request_count, -1, dtype=np.int64)
    row_of_first[class_first] = np.arange(class_count)
    index = CandidateIndex(enc)
    season = enc.activity[class_first] < 0
    found = find_candidates(enc, weights, class_first[~season], index=index)
    seasonal = season_candidates(enc, weights, class_first[season])
    per_class = np.zeros(class_count, dtype=np.int64)
    per_class[~season] = np.bincount(row_of_first[found.request], minlength=class_count)[~season]
    per_class[season] = seasonal.count
    pools = seasonal.pools
    fixed_cost = pair_costs(enc, weights, fixed[:, 0], fixed[:, 1])
    problem = AssignmentProblem(
        request_count=class_count,
        supplier_count=enc.buddy_count,
        capacity=enc.capacity,
        arc_request=np.concatenate(
            [
                row_of_first[found.request],
                row_of_first[seasonal.direct.request],
                request_class[fixed[:, 0]],
            ]
        ),
        arc_supplier=np.concatenate([found.buddy, seasonal.direct.buddy, fixed[:, 1]]),
        arc_cost=np.concatenate([found.cost, seasonal.direct.cost, fixed_cost]),
        demand=np.bincount(request_class, minlength=class_count),
        slot_cost=weights.load * np.arange(max(int(enc.capacity.max(initial=0)), 1)),
        pools=Pools(
            count=pools.count,
            member_pool=pools.member_pool,
            member_supplier=pools.member_supplier,
            arc_request=row_of_first[pools.arc_request],
            arc_pool=pools.arc_pool,
            arc_cost=pools.arc_cost,
        ),
    )
    return BuddyProblem(
        assignment=problem,
        request_class=request_class,
        class_first=class_first,
        candidate_count=per_class[request_class],
        encoded=enc,
        fixed=fixed,
    )
