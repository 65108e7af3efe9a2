"""Seating an activity's registrants in its zones so that they get in each other's way least.

An activity may divide its space into zones, each with a capacity and its own norms (how
strictly it keeps the activity's norms: 1 as everywhere else, 0 anything goes). `zone` puts
every registrant in a zone:

- never more people in a zone than its capacity, never a party split over zones or half
  seated (a party is seated whole or not at all);
- a stated preferred zone is honoured whenever capacity allows (the most such preferences
  that can be honoured at once are);
- when there are more registrants than seats, the earliest bookings are seated (a party at
  its first member's booking): conflict never decides who stays out;
- among those, the expected heterogeneity conflict (`conflict.zoned_conflict`) is made as
  low as the method below finds — a documented heuristic, not a proof of optimality; never
  worse than the greedy baseline, nor than everyone in one zone when one holds them all.

Each round prices every registrant in every zone by the first-order change of the zones'
conflict (from the zones' current make-up), solves the assignment exactly with the
min-cost-flow core (`assignment.solve`: requests = a party, or alike registrants alone, with
a demand of their number; suppliers = zones with their capacity), repairs split parties,
and measures the result with the true measure; the best round is kept. Small activities are
then polished by moves and swaps on the true measure (`search`). `greedy_zoning` is
the baseline: in booking order, each party or person to the cheapest zone with room.
See docs/engines/zoning.md.

>>> problem = ZoningProblem(
...     levels=[[0], [3], [0], [3]], strictness=[1.0], preference=[-1, -1, -1, -1],
...     zone_capacity=[2, 2], zone_norms=[1.0, 1.0])
>>> result = zone(problem)
>>> result.zone_of.tolist()   # the newcomers together, the experts together
[0, 1, 0, 1]
>>> round(result.conflict_before, 2), round(result.conflict_after, 2)
(0.6, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from overture.engines.assignment import AssignmentProblem, solve
from overture.engines.checks import (
    whole_number,
)
from overture.engines.levels import LEVELS
from overture.engines.mix.conflict import (
    MAX_MEAN_DIFFERENCE,
    NO_PREFERENCE,
    RELAXED,
    SOURCE_WEIGHTS,
    TRADITIONAL,
    ZonedConflict,
    group_conflict,
    zoned_conflict,
)
from overture.engines.zoning.problem import (
    ALL_TAKEN,
    ALONE,
    NO_SEATS,
    NO_ZONE,
    PARTY_TOO_LARGE,
    RELAXED_BELOW,
    Unseated,
    Zoning,
    ZoningError,
    ZoningProblem,
    row_keys,
)
from overture.engines.zoning.search import improve

__all__ = ["greedy_zoning", "zone"]

SCALE = 10_000  # conflict per person → integer cost units
ROUNDS = 20  # linearise-and-solve rounds at most
TOLERANCE = 0.002  # a round must lower conflict by this share of it to count as better
PATIENCE = 2  # stop after this many rounds in a row that are not better
_DISTANCE = np.abs(np.subtract.outer(np.arange(LEVELS), np.arange(LEVELS))).astype(np.float64)


@dataclass(frozen=True, eq=False)
class _Requests:
    """Units of seating. A party is one request (never split); registrants booked alone who
    agree on levels, preference and preferred zone share one request (splittable).

    Requests are in booking order of their first member; members of request r are
    `members[start[r]:start[r + 1]]`, in booking order.
    """

    members: np.ndarray
    start: np.ndarray
    demand: np.ndarray
    is_party: np.ndarray

    @property
    def count(self) -> int:
        return int(self.demand.size)


def _requests(problem: ZoningProblem, people: np.ndarray, *, group: bool) -> _Requests:
    """Requests of the registrants `people` (booking positions, ascending)."""
    party = problem.party[people]
    alone = party == ALONE
    if group:
        alike = row_keys(
            np.column_stack([problem._kind_of[people], problem.preferred_zone[people]])
        )
    else:
        alike = np.arange(people.size)
    # Parties by id; registrants alone by their alike class, apart from the parties.
    _, party_key = np.unique(party, return_inverse=True)
    key = np.where(alone, alike.astype(np.int64), people.size + party_key.ravel())
    _, request_of = np.unique(key, return_inverse=True)
    request_of = request_of.ravel()
    first = np.full(request_of.max() + 1 if people.size else 0, np.iinfo(np.int64).max)
    np.minimum.at(first, request_of, people)
    rank = np.empty_like(first)
    rank[np.argsort(first, kind="stable")] = np.arange(first.size)  # booking order
    request_of = rank[request_of]
    order = np.lexsort((people, request_of))
    demand = np.bincount(request_of, minlength=first.size).astype(np.int64)
    start = np.concatenate([[0], np.cumsum(demand)]).astype(np.int64)
    is_party = np.zeros(first.size, dtype=bool)
    is_party[request_of[~alone]] = True
    return _Requests(people[order], start, demand, is_party)


# --- Pricing: first-order change of the zones' conflict ----------------------------------


@dataclass(frozen=True, eq=False)
class _ZoneState:
    """The make-up of every zone: level shares per practice and the conflict terms."""

    share: np.ndarray  # (Z, P, LEVELS) share of the zone at each level
    mean_difference: np.ndarray  # (Z, P)
    conflict: ZonedConflict
    relaxed: np.ndarray  # (Z,) share preferring relaxed norms
    traditional: np.ndarray


def _state(problem: ZoningProblem, zone_of: np.ndarray) -> _ZoneState:
    zones, practices = problem.zones, problem.strictness.size
    seated = zone_of >= 0
    zone = zone_of[seated]
    level = np.maximum(problem.levels[seated], 0)
    pref = problem.preference[seated]
    size = np.bincount(zone, minlength=zones).astype(np.float64)
    counts = np.bincount(
        ((zone[:, None] * practices + np.arange(practices)) * LEVELS + level).ravel(),
        minlength=zones * practices * LEVELS,
    ).reshape(zones, practices, LEVELS)
    safe = np.maximum(size, 1)
    share = counts / safe[:, None, None]
    mean_difference = np.einsum("zpa,ab,zpb->zp", share, _DISTANCE, share)
    return _ZoneState(
        share=share,
        mean_difference=mean_difference,
        conflict=_zoned_conflict(problem, zone_of),
        relaxed=np.bincount(zone[pref == RELAXED], minlength=zones) / safe,
        traditional=np.bincount(zone[pref == TRADITIONAL], minlength=zones) / safe,
    )


def _marginal_cost(problem: ZoningProblem, state: _ZoneState, people: np.ndarray) -> np.ndarray:
    """(len(people), Z): how much one more of each registrant in each zone adds to
    Σ_z size_z · total_z, to first order in the zone's make-up."""
    kinds = _kind_marginal_cost(problem, state, problem._kind_person)
    return kinds[problem._kind_of[people]]


