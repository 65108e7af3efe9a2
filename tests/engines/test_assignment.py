"""The min-cost-flow assignment: optimal against an independent solver, and its guarantees."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from overture.engines.assignment import (
    AssignmentError,
    AssignmentProblem,
    Infeasible,
    Pools,
    solve,
)

UNMATCHED = 10**6  # above any total pair cost of the small instances below
FORBIDDEN = 10**10  # above UNMATCHED × requests: a forbidden pair is worse than none


def random_problem(rng: np.random.Generator, *, demand=False, slots=False, pools=False):
    requests, suppliers = int(rng.integers(1, 9)), int(rng.integers(1, 6))
    allowed = rng.random((requests, suppliers)) < 0.5
    r, s = np.nonzero(allowed)
    pool_set = None
    if pools:
        # Some pairs only through pools: a pool is a random set of suppliers.
        count = int(rng.integers(1, 4))
        member = rng.random((count, suppliers)) < 0.5
        member_pool, member_supplier = np.nonzero(member)
        offered = rng.random((requests, count)) < 0.4
        arc_request, arc_pool = np.nonzero(offered)
        pool_set = Pools(
            count=count,
            member_pool=member_pool,
            member_supplier=member_supplier,
            arc_request=arc_request,
            arc_pool=arc_pool,
            arc_cost=rng.integers(0, 30, size=arc_request.size),
        )
    return AssignmentProblem(
        request_count=requests,
        supplier_count=suppliers,
        capacity=rng.integers(0, 4, size=suppliers),
        arc_request=r,
        arc_supplier=s,
        arc_cost=rng.integers(0, 30, size=r.size),
        demand=rng.integers(0, 3, size=requests) if demand else None,
        slot_cost=np.sort(rng.integers(0, 12, size=3)) if slots else None,
        pools=pool_set,
    )


def independent_optimum(problem: AssignmentProblem) -> tuple[int, int]:
    """(matched units, total cost) by scipy's linear_sum_assignment on units × slots.

    Rows are the requests' units; columns are every supplier's slots (at the slot's cost)
    and one "unmatched" column per unit. A forbidden pair costs more than leaving every
    unit unmatched, and leaving one unmatched more than any set of pairs: the optimum is
    the most units matched, then the cheapest.
    """
    request, supplier, cost = problem.pairs()
    pair_cost = np.full((problem.request_count, problem.supplier_count), FORBIDDEN)
    pair_cost[request, supplier] = cost
    unit_request = np.repeat(np.arange(problem.request_count), problem.demand)
    slot_supplier = np.repeat(np.arange(problem.supplier_count), problem.capacity)
    slot = np.arange(slot_supplier.size) - np.repeat(
        np.cumsum(problem.capacity) - problem.capacity, problem.capacity
    )
    units = unit_request.size
    if units == 0:
        return 0, 0
    matrix = np.full((units, slot_supplier.size + units), FORBIDDEN, dtype=np.int64)
    matrix[:, : slot_supplier.size] = (
        pair_cost[unit_request][:, slot_supplier]
        + (problem.unit_slot_cost(slot_supplier, slot)[None, :])
    )
    matrix[np.arange(units), slot_supplier.size + np.arange(units)] = UNMATCHED
    rows, cols = linear_sum_assignment(matrix)
    real = cols < slot_supplier.size
    chosen = matrix[rows[real], cols[real]]
    assert (chosen < FORBIDDEN).all()
    return int(real.sum()), int(chosen.sum())


def recomputed_cost(problem: AssignmentProblem, result) -> int:
    """Total cost from the flows: each pair's cheapest arc, plus the suppliers' load costs."""
    request, supplier, cost = problem.pairs()
    pairs = zip(request.tolist(), supplier.tolist(), cost.tolist(), strict=True)
    cheapest = {(r, s): c for r, s, c in pairs}
    total = 0
    load = np.zeros(problem.supplier_count, dtype=np.int64)
    for r, s, units in result.flows.tolist():
        total += cheapest[(r, s)] * units
        load[s] += units
    for s, used in enumerate(load.tolist()):
        total += int(sum(problem.unit_slot_cost(s, k) for k in range(used)))
    return total


class TestOptimality:
    @pytest.mark.parametrize("seed", range(60))
    def test_matches_linear_sum_assignment(self, seed):
        rng = np.random.default_rng(seed)
        problem = random_problem(
            rng, demand=seed % 2 == 1, slots=seed % 3 == 0, pools=seed % 4 == 0
        )
        result = solve(problem)
        assert (result.matched, result.total_cost) == independent_optimum(problem)
        assert result.total_cost == recomputed_cost(problem, result)

    def test_two_matched_beat_one_cheap_pair(self):
        problem = AssignmentProblem(
            request_count=2,
            supplier_count=2,
            capacity=[1, 1],
            arc_request=[0, 0, 1],
            arc_supplier=[0, 1, 0],
            arc_cost=[0, 100, 0],
        )
        result = solve(problem)
        assert result.matched == 2
        assert result.supplier_of.tolist() == [1, 0]
        assert result.total_cost == 100

    def test_demand_beyond_capacity_gives_a_partial_assignment(self):
        problem = AssignmentProblem(
            request_count=3,
            supplier_count=1,
            capacity=[2],
            arc_request=[0, 1, 2],
            arc_supplier=[0, 0, 0],
            arc_cost=[5, 1, 3],
        )
        result = solve(problem)
        assert result.matched == 2
        assert result.supplier_of.tolist() == [-1, 0, 0]
        assert result.total_cost == 4

    def test_slot_costs_spread_the_load(self):
        problem = AssignmentProblem(
            request_count=2,
            supplier_count=2,
            capacity=[2, 2],
            arc_request=[0, 0, 1, 1],
            arc_supplier=[0, 1, 0, 1],
            arc_cost=[0, 1, 0, 1],
            slot_cost=[0, 5],
        )
        result = solve(problem)
        assert sorted(result.supplier_of.tolist()) == [0, 1]
        assert result.total_cost == 1

    def test_a_request_may_take_several_units_of_one_supplier(self):
        problem = AssignmentProblem(
            request_count=1,
            supplier_count=2,
            capacity=[3, 3],
            arc_request=[0, 0],
            arc_supplier=[0, 1],
            arc_cost=[1, 2],
            demand=[4],
        )
        result = solve(problem)
        assert result.flows.tolist() == [[0, 0, 3], [0, 1, 1]]
        assert result.supplier_of.tolist() == [0]
        assert (result.matched, result.total_cost) == (4, 5)

    def test_pools_mean_the_same_as_their_pairs(self):
        for seed in range(40):
            problem = random_problem(np.random.default_rng(seed), pools=True, slots=True)
            request, supplier, cost = problem.pairs()
            plain = AssignmentProblem(
                request_count=problem.request_count,
                supplier_count=problem.supplier_count,
                capacity=problem.capacity,
                arc_request=request,
                arc_supplier=supplier,
                arc_cost=cost,
                slot_cost=problem.slot_cost,
            )
            ours, theirs = solve(problem), solve(plain)
            assert (ours.matched, ours.total_cost) == (theirs.matched, theirs.total_cost)

    def test_nothing_to_match(self):
        for problem in (
            AssignmentProblem(0, 0, [], [], [], []),
            AssignmentProblem(2, 0, [], [], [], []),
            AssignmentProblem(2, 1, [3], [], [], []),
        ):
            result = solve(problem)
            assert result.matched == result.total_cost == 0
            assert (result.supplier_of == -1).all()


class TestFixed:
    def test_fixed_pairs_are_kept_even_when_not_allowed(self):
        problem = AssignmentProblem(
            request_count=2,
            supplier_count=2,
            capacity=[1, 1],
            arc_request=[0, 1],
            arc_supplier=[0, 0],
            arc_cost=[1, 1],
        )
        result = solve(problem, fixed=[(1, 1)])
        assert result.supplier_of.tolist() == [0, 1]
        assert result.total_cost == 1  # a fixed pair without an arc costs nothing

    def test_fixed_pairs_use_capacity(self):
        problem = AssignmentProblem(
            request_count=2,
            supplier_count=1,
            capacity=[1],
            arc_request=[0, 1],
            arc_supplier=[0, 0],
            arc_cost=[0, 9],
        )
        result = solve(problem, fixed=[(1, 0)])
        assert result.supplier_of.tolist() == [-1, 0]
        assert result.total_cost == 9

    def test_fixed_pairs_take_the_first_slots(self):
        problem = AssignmentProblem(
            request_count=2,
            supplier_count=1,
            capacity=[2],
            arc_request=[0, 1],
            arc_supplier=[0, 0],
            arc_cost=[0, 0],
            slot_cost=[1, 10],
        )
        assert solve(problem, fixed=[(1, 0)]).total_cost == 11

    def test_fixed_pairs_beyond_capacity_are_infeasible(self):
        problem = AssignmentProblem(2, 1, [1], [0, 1], [0, 0], [0, 0])
        with pytest.raises(Infeasible):
            solve(problem, fixed=[(0, 0), (1, 0)])

    def test_more_fixed_pairs_than_demand_are_infeasible(self):
        problem = AssignmentProblem(1, 2, [1, 1], [0, 0], [0, 1], [0, 0])
        with pytest.raises(Infeasible):
            solve(problem, fixed=[(0, 0), (0, 1)])


class TestInputs:
    @pytest.mark.parametrize(
        "changes",
        [
            {"arc_cost": [-1]},
            {"arc_supplier": [3]},
            {"arc_request": [-1]},
            {"capacity": [1, 1]},
            {"demand": [1, 1]},
            {"slot_cost": [3, 1]},
            {"arc_cost": [1, 2]},
        ],
    )
    def test_bad_inputs_are_refused(self, changes):
        values = {
            "request_count": 1,
            "supplier_count": 1,
            "capacity": [1],
            "arc_request": [0],
            "arc_supplier": [0],
            "arc_cost": [1],
        } | changes
        with pytest.raises(AssignmentError):
            AssignmentProblem(**values)

    def test_fixed_pairs_must_name_requests_and_suppliers(self):
        with pytest.raises(AssignmentError):
            solve(AssignmentProblem(1, 1, [1], [0], [0], [0]), fixed=[(0, 5)])


@st.composite
def problems(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    flags = draw(st.tuples(st.booleans(), st.booleans(), st.booleans()))
    rng = np.random.default_rng(seed)
    problem = random_problem(rng, demand=flags[0], slots=flags[1], pools=flags[2])
    # Fixed pairs that fit: some allowed pairs, within demand and capacity.
    request, supplier, _ = problem.pairs()
    room, wants = problem.capacity.copy(), problem.demand.copy()
    fixed = []
    for r, s in zip(request.tolist(), supplier.tolist(), strict=True):
        if rng.random() < 0.2 and room[s] > 0 and wants[r] > 0:
            room[s] -= 1
            wants[r] -= 1
            fixed.append((r, s))
    return problem, fixed


class TestProperties:
    @settings(max_examples=150, deadline=None)
    @given(problems())
    def test_capacity_demand_and_forbidden_pairs(self, case):
        problem, fixed = case
        result = solve(problem, fixed=fixed)
        load = np.bincount(
            result.flows[:, 1], weights=result.flows[:, 2], minlength=problem.supplier_count
        )
        assert (load <= problem.capacity).all()
        assert (result.units <= problem.demand).all()
        request, supplier, _ = problem.pairs()
        allowed = set(zip(request.tolist(), supplier.tolist(), strict=True)) | set(fixed)
        assert {(r, s) for r, s, _ in result.flows.tolist()} <= allowed
        assert result.matched == int(result.units.sum())

    @settings(max_examples=150, deadline=None)
    @given(problems())
    def test_fixed_pairs_are_kept(self, case):
        problem, fixed = case
        result = solve(problem, fixed=fixed)
        units = {(r, s): u for r, s, u in result.flows.tolist()}
        for pair in set(fixed):
            assert units.get(pair, 0) >= fixed.count(pair)

    @settings(max_examples=150, deadline=None)
    @given(problems(), st.data())
    def test_more_capacity_never_matches_fewer(self, case, data):
        problem, fixed = case
        supplier = data.draw(st.integers(0, problem.supplier_count - 1))
        extra = data.draw(st.integers(1, 3))
        capacity = problem.capacity.copy()
        capacity[supplier] += extra
        larger = AssignmentProblem(
            request_count=problem.request_count,
            supplier_count=problem.supplier_count,
            capacity=capacity,
            arc_request=problem.arc_request,
            arc_supplier=problem.arc_supplier,
            arc_cost=problem.arc_cost,
            demand=problem.demand,
            slot_cost=problem.slot_cost,
            pools=problem.pools,
        )
        assert solve(larger, fixed=fixed).matched >= solve(problem, fixed=fixed).matched

    @settings(max_examples=100, deadline=None)
    @given(problems())
    def test_deterministic(self, case):
        problem, fixed = case
        first, second = solve(problem, fixed=fixed), solve(problem, fixed=fixed)
        assert np.array_equal(first.flows, second.flows)
        assert first.total_cost == second.total_cost
