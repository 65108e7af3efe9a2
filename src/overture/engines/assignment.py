"""Optimal assignment of requests to suppliers with capacities: one min-cost-flow core.

Each request asks for some units (one by default: a newcomer asking for a buddy); each
supplier can take a number of units (a buddy's free slots, later the seats of a zone). Only
the allowed (request, supplier) pairs are given, each with a cost (lower is better); a
forbidden pair is simply absent. `solve` finds, **first, the largest number of matched units
and then, among all assignments matching that many, one of least total cost** — exactly, by a
maximum flow of minimum cost (OR-Tools' `SimpleMinCostFlow.solve_max_flow_with_min_cost`).
When the demand cannot be met, the result is a partial assignment; nothing is infeasible
except fixed pairs that do not fit.

A supplier's units may cost more the more of them are taken (`slot_cost`: the marginal cost
of its first, second, ... unit, non-decreasing), which spreads the load over suppliers.
`Pools` offer a request a whole set of suppliers at one cost with a single arc.

See docs/engines/buddies.md ("The flow network") for the network and its guarantees.

>>> problem = AssignmentProblem(
...     request_count=3, supplier_count=2, capacity=np.array([1, 1]),
...     arc_request=np.array([0, 0, 1]), arc_supplier=np.array([0, 1, 0]),
...     arc_cost=np.array([1, 5, 2]))
>>> result = solve(problem)   # request 0 gives way: two matched beat one cheap pair
>>> result.supplier_of.tolist(), result.matched, result.total_cost
([1, 0, -1], 2, 7)
>>> result = solve(problem, fixed=[(2, 0)])  # request 2 keeps an agreed pair, at no cost
>>> result.supplier_of.tolist(), result.matched, result.total_cost
([1, -1, 0], 2, 5)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from overture.engines.checks import bounded_total, whole_number, whole_numbers
from overture.engines.errors import EngineError, EngineInputError

__all__ = [
    "Assignment",
    "AssignmentError",
    "AssignmentProblem",
    "Infeasible",
    "Pools",
    "solve",
]

# OR-Tools scales costs by the number of nodes internally; stay well inside int64.
MAX_COST = 2**40


class AssignmentError(EngineInputError):
    """Inputs the assignment cannot work with: wrong shapes, negative costs, ..."""


class Infeasible(EngineError):
    """The fixed pairs alone ask more of a supplier (or a request) than it has."""


def _indices(name: str, value, bound: int) -> np.ndarray:
    rule = f"{name} must hold indices below {bound}"
    return whole_numbers(name, value, AssignmentError, low=0, high=bound - 1, rule=rule).ravel()


def _costs(name: str, value) -> np.ndarray:
    return whole_numbers(name, value, AssignmentError, low=0, high=MAX_COST).ravel()


def _vector(name: str, value, count: int) -> np.ndarray:
    rule = f"{name} must not be negative"
    array = whole_numbers(name, value, AssignmentError, low=0, rule=rule).ravel()
    if array.shape != (count,):
        raise AssignmentError(f"{name} has {array.size} values; {name} must hold {count} values")
    bounded_total(name, array, AssignmentError)
    return array


@dataclass(frozen=True, eq=False)
class Pools:
    """Sets of suppliers offered whole: an arc (request, pool, cost) allows the request
    every supplier of the pool at that cost.

    It means the same as one arc per member, with far fewer arcs when many requests are
    offered the same large sets. Pool p's members are `member_supplier[member_pool == p]`.
    Checked against the problem's sizes when given to `AssignmentProblem`.
    """

    count: int
    member_pool: np.ndarray
    member_supplier: np.ndarray
    arc_request: np.ndarray
    arc_pool: np.ndarray
    arc_cost: np.ndarray

    def checked(self, requests: int, suppliers: int) -> Pools:
        count = whole_number("pool count", self.count, AssignmentError, low=0)
        pools = Pools(
            count=count,
            member_pool=_indices("member_pool", self.member_pool, count),
            member_supplier=_indices("member_supplier", self.member_supplier, suppliers),
            arc_request=_indices("pool arc_request", self.arc_request, requests),
            arc_pool=_indices("arc_pool", self.arc_pool, count),
            arc_cost=_costs("pool arc_cost", self.arc_cost),
        )
        if pools.member_pool.size != pools.member_supplier.size:
            raise AssignmentError("member_pool and member_supplier must be as long")
        if not pools.arc_request.size == pools.arc_pool.size == pools.arc_cost.size:
            raise AssignmentError("pool arc_request, arc_pool and arc_cost must be as long")
        return pools

    def expanded(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The equivalent (request, supplier, cost) arcs, one per pool arc and member."""
        order = np.argsort(self.member_pool, kind="stable")
        pools = self.member_pool[order]
        start = np.searchsorted(pools, self.arc_pool)
        counts = np.searchsorted(pools, self.arc_pool, "right") - start
        arc = np.repeat(np.arange(self.arc_pool.size), counts)
        within = np.arange(arc.size) - np.repeat(np.cumsum(counts) - counts, counts)
        member = order[np.repeat(start, counts) + within]
        return self.arc_request[arc], self.member_supplier[member], self.arc_cost[arc]