def _kind_marginal_cost(
    problem: ZoningProblem, state: _ZoneState, people: np.ndarray
) -> np.ndarray:
    """(n, Z) ∂(size_z·total_z) of one more of each person: total_z + 0.6·size·∂D +
    0.2·size·∂C + 0.2·size·∂M (docs/engines/zoning.md, Pricing)."""
    norms, strict = problem.zone_norms, problem.strictness
    c = state.conflict
    dispersion, clash, misfit, total = c.dispersion, c.clash, c.misfit, c.total
    weight = norms[:, None] * strict[None, :] / MAX_MEAN_DIFFERENCE  # (Z, P)
    chance = np.clip(weight * state.mean_difference, 0, 1)
    # D = 1 − (Π_q keep_q)^(1/P): ∂D/∂chance_p = (1 − D) / (P · keep_p); no slope once a
    # practice's chance is certain.
    keep = 1 - chance
    practices = max(keep.shape[1], 1)
    slope = np.where(
        keep > 0, (1 - dispersion)[:, None] / (practices * np.maximum(keep, 1e-12)), 0.0
    )
    slope = weight * slope
    level = np.maximum(problem.levels[people], 0)  # (n, P)
    expected = np.einsum("zpb,ab->zpa", state.share, _DISTANCE)  # E|a − level of another|
    spread = np.zeros((people.size, problem.zones))
    for p in range(strict.size):
        gain = 2 * (expected[:, p, level[:, p]].T - state.mean_difference[None, :, p])
        spread += slope[None, :, p] * gain
    pref = problem.preference[people][:, None]
    clash_change = (
        np.where(
            pref == RELAXED,
            4 * state.traditional[None, :],
            np.where(pref == TRADITIONAL, 4 * state.relaxed[None, :], 0.0),
        )
        - 2 * clash[None, :]
    )
    gap = _misfit_gap(problem, people)
    weight_d, weight_c, weight_m = SOURCE_WEIGHTS
    return (
        total[None, :]
        + weight_d * spread
        + weight_c * clash_change
        + weight_m * (gap - misfit[None, :])
    )


