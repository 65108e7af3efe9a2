"""Candidates of season requests: a few direct pairs and pools of interchangeable buddies.

A request for the whole season is not tied to one activity, so every buddy who speaks its
language, is vetted when needed and is far enough ahead may accompany it — thousands, in a
large programme. Its cost with a buddy depends only on

- how far ahead the buddy is in each practice asked (the buddy's levels there),
- whether they go to one of the same activities, and
- whether the buddy is the earlier one.

So the buddies speaking a language who help with a set of practices are split into *shapes*
by (vetted, levels in those practices), and each shape gives **pools**: one of all its
buddies, offered at the cost of a buddy who shares no activity with the request, and one per
activity, of its buddies going there, at the cost of one who does. A request is offered
every pool whose shape it may take: a handful of arcs, whatever the number of buddies. Only
the earlier buddy gets a direct (cheaper) pair. The optimum is the same as with one pair per
buddy: a buddy reachable at several costs is taken at the cheapest, which is the true one.
See docs/engines/buddies.md ("Pools").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from overture.engines.assignment import Pools
from overture.engines.buddies.candidates import (
    Candidates,
    CostWeights,
    Encoded,
    allowed,
    pair_costs,
)

__all__ = ["SeasonCandidates", "season_candidates"]


@dataclass(frozen=True, eq=False)
class SeasonCandidates:
    """Direct pairs and pools of some season requests; pool arcs name requests."""

    direct: Candidates
    pools: Pools
    count: np.ndarray  # buddies each of the requests may be paired with


def season_candidates(enc: Encoded, weights: CostWeights, requests: np.ndarray) -> SeasonCandidates:
    """Direct pairs (with the earlier buddy) and pools of the season `requests`."""
    requests = np.asarray(requests, dtype=np.int64)
    if requests.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return SeasonCandidates(
            Candidates(empty, empty, empty), Pools(0, empty, empty, empty, empty, empty), empty
        )
    direct = _direct_pairs(enc, weights, requests)
    pools, count = _pools(enc, weights, requests)
    return SeasonCandidates(direct, pools, count)


def _direct_pairs(enc, weights, requests: np.ndarray) -> Candidates:
    """The pair of each request with its earlier buddy, when the rules allow it."""
    request = requests[enc.previous[requests] >= 0]
    buddy = enc.previous[request]
    keep = _speaks(enc, request, buddy) & allowed(enc, request, buddy)
    request, buddy = request[keep], buddy[keep]
    return Candidates(request, buddy, pair_costs(enc, weights, request, buddy))


def _speaks(enc: Encoded, request: np.ndarray, buddy: np.ndarray) -> np.ndarray:
    """Whether each buddy speaks the request's language."""
    width = max(len(enc.language_codes), 1)
    owner = np.repeat(np.arange(enc.buddy_count), np.diff(enc.buddy_language_ptr))
    spoken = np.sort(owner * width + enc.buddy_language)
    if spoken.size == 0:
        return np.zeros(request.size, dtype=bool)
    keys = buddy * width + enc.language[request]
    at = np.minimum(np.searchsorted(spoken, keys), spoken.size - 1)
    return spoken[at] == keys


class _PoolList:
    """Pools, their members and the requests' arcs to them, as they are made."""

    def __init__(self) -> None:
        self.count = 0
        self.parts: dict[str, list[np.ndarray]] = {
            name: [] for name in ("member_pool", "member_supplier", "request", "pool", "cost")
        }

    def add(self, count: int, member_pool, member_buddy, request, pool, cost) -> None:
        values = (self.count + member_pool, member_buddy, request, self.count + pool, cost)
        for name, value in zip(self.parts, values, strict=True):
            self.parts[name].append(np.asarray(value, dtype=np.int64))
        self.count += count

    def pools(self) -> Pools:
        joined = {
            name: np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            for name, parts in self.parts.items()
        }
        return Pools(
            count=self.count,
            member_pool=joined["member_pool"],
            member_supplier=joined["member_supplier"],
            arc_request=joined["request"],
            arc_pool=joined["pool"],
            arc_cost=joined["cost"],
        )