@dataclass(frozen=True, eq=False)
class AssignmentProblem:
    """Requests, suppliers with capacities, and the allowed pairs with their costs.

    `arc_request[e]`, `arc_supplier[e]` and `arc_cost[e]` describe allowed pair *e*; a pair may
    carry as many units as its request asks. `demand` is the number of units per request (all
    1 when left out). `slot_cost` is the marginal cost of a supplier's first, second, ...
    unit: shape (S, K), or (K,) for the same costs everywhere, non-decreasing along K; units
    beyond the K-th cost the last column. Left out, a supplier's units cost nothing extra.
    `pools` adds pairs by whole sets of suppliers. A pair allowed twice costs the cheaper.
    """

    request_count: int
    supplier_count: int
    capacity: np.ndarray
    arc_request: np.ndarray
    arc_supplier: np.ndarray
    arc_cost: np.ndarray
    demand: np.ndarray | None = None
    slot_cost: np.ndarray | None = None
    pools: Pools | None = None

    def __post_init__(self) -> None:
        rule = "request_count and supplier_count must not be negative"
        requests = whole_number(
            "request_count", self.request_count, AssignmentError, low=0, rule=rule
        )
        suppliers = whole_number(
            "supplier_count", self.supplier_count, AssignmentError, low=0, rule=rule
        )
        demand = (
            np.ones(requests, dtype=np.int64)
            if self.demand is None
            else _vector("demand", self.demand, requests)
        )
        values = {
            "request_count": requests,
            "supplier_count": suppliers,
            "capacity": _vector("capacity", self.capacity, suppliers),
            "demand": demand,
            "arc_request": _indices("arc_request", self.arc_request, requests),
            "arc_supplier": _indices("arc_supplier", self.arc_supplier, suppliers),
            "arc_cost": _costs("arc_cost", self.arc_cost),
            "slot_cost": self._slot_costs(suppliers),
            "pools": None if self.pools is None else self.pools.checked(requests, suppliers),
        }
        if not values["arc_request"].size == values["arc_supplier"].size == values["arc_cost"].size:
            raise AssignmentError("arc_request, arc_supplier and arc_cost must be as long")
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _slot_costs(self, suppliers: int) -> np.ndarray | None:
        if self.slot_cost is None:
            return None
        costs = whole_numbers("slot_cost", self.slot_cost, AssignmentError, low=0, high=MAX_COST)
        if costs.ndim == 1:
            costs = np.broadcast_to(costs, (suppliers, costs.size))
        if costs.ndim != 2 or costs.shape[0] != suppliers:
            raise AssignmentError("slot_cost must have shape (suppliers, K) or (K,)")
        if costs.size and (costs.min() < 0 or costs.max() > MAX_COST):
            raise AssignmentError(f"slot costs must lie between 0 and {MAX_COST}")
        if np.any(np.diff(costs, axis=1) < 0):
            # Cheaper later units would be taken first: the flow could not price load right.
            raise AssignmentError("slot costs must not decrease from one unit to the next")
        return costs if costs.shape[1] else None

    @property
    def arc_count(self) -> int:
        """Arcs the solver sees: pairs, pool arcs and pool members."""
        pools = self.pools
        extra = 0 if pools is None else pools.arc_pool.size + pools.member_pool.size
        return self.arc_request.size + extra

    def unit_slot_cost(self, supplier, slot) -> np.ndarray:
        """Marginal cost of unit `slot` (0-based) of each `supplier` (elementwise)."""
        supplier, slot = np.asarray(supplier), np.asarray(slot)
        if self.slot_cost is None:
            return np.zeros(np.broadcast(supplier, slot).shape, dtype=np.int64)
        return self.slot_cost[supplier, np.minimum(slot, self.slot_cost.shape[1] - 1)]

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every allowed pair once, at its cheapest cost: (request, supplier, cost) arrays,
        sorted — the pools expanded. For checks and baselines; the solver never needs it."""
        request, supplier, cost = self.arc_request, self.arc_supplier, self.arc_cost
        if self.pools is not None:
            extra = self.pools.expanded()
            request, supplier, cost = (
                np.concatenate([a, b])
                for a, b in zip((request, supplier, cost), extra, strict=True)
            )
        order = np.lexsort((cost, supplier, request))
        request, supplier, cost = request[order], supplier[order], cost[order]
        first = np.ones(request.size, dtype=bool)
        first[1:] = (request[1:] != request[:-1]) | (supplier[1:] != supplier[:-1])
        return request[first], supplier[first], cost[first]


@dataclass(frozen=True, eq=False)
class Assignment:
    """The optimal assignment.

    `supplier_of[r]` is request r's supplier, -1 when unmatched (with a demand above one: the
    supplier holding most of its units, the lowest index on ties). `matched` counts matched
    units — matched requests when every demand is 1 — and `total_cost` adds the pair and slot
    costs of every matched unit, the fixed ones included. `units[r]` is how many of request
    r's units are matched; `flows` lists (request, supplier, units) rows, sorted.
    """

    supplier_of: np.ndarray
    matched: int
    total_cost: int
    units: np.ndarray | None = None
    flows: np.ndarray | None = None


def solve(problem: AssignmentProblem, *, fixed: Sequence[tuple[int, int]] = ()) -> Assignment:
    """The assignment matching the most units and, among those, of least total cost.

    `fixed` (request, supplier) pairs are kept as they are, one unit each, whether or not they
    are among the allowed pairs (a pair agreed earlier stays even if the rules have changed);
    they use the supplier's first units. A fixed pair costs its cheapest direct arc, 0
    without one. Raises `Infeasible` when fixed pairs exceed a capacity or a demand.
    """
    requests, suppliers = problem.request_count, problem.supplier_count
    fixed_pairs = whole_numbers("fixed", list(fixed), AssignmentError)
    if fixed_pairs.size == 0:
        fixed_pairs = fixed_pairs.reshape(0, 2)
    if fixed_pairs.ndim != 2 or fixed_pairs.shape[1] != 2:
        raise AssignmentError(
            f"fixed has shape {fixed_pairs.shape}; fixed must list (request, supplier) pairs"
        )
    _indices("fixed requests", fixed_pairs[:, 0], requests)
    _indices("fixed suppliers", fixed_pairs[:, 1], suppliers)
    fixed_units = np.bincount(fixed_pairs[:, 1], minlength=suppliers)
    demand = problem.demand - np.bincount(fixed_pairs[:, 0], minlength=requests)
    capacity = problem.capacity - fixed_units
    if np.any(demand < 0):
        raise Infeasible("more fixed pairs for a request than it asks units")
    if np.any(capacity < 0):
        over = int(np.flatnonzero(capacity < 0)[0])
        raise Infeasible(f"fixed pairs exceed the capacity of supplier {over}")

    network = _Network(problem, demand, capacity, fixed_units)
    rows, units, cost = network.solve()
    rows = np.concatenate([rows, fixed_pairs])
    units = np.concatenate([units, np.ones(len(fixed_pairs), dtype=np.int64)])
    cost += int(_fixed_costs(problem, fixed_pairs).sum())
    flows = _merge_rows(rows, units)
    load = np.bincount(flows[:, 1], weights=flows[:, 2], minlength=suppliers).astype(np.int64)
    return Assignment(
        supplier_of=_main_supplier(flows, requests),
        matched=int(units.sum()),
        total_cost=cost + _load_cost(problem, load),
        units=np.bincount(flows[:, 0], weights=flows[:, 2], minlength=requests).astype(np.int64),
        flows=flows,
    )


class _Network:
    """The flow network of the free demand and capacity, solved by OR-Tools.

    Nodes: requests 0..R-1, suppliers R..R+S-1, pools R+S..R+S+Q-1, then a source feeding
    every request its demand and a sink taking every supplier's capacity, unit by unit at
    its slot cost. Arcs: source → request, request → supplier (the pairs), request → pool →
    supplier (the pools), supplier → sink.
    """

    def __init__(self, problem, demand, capacity, fixed_units) -> None:
        self.problem, self.demand, self.capacity = problem, demand, capacity
        self.fixed_units = fixed_units
        asks = demand > 0
        has_room = capacity > 0
        self.arcs = np.flatnonzero(asks[problem.arc_request] & has_room[problem.arc_supplier])
        pools = problem.pools
        if pools is None:
            self.pool_arcs = self.members = np.zeros(0, dtype=np.int64)
        else:
            self.pool_arcs = np.flatnonzero(asks[pools.arc_request])
            self.members = np.flatnonzero(has_room[pools.member_supplier])

    def solve(self) -> tuple[np.ndarray, np.ndarray, int]:
        """(request, supplier) rows, their units and the pair cost of a maximum flow of
        minimum cost (without the slot costs)."""
        problem, demand = self.problem, self.demand
        empty = np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64), 0
        if self.arcs.size + self.pool_arcs.size == 0:
            return empty
        requests, suppliers = problem.request_count, problem.supplier_count
        pool_base = requests + suppliers
        pool_count = 0 if problem.pools is None else problem.pools.count
        source, sink = pool_base + pool_count, pool_base + pool_count + 1
        flow_network = min_cost_flow.SimpleMinCostFlow()
        add = _adder(flow_network)

        asking = np.flatnonzero(demand > 0)
        add(np.full(asking.size, source), asking, demand[asking], 0)
        arc_request = problem.arc_request[self.arcs]
        first = add(
            arc_request,
            requests + problem.arc_supplier[self.arcs],
            demand[arc_request],
            problem.arc_cost[self.arcs],
        )
        if problem.pools is not None:
            pools = problem.pools
            pool_request = pools.arc_request[self.pool_arcs]
            first_pool = add(
                pool_request,
                pool_base + pools.arc_pool[self.pool_arcs],
                demand[pool_request],
                pools.arc_cost[self.pool_arcs],
            )
            member_supplier = pools.member_supplier[self.members]
            first_member = add(
                pool_base + pools.member_pool[self.members],
                requests + member_supplier,
                self.capacity[member_supplier],
                0,
            )
        for tail, units, cost in _slot_arcs(problem, self.capacity, self.fixed_units):
            add(requests + tail, np.full(tail.size, sink), units, cost)
        total = int(demand[asking].sum())
        flow_network.set_node_supply(source, total)
        flow_network.set_node_supply(sink, -total)
        status = flow_network.solve_max_flow_with_min_cost()
        if status != flow_network.OPTIMAL:
            raise AssignmentError(f"the flow solver stopped with status {status.name}")

        def flows(start: int, count: int) -> np.ndarray:
            arcs = np.arange(start, start + count)
            return flow_network.flows(arcs).astype(np.int64)

        direct = flows(first, self.arcs.size)
        used = direct > 0
        rows = [np.column_stack([arc_request[used], problem.arc_supplier[self.arcs][used]])]
        units = [direct[used]]
        cost = int((direct * problem.arc_cost[self.arcs]).sum())
        if problem.pools is not None:
            into = flows(first_pool, self.pool_arcs.size)
            out = flows(first_member, self.members.size)
            cost += int((into * pools.arc_cost[self.pool_arcs]).sum())
            rows.append(self._through_pools(into, out))
            units.append(np.ones(len(rows[-1]), dtype=np.int64))
        return np.concatenate(rows), np.concatenate(units), cost

    def _through_pools(self, into: np.ndarray, out: np.ndarray) -> np.ndarray:
        """(request, supplier) per unit routed through a pool.

        Every unit entering a pool leaves it to one of its members, and any pairing of the
        two is allowed at the same cost: pair them in order, pool by pool.
        """
        pools = self.problem.pools
        in_pool = np.repeat(pools.arc_pool[self.pool_arcs], into)
        in_request = np.repeat(pools.arc_request[self.pool_arcs], into)
        out_pool = np.repeat(pools.member_pool[self.members], out)
        out_supplier = np.repeat(pools.member_supplier[self.members], out)
        by_in = np.lexsort((in_request, in_pool))
        by_out = np.lexsort((out_supplier, out_pool))
        return np.column_stack([in_request[by_in], out_supplier[by_out]])


def _adder(network):
    """add(tails, heads, capacities, costs) → index of the first arc added."""

    def add(tails, heads, capacities, costs) -> int:
        first = network.num_arcs()
        count = len(tails)
        network.add_arcs_with_capacity_and_unit_cost(
            np.asarray(tails, dtype=np.int32),
            np.asarray(heads, dtype=np.int32),
            np.broadcast_to(np.asarray(capacities, dtype=np.int64), (count,)).copy(),
            np.broadcast_to(np.asarray(costs, dtype=np.int64), (count,)).copy(),
        )
        return first

    return add


def _slot_arcs(problem: AssignmentProblem, capacity: np.ndarray, fixed_units: np.ndarray):
    """(supplier, units, cost) batches of supplier → sink arcs for the free capacity.

    With slot costs, each priced unit is its own arc (so the flow fills the cheapest first);
    the units beyond the last priced one share one arc.
    """
    open_ = np.flatnonzero(capacity > 0)
    if problem.slot_cost is None:
        yield open_, capacity[open_], 0
        return
    priced = problem.slot_cost.shape[1]
    total = fixed_units + capacity
    for slot in range(priced - 1):
        tail = np.flatnonzero((fixed_units <= slot) & (slot < total))
        yield tail, 1, problem.slot_cost[tail, slot]
    rest = total - np.maximum(fixed_units, priced - 1)
    tail = np.flatnonzero(rest > 0)
    yield tail, rest[tail], problem.slot_cost[tail, priced - 1]


def _merge_rows(rows: np.ndarray, units: np.ndarray) -> np.ndarray:
    """(request, supplier, units) rows, one per pair, sorted by request then supplier."""
    if rows.size == 0:
        return np.zeros((0, 3), dtype=np.int64)
    pairs, inverse = np.unique(rows, axis=0, return_inverse=True)
    totals = np.bincount(inverse.ravel(), weights=units, minlength=len(pairs))
    return np.column_stack([pairs, totals.astype(np.int64)])


def _fixed_costs(problem: AssignmentProblem, fixed: np.ndarray) -> np.ndarray:
    """Cost of each fixed pair: its cheapest direct arc, 0 without one."""
    if fixed.size == 0 or problem.arc_request.size == 0:
        return np.zeros(len(fixed), dtype=np.int64)
    width = max(problem.supplier_count, 1)
    keys = problem.arc_request * width + problem.arc_supplier
    order = np.lexsort((problem.arc_cost, keys))  # the cheapest arc of a pair comes first
    keys, costs = keys[order], problem.arc_cost[order]
    wanted = fixed[:, 0] * width + fixed[:, 1]
    at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    return np.where(keys[at] == wanted, costs[at], 0)


def _load_cost(problem: AssignmentProblem, load: np.ndarray) -> int:
    """Sum of the slot costs of the first `load[s]` units of every supplier."""
    if problem.slot_cost is None or not load.any():
        return 0
    supplier = np.repeat(np.arange(load.size), load)
    slot = np.arange(supplier.size) - np.repeat(np.cumsum(load) - load, load)
    return int(problem.unit_slot_cost(supplier, slot).sum())


def _main_supplier(flows: np.ndarray, requests: int) -> np.ndarray:
    supplier_of = np.full(requests, -1, dtype=np.int64)
    if flows.size:
        # Most units first, then the lowest supplier: the first row per request wins.
        order = np.lexsort((flows[:, 1], -flows[:, 2], flows[:, 0]))
        ranked = flows[order]
        first = np.unique(ranked[:, 0], return_index=True)[1]
        supplier_of[ranked[first, 0]] = ranked[first, 1]
    return supplier_of