def _misfit_gap(problem: ZoningProblem, people: np.ndarray) -> np.ndarray:
    """(n, Z) |π_i − f_z·S| for stated norms preferences, 0 without."""
    highest = problem.strictness.max() if problem.strictness.size else 0.0
    kept = problem.zone_norms * highest
    pref = problem.preference[people]
    gap = np.abs(pref[:, None] - kept[None, :])
    return np.where(pref[:, None] == NO_PREFERENCE, 0.0, gap)


def _request_costs(problem: ZoningProblem, requests: _Requests, marginal: np.ndarray) -> np.ndarray:
    """(R, Z) integer cost per seated unit: the members' mean marginal conflict, scaled, plus
    a penalty per member kept out of the zone they chose, dominant over every conflict cost.

    `marginal` holds the members' rows in `requests.members` order.
    """
    if requests.count == 0:
        return np.zeros((0, problem.zones), dtype=np.int64)
    starts = requests.start[:-1]
    demand = requests.demand[:, None]
    base = np.add.reduceat(marginal, starts, axis=0) / demand * SCALE
    base = np.rint(base - base.min(axis=1, keepdims=True)).astype(np.int64)
    missed = _missed_choices(problem, requests)
    # Any flow honouring one more chosen zone beats any difference in conflict; the +N
    # covers rounding the penalty per unit.
    span = int((requests.demand * (base.max(axis=1) - base.min(axis=1))).sum())
    penalty = span + int(requests.demand.sum()) + 1
    return base + np.rint(penalty * missed / demand).astype(np.int64)


def _missed_choices(problem: ZoningProblem, requests: _Requests) -> np.ndarray:
    """(R, Z) members of each request who chose another zone than z."""
    chosen = problem.preferred_zone[requests.members]
    request = np.repeat(np.arange(requests.count), requests.demand)
    choosers = np.bincount(request[chosen >= 0], minlength=requests.count)
    picked = np.zeros((requests.count, problem.zones), dtype=np.int64)
    np.add.at(picked, (request[chosen >= 0], chosen[chosen >= 0]), 1)
    return choosers[:, None] - picked


# --- Seating: the exact flow, then parties made whole ------------------------------------