def _pools(enc: Encoded, weights: CostWeights, requests: np.ndarray) -> tuple[Pools, np.ndarray]:
    """Pools per (language, practices asked), overall and per activity, and the arcs to them.

    Within a group, a *shape* is (vetted, levels in the practices asked): every buddy of a
    shape costs a request the same, unless they go to one of its activities. So each shape
    gives one pool of all its buddies, at the cost without a shared activity, and one pool
    per activity of the group's requests, of its buddies going there, at the cost with one.
    """
    asked = enc.need[requests] > 0
    groups, group_of = np.unique(
        np.column_stack([enc.language[requests], asked]).astype(np.int64),
        axis=0,
        return_inverse=True,
    )
    group_of = group_of.ravel()
    owner = np.repeat(np.arange(enc.buddy_count), np.diff(enc.buddy_language_ptr))
    found = _PoolList()
    count = np.zeros(requests.size, dtype=np.int64)
    for g, row in enumerate(groups):
        practices = np.flatnonzero(row[1:])
        speaks = np.zeros(enc.buddy_count, dtype=bool)
        speaks[owner[enc.buddy_language == row[0]]] = True
        levels = enc.offer[:, practices]
        members = np.flatnonzero(speaks & (levels >= 1).all(axis=1))
        shapes, shape_of = np.unique(
            np.column_stack([enc.vetted[members], levels[members]]).astype(np.int64),
            axis=0,
            return_inverse=True,
        )
        shape_of = shape_of.ravel()
        sizes = np.bincount(shape_of, minlength=len(shapes))
        vetted, shape_levels = shapes[:, 0].astype(bool), shapes[:, 1:]

        mine = np.flatnonzero(group_of == g)
        who = requests[mine]
        need = enc.need[who][:, practices].astype(np.int64)
        fits = (shape_levels[None, :, :] >= need[:, None, :]).all(axis=2)
        fits &= vetted[None, :] | ~enc.minor[who][:, None]
        cost = (
            weights.level_gap * (shape_levels.sum(axis=1)[None, :] - need.sum(axis=1)[:, None])
            + weights.not_previous * (enc.previous[who] >= 0)[:, None]
        )
        count[mine] = fits.astype(np.int64) @ sizes

        at_request, at_shape = np.nonzero(fits)
        found.add(
            len(shapes),
            shape_of,
            members,
            who[at_request],
            at_shape,
            cost[at_request, at_shape] + weights.no_shared_activity,
        )
        _activity_pools(enc, found, members, shape_of, len(shapes), who, fits, cost)
    return found.pools(), count


def _activity_pools(enc, found: _PoolList, members, shape_of, shapes: int, who, fits, cost):
    """Per activity of the requests `who` and per shape, the pool of buddies going there."""
    ptr = enc.request_activity_ptr
    per_request = np.diff(ptr)[who]
    request_row = np.repeat(np.arange(who.size), per_request)
    within = np.arange(request_row.size) - np.repeat(
        np.cumsum(per_request) - per_request, per_request
    )
    activity = enc.request_activity[ptr[who][request_row] + within]
    wanted = np.unique(activity)

    bptr = enc.buddy_activity_ptr
    per_member = np.diff(bptr)[members]
    member_row = np.repeat(np.arange(members.size), per_member)
    offset = np.arange(member_row.size) - np.repeat(np.cumsum(per_member) - per_member, per_member)
    attended = enc.buddy_activity[bptr[members][member_row] + offset]
    there = np.isin(attended, wanted)
    member_row, attended = member_row[there], attended[there]
    keys, pool_of = np.unique(attended * shapes + shape_of[member_row], return_inverse=True)

    # Arcs: each (request, activity) to the pools of that activity whose shape fits.
    low = np.searchsorted(keys, activity * shapes)
    high = np.searchsorted(keys, (activity + 1) * shapes)
    sizes = high - low
    row = np.repeat(request_row, sizes)
    pool = np.repeat(low, sizes) + (
        np.arange(row.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    )
    shape = keys[pool] % shapes
    keep = fits[row, shape]
    row, pool, shape = row[keep], pool[keep], shape[keep]
    found.add(keys.size, pool_of.ravel(), members[member_row], who[row], pool, cost[row, shape])