def _flow_seating(requests: _Requests, cost: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """(request, zone, units) rows of the min-cost maximum flow, with no party split.

    An optimal flow splits few requests (a basic one at most Z − 1). When it splits or half
    seats a party, every party is pinned — a whole one where it sits; a split one, in
    booking order, where most of it sat, else in its cheapest zone with room for all of it,
    else left out — and the registrants alone are solved again in the seats left.
    """
    count, zones = requests.count, capacity.size
    demand, party = requests.demand, requests.is_party
    flows = _solve(demand, cost, capacity)
    units = np.bincount(flows[:, 0], weights=flows[:, 2], minlength=count)
    spread = np.bincount(flows[:, 0], minlength=count)
    split = party & ((spread > 1) | ((units > 0) & (units < demand)))
    if not split.any():
        return flows
    pinned = np.where(party & ~split & (units > 0), _main_zone(flows, count), NO_ZONE)
    held = pinned != NO_ZONE
    left = capacity - np.bincount(pinned[held], weights=demand[held], minlength=zones)
    main = _main_zone(flows, count)
    for r in np.flatnonzero(split).tolist():
        order = [int(main[r]), *np.argsort(cost[r], kind="stable").tolist()]
        fits = [z for z in order if left[z] >= demand[r]]
        if fits:
            pinned[r] = fits[0]
            left[fits[0]] -= demand[r]
    flows = _solve(demand * ~party, cost, left.astype(np.int64))
    held = np.flatnonzero(pinned != NO_ZONE)
    rows = np.column_stack([held, pinned[held], demand[held]])
    return np.concatenate([flows, rows])


def _solve(demand: np.ndarray, cost: np.ndarray, room: np.ndarray) -> np.ndarray:
    count, zones = cost.shape
    asking = np.flatnonzero(demand > 0)
    problem = AssignmentProblem(
        request_count=count,
        supplier_count=zones,
        capacity=np.maximum(room, 0),
        arc_request=np.repeat(asking, zones),
        arc_supplier=np.tile(np.arange(zones), asking.size),
        arc_cost=cost[asking].ravel(),
        demand=demand,
    )
    return solve(problem).flows


def _main_zone(flows: np.ndarray, count: int) -> np.ndarray:
    """Per request, the zone holding most of its units (lowest on ties), −1 for none."""
    main = np.full(count, NO_ZONE, dtype=np.int64)
    if flows.size:
        order = np.lexsort((flows[:, 1], -flows[:, 2], flows[:, 0]))
        ranked = flows[order]
        first = np.unique(ranked[:, 0], return_index=True)[1]
        main[ranked[first, 0]] = ranked[first, 1]
    return main


def _place(zone_of: np.ndarray, requests: _Requests, flows: np.ndarray) -> None:
    """Seat each request's members, in booking order, over its flows' zones in zone order."""
    if not flows.size:
        return
    flows = flows[np.lexsort((flows[:, 1], flows[:, 0]))]
    request = np.repeat(flows[:, 0], flows[:, 2])
    zone = np.repeat(flows[:, 1], flows[:, 2])
    first = np.searchsorted(request, request)  # first unit of the same request
    position = requests.start[request] + np.arange(request.size) - first
    zone_of[requests.members[position]] = zone


def _fill(problem: ZoningProblem, zone_of: np.ndarray, state: _ZoneState) -> None:
    """Seat whoever is still out, in booking order, in the cheapest zone with room for the
    whole party: afterwards no unseated party or registrant fits anywhere."""
    out = np.flatnonzero(zone_of == NO_ZONE)
    room = problem.zone_capacity - np.bincount(zone_of[zone_of >= 0], minlength=problem.zones)
    if not out.size or not room.any():
        return
    requests = _requests(problem, out, group=False)
    cost = _request_costs(problem, requests, _marginal_cost(problem, state, requests.members))
    choice = _cheapest_with_room(cost, requests.demand, room)
    zone_of[requests.members] = np.repeat(choice, requests.demand)


# --- Starting point and first come, first served -----------------------------------------


def _first_bookings(problem: ZoningProblem) -> np.ndarray:
    """Booking positions of the registrants seated when seats run short: parties and
    registrants alone in booking order, each taken while the seats left hold it."""
    seats = int(problem.zone_capacity.sum())
    if problem.people <= seats:
        return np.arange(problem.people)
    requests = _requests(problem, np.arange(problem.people), group=False)
    take = np.zeros(requests.count, dtype=bool)
    left = seats
    for r, need in enumerate(requests.demand.tolist()):
        if need <= left:
            take[r] = True
            left -= need
    return np.sort(requests.members[np.repeat(take, requests.demand)])


def _comfort(problem: ZoningProblem, people: np.ndarray) -> np.ndarray:
    """Where each registrant is comfortable on 0 (anything goes) .. 1 (traditional): the
    stated norms preference, else the strictness-weighted level / 3."""
    strict = problem.strictness
    level = np.maximum(problem.levels[people], 0)
    weights = strict if strict.sum() > 0 else np.ones_like(strict)
    experience = level @ weights / max(weights.sum(), 1e-12) / (LEVELS - 1)
    pref = problem.preference[people]
    return np.where(pref == NO_PREFERENCE, experience, pref.astype(np.float64))


def _comfort_start(problem: ZoningProblem, people: np.ndarray) -> np.ndarray:
    """Zones filled in order of their norms by registrants in order of comfort, in
    proportion to capacity: strict zones expect the experienced and the traditional."""
    zone_of = np.full(problem.people, NO_ZONE, dtype=np.int64)
    seats = int(problem.zone_capacity.sum())
    if not people.size or not seats:
        return zone_of
    by_comfort = people[np.argsort(_comfort(problem, people), kind="stable")]
    by_norms = np.argsort(problem.zone_norms, kind="stable")
    share = np.cumsum(problem.zone_capacity[by_norms]) * min(1.0, people.size / seats)
    bounds = np.concatenate([[0], np.rint(share).astype(np.int64)])
    bounds = np.minimum(bounds, people.size)
    zone_of[by_comfort] = np.repeat(by_norms, np.diff(bounds))[: people.size]
    return zone_of


# --- Public ------------------------------------------------------------------------------


def zone(problem: ZoningProblem, *, rounds: int = ROUNDS) -> Zoning:
    """Seat the registrants in the zones (see the module's docstring for the guarantees)."""
    _problem(problem)
    rounds = whole_number("rounds", rounds, ZoningError, low=0)
    nobody = np.full(problem.people, NO_ZONE, dtype=np.int64)
    if not problem.zone_capacity.any():
        return _result(problem, nobody)
    selected = _first_bookings(problem)
    candidates = [*_rounds(problem, selected, rounds), _greedy(problem)]
    for z in np.flatnonzero(problem.zone_capacity >= selected.size).tolist():
        together = nobody.copy()
        together[selected] = z
        candidates.append(together)
    # Polish those that seat as many and honour as many chosen zones as the best.
    top = max(_quality(problem, zone_of)[:2] for zone_of in candidates)
    for zone_of in candidates:
        if _quality(problem, zone_of)[:2] == top:
            improve(problem, zone_of)
    return _result(problem, max(candidates, key=lambda zone_of: _quality(problem, zone_of)))


def _rounds(problem: ZoningProblem, selected: np.ndarray, rounds: int) -> list[np.ndarray]:
    """Linearise-and-solve rounds from the comfort start; the best seating they found."""
    requests = _requests(problem, selected, group=True)
    state = _state(problem, _comfort_start(problem, selected))
    best, best_key, idle = None, None, 0
    for _ in range(max(rounds, 1)):
        marginal = _marginal_cost(problem, state, requests.members)
        cost = _request_costs(problem, requests, marginal)
        zone_of = np.full(problem.people, NO_ZONE, dtype=np.int64)
        _place(zone_of, requests, _flow_seating(requests, cost, problem.zone_capacity))
        _fill(problem, zone_of, state)
        key = _quality(problem, zone_of)
        if best_key is None or key > best_key:
            # Rounds alternate around a settled seating: only a measurable gain resets patience.
            measurable = best_key is None or key[:2] > best_key[:2]
            measurable = measurable or key[2] - best_key[2] > TOLERANCE * -best_key[2]
            best, best_key = zone_of, key
            idle = 0 if measurable else idle + 1
        else:
            idle += 1
        if idle >= PATIENCE:
            break
        state = _state(problem, zone_of)
    return [best]


def greedy_zoning(problem: ZoningProblem) -> Zoning:
    """The baseline: in booking order, each party or registrant to the zone with room for
    all of them where they cost least, priced as `zone`'s first round prices them."""
    _problem(problem)
    if not problem.zone_capacity.any():
        return _result(problem, np.full(problem.people, NO_ZONE, dtype=np.int64))
    return _result(problem, _greedy(problem))


def _problem(problem) -> None:
    if not isinstance(problem, ZoningProblem):
        raise ZoningError(f"problem is a {type(problem).__name__}; problem must be a ZoningProblem")


def _greedy(problem: ZoningProblem) -> np.ndarray:
    everyone = np.arange(problem.people)
    state = _state(problem, _comfort_start(problem, _first_bookings(problem)))
    requests = _requests(problem, everyone, group=False)
    cost = _request_costs(problem, requests, _marginal_cost(problem, state, requests.members))
    zone_of = np.full(problem.people, NO_ZONE, dtype=np.int64)
    choice = _cheapest_with_room(cost, requests.demand, problem.zone_capacity)
    zone_of[requests.members] = np.repeat(choice, requests.demand)
    return zone_of


def _cheapest_with_room(cost: np.ndarray, demand: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Requests in order, each to its cheapest zone with room for all of it (−1: none)."""
    rooms = room.tolist()
    choice = []
    for row, need in zip(cost.tolist(), demand.tolist(), strict=True):
        best = NO_ZONE
        for z, value in enumerate(row):
            if rooms[z] >= need and (best == NO_ZONE or value < row[best]):
                best = z
        if best != NO_ZONE:
            rooms[best] -= need
        choice.append(best)
    return np.array(choice, dtype=np.int64)


def _quality(problem: ZoningProblem, zone_of: np.ndarray) -> tuple[int, int, float]:
    """Seated, then chosen zones honoured, then lower conflict: larger is better."""
    seated = int((zone_of >= 0).sum())
    chose = problem.preferred_zone >= 0
    honoured = int((zone_of[chose] == problem.preferred_zone[chose]).sum())
    conflict = _zoned_conflict(problem, zone_of).overall
    return seated, honoured, -conflict


def _result(problem: ZoningProblem, zone_of: np.ndarray) -> Zoning:
    before = group_conflict(problem.levels, problem.strictness, problem.preference, 1.0)
    per_zone = _zoned_conflict(problem, zone_of)
    unseated = np.flatnonzero(zone_of == NO_ZONE)
    stated, honoured = _preferences(problem, zone_of)
    return Zoning(
        zone_of=zone_of,
        conflict_before=before.total,
        conflict_after=per_zone.overall,
        per_zone=per_zone,
        seated=int(problem.people - unseated.size),
        unseated=unseated,
        unseated_reason=_reasons(problem, unseated),
        parties=int((_party_sizes(problem) >= 2).sum()),
        preferences_stated=stated,
        preferences_honoured=honoured,
    )


def _zoned_conflict(problem: ZoningProblem, zone_of: np.ndarray) -> ZonedConflict:
    return zoned_conflict(
        problem.levels, problem.strictness, problem.preference, zone_of, problem.zone_norms
    )


def _party_sizes(problem: ZoningProblem) -> np.ndarray:
    party = problem.party[problem.party != ALONE]
    return np.unique(party, return_counts=True)[1] if party.size else np.zeros(0, np.int64)


def _preferences(problem: ZoningProblem, zone_of: np.ndarray) -> tuple[int, int]:
    chose = problem.preferred_zone >= 0
    asked = problem.preference != NO_PREFERENCE
    seated = zone_of >= 0
    norms = np.append(problem.zone_norms, 1.0)  # unseated: looked up at −1, never counted
    relaxed_zone = norms[zone_of] < RELAXED_BELOW
    kept_norms = np.where(problem.preference == RELAXED, relaxed_zone, ~relaxed_zone)
    honoured = seated & np.where(chose, zone_of == problem.preferred_zone, asked & kept_norms)
    return int((chose | asked).sum()), int(honoured.sum())


def _reasons(problem: ZoningProblem, unseated: np.ndarray) -> list[Unseated]:
    seats = int(problem.zone_capacity.sum())
    party = problem.party
    ids, sizes = np.unique(party[party != ALONE], return_counts=True)
    size_of = dict(zip(ids.tolist(), sizes.tolist(), strict=True))
    alone = Unseated(NO_SEATS) if seats == 0 else Unseated(ALL_TAKEN, {"seats": seats})
    reasons = []
    for i in unseated.tolist():
        size = size_of.get(int(party[i]), 1)
        reasons.append(Unseated(PARTY_TOO_LARGE, {"size": size}) if size > 1 else alone)
    return reasons
