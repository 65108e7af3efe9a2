"""Time optimal buddy matching against networkx's min-cost flow and a greedy baseline.

    python benchmarks/buddies.py --requests 100000 --buddies 20000

Generates a national buddy programme (levels about 50/30/15/5 % newcomer/novice/regular/
expert over 14 practices, a quarter of the newcomers not assessed yet; languages mostly
English with some Polish, Welsh and Urdu; about 5 % under-18s and 20 % vetted buddies;
buddies go to a few activities each, are a level more experienced in the practices of those
activities and help with most of them; capacity 1–5; most requests are for one activity,
a few for the whole season), then prints, for the whole programme, the time and peak
resident memory of `buddies.match` (candidates, costs, exact solve, reasons), and next to
it in the same run:

- a greedy baseline — each request in turn takes its cheapest candidate with room left,
  counting the load cost of the slot it takes — on the same candidates: time, matched pairs
  and total cost against the optimum;
- networkx's `max_flow_min_cost` on the same flow network, at growing sizes (1k, 5k, 20k
  requests ... with buddies and activities scaled alike) until one does not finish within
  `--networkx-timeout` seconds; each finished size must agree with the engine on matched
  pairs and total cost. When networkx is skipped, not installed or finishes no size, the
  last line says the optimum was not checked.

`--quick` runs 1,000 requests × 200 buddies in a few seconds, networkx's 1,000 included.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import os
import queue
import sys
import time
from dataclasses import dataclass

import numpy as np

from measure import parse_args, peak_rss_mib, peer_skipped, ratio, timed
from overture.engines.assignment import AssignmentProblem, solve
from overture.engines.buddies import Buddies, Requests, buddy_problem, match

PRACTICE_NAMES = (
    "Listening in silence",
    "Applauding at the right moment",
    "Following a programme note",
    "Finding your way around the concert hall",
    "Singing in a choir",
    "Reading a vocal score",
    "Playing along on an instrument",
    "Following a conductor",
    "Discussing a piece",
    "Chatting during a livestream",
    "Moving and making noise in a relaxed performance",
    "Bringing children to a concert",
    "Improvising and composing",
    "Watching a rehearsal",
)
LEVEL_SHARES = (0.50, 0.30, 0.15, 0.05)
NOT_ASSESSED = 0.25
LANGUAGES = ("en", "pl", "cy", "ur")
LANGUAGE_SHARES = (0.85, 0.07, 0.05, 0.03)
ALSO_ENGLISH = {"pl": 0.7, "cy": 0.95, "ur": 0.8}  # buddies speaking another language
MINOR_SHARE = 0.05
VETTED_SHARE = 0.20
HELPS_SHARE = 0.8  # of the practices of a buddy's activities they know, they help with
PRACTICES_PER_ACTIVITY = 3
REQUESTS_PER_ACTIVITY = 60
PREVIOUS_SHARE = 0.10
NETWORKX_SIZES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--buddies", type=int, default=20_000)
    parser.add_argument("--season-share", type=float, default=0.01)
    parser.add_argument("--networkx-timeout", type=float, default=120.0)
    parser.add_argument("--skip-networkx", action="store_true")
    parser.add_argument("--seed", type=int, default=11)
    args = parse_args(parser, argv, quick={"requests": 1_000, "buddies": 200})

    inputs_seconds, programme = timed(
        lambda: generate(
            np.random.default_rng(args.seed), args.requests, args.buddies, args.season_share
        )
    )
    rss_inputs = peak_rss_mib()
    print(
        f"inputs        {inputs_seconds:7.2f} s   {args.requests:,} requests "
        f"({args.season_share:.0%} for the whole season) × {args.buddies:,} buddies "
        f"(capacity {int(programme.buddies.capacity.sum()):,} in all), "
        f"{programme.activity_count:,} activities, {len(PRACTICE_NAMES)} practices; "
        f"{len(os.sched_getaffinity(0))} cores available"
    )

    engine_seconds, result = timed(
        lambda: match(programme.requests, programme.buddies, practice_names=PRACTICE_NAMES)
    )
    peak = peak_rss_mib()
    matched = len(result.pairs)
    print(
        f"engine        {engine_seconds:7.2f} s   match(): {matched:,} matched "
        f"({result.matched_share:.1%}), total cost {result.total_cost:,}, mean level gap "
        f"{result.mean_level_gap:.2f}; peak RSS {peak:,.0f} MiB "
        f"(inputs alone {rss_inputs:,.0f} MiB)"
    )

    phases = time_phases(programme)
    counts = phases.problem.candidate_count
    season = programme.requests.activity < 0
    rows = phases.problem.assignment
    pools = rows.pools
    print(
        f"  network     {rows.request_count:,} rows of alike requests, {rows.arc_count:,} arcs "
        f"({rows.arc_request.size:,} pairs, {pools.arc_pool.size:,} to {pools.count:,} pools "
        f"of {pools.member_pool.size:,} members); building it {phases.build:.2f} s, solving "
        f"{phases.solve:.2f} s (timed apart)"
    )
    print(f"  candidates  {candidate_summary(counts, season)}")
    print(f"  unmatched   {top_reasons(result)}")

    per_request = phases.problem.per_request()
    greedy_seconds, greedy = timed(lambda: greedy_assignment(per_request))
    gap = (greedy.total_cost - result.total_cost) / max(result.total_cost, 1) * 100
    print(
        f"greedy        {greedy_seconds:7.2f} s   {greedy.matched:,} matched "
        f"({greedy.matched - matched:+,} against the optimum), total cost "
        f"{greedy.total_cost:,} ({gap:+.1f} %); cost per pair "
        f"{greedy.total_cost / max(greedy.matched, 1):.2f} against "
        f"{result.total_cost / max(matched, 1):.2f}; the engine takes "
        f"{ratio(engine_seconds, greedy_seconds)} the greedy's time"
    )

    if args.skip_networkx:
        print(f"optimal       not checked: {peer_skipped('networkx', '--skip-networkx')}")
        return 0
    if importlib.util.find_spec("networkx") is None:
        print(f"optimal       not checked: {peer_skipped('networkx', 'not installed')}")
        return 0
    comparison = compare_networkx(args, engine_seconds)
    print(f"optimal       {comparison.verdict()}")
    return 1 if comparison.differed else 0


@dataclass
class Programme:
    requests: Requests
    buddies: Buddies
    activity_count: int


def generate(rng: np.random.Generator, requests: int, buddies: int, season_share: float):
    """A buddy programme shaped as described at the top, with about 30 candidates a request."""
    practices = len(PRACTICE_NAMES)
    activities = max(requests // REQUESTS_PER_ACTIVITY, 1)
    involved = np.argsort(rng.random((activities, practices)), axis=1)[:, :PRACTICES_PER_ACTIVITY]
    popularity = rng.lognormal(0, 0.6, size=activities)
    popularity /= popularity.sum()

    # Buddies: a few activities each; a level ahead in those activities' practices.
    per_buddy = 1 + rng.poisson(3, size=buddies)
    owner = np.repeat(np.arange(buddies), per_buddy)
    attended = rng.choice(activities, size=owner.size, p=popularity)
    knows = np.zeros((buddies, practices), dtype=bool)
    knows[np.repeat(owner, PRACTICES_PER_ACTIVITY), involved[attended].ravel()] = True
    levels = demo_levels(rng, (buddies, practices))
    levels = np.where(knows, np.minimum(levels + 1, 3), levels).astype(np.int8)
    helps = knows & (levels >= 1) & (rng.random((buddies, practices)) < HELPS_SHARE)
    buddy_sets = _group(owner, attended, buddies)
    primary = rng.choice(len(LANGUAGES), size=buddies, p=LANGUAGE_SHARES)
    english = rng.random(buddies)
    spoken = [
        frozenset(
            {LANGUAGES[p]} | ({"en"} if english[i] < ALSO_ENGLISH.get(LANGUAGES[p], 1) else set())
        )
        for i, p in enumerate(primary.tolist())
    ]
    buddy_side = Buddies(
        levels=levels,
        capacity=rng.integers(1, 6, size=buddies),
        helps_with=helps,
        languages=spoken,
        vetted=rng.random(buddies) < VETTED_SHARE,
        activities=buddy_sets,
    )

    # Requests: one activity (or a few, for the whole season); help with one or two of its
    # practices.
    season = rng.random(requests) < season_share
    activity = rng.choice(activities, size=requests, p=popularity)
    per_request = np.where(season, rng.integers(2, 5, size=requests), 0)
    request_owner = np.repeat(np.arange(requests), per_request)
    registered = rng.choice(activities, size=request_owner.size, p=popularity)
    activity[season] = -1
    first = activity.copy()  # a season request asks about its first activity's practices
    owners, at = np.unique(request_owner, return_index=True)
    first[owners] = registered[at]
    asked = np.zeros((requests, practices), dtype=bool)
    slot = involved[first]
    asked[np.arange(requests), slot[:, 0]] = True
    second = rng.random(requests) < 0.3
    asked[np.flatnonzero(second), slot[second, 1]] = True
    request_levels = demo_levels(rng, (requests, practices))
    request_levels[rng.random(requests) < NOT_ASSESSED] = -1
    previous = np.where(
        rng.random(requests) < PREVIOUS_SHARE, rng.integers(0, buddies, size=requests), -1
    )
    request_side = Requests(
        levels=request_levels,
        practices=asked,
        language=[
            LANGUAGES[i]
            for i in rng.choice(len(LANGUAGES), size=requests, p=LANGUAGE_SHARES).tolist()
        ],
        minor=rng.random(requests) < MINOR_SHARE,
        activity=activity,
        activities=_group(request_owner, registered, requests),
        previous_buddy=previous,
    )
    return Programme(request_side, buddy_side, activities)


def demo_levels(rng: np.random.Generator, shape) -> np.ndarray:
    return rng.choice(4, size=shape, p=LEVEL_SHARES).astype(np.int8)


def _group(owner: np.ndarray, values: np.ndarray, count: int) -> list[frozenset[int]]:
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(count + 1))
    flat = values[order].tolist()
    return [frozenset(flat[bounds[i] : bounds[i + 1]]) for i in range(count)]


@dataclass
class Phases:
    problem: object
    build: float
    solve: float


def time_phases(programme: Programme) -> Phases:
    built, problem = timed(lambda: buddy_problem(programme.requests, programme.buddies))
    solved, _ = timed(lambda: solve(problem.assignment, fixed=problem.fixed_rows))
    return Phases(problem, built, solved)


def candidate_summary(counts: np.ndarray, season: np.ndarray) -> str:
    parts = []
    for name, chosen in (("activity requests", ~season), ("season requests", season)):
        if chosen.any():
            part = counts[chosen]
            parts.append(
                f"{name} {part.mean():,.1f} each (median {np.median(part):,.0f}, "
                f"95th percentile {np.percentile(part, 95):,.0f})"
            )
    return (
        f"{counts.sum():,} allowed pairs: "
        + "; ".join(parts)
        + f"; {(counts == 0).mean():.1%} of requests with none"
    )


def top_reasons(result, shown: int = 4) -> str:
    said = reason_words()
    reasons, counts = np.unique([said(u.reason) for u in result.unmatched], return_counts=True)
    if not reasons.size:
        return "none"
    order = np.argsort(-counts, kind="stable")[:shown]
    return "; ".join(f"{reasons[i]} ({counts[i]:,})" for i in order.tolist())


def reason_words():
    """The buddies app's English words for the engine's reason codes, without a database."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    from overture.buddies.wording import reason_words as words

    return words


@dataclass
class GreedyResult:
    matched: int
    total_cost: int


def greedy_assignment(problem: AssignmentProblem) -> GreedyResult:
    """Requests in order, each taking its cheapest arc (plus the next slot's cost) with room."""
    order = np.argsort(problem.arc_request, kind="stable")
    bounds = np.searchsorted(problem.arc_request[order], np.arange(problem.request_count + 1))
    suppliers = problem.arc_supplier[order].tolist()
    costs = problem.arc_cost[order].tolist()
    slot = problem.slot_cost
    slot_rows = slot.tolist() if slot is not None else None
    room = problem.capacity.tolist()
    used = [0] * problem.supplier_count
    matched = total = 0
    for r in range(problem.request_count):
        best, best_cost = -1, 0
        for e in range(bounds[r], bounds[r + 1]):
            s = suppliers[e]
            if used[s] >= room[s]:
                continue
            extra = 0
            if slot_rows is not None:
                row = slot_rows[s]
                extra = row[min(used[s], len(row) - 1)]
            if best < 0 or costs[e] + extra < best_cost:
                best, best_cost = s, costs[e] + extra
        if best >= 0:
            used[best] += 1
            matched += 1
            total += best_cost
    return GreedyResult(matched, total)


@dataclass
class NetworkxComparison:
    """The sizes networkx finished, those where its optimum differed, and where it stopped."""

    finished: list[int]
    differed: list[int]
    stopped_at: int | None
    timeout: float

    def verdict(self) -> str:
        if not self.finished:
            reason = (
                f"stopped: no answer for {self.stopped_at:,} requests within {self.timeout:g} s"
                if self.stopped_at
                else f"the programme is below its smallest size, {NETWORKX_SIZES[0]:,} requests"
            )
            return f"not checked: {peer_skipped('networkx', reason)}"
        if self.differed:
            return f"NO: networkx found a different optimum at {_sizes(self.differed)} requests"
        return f"yes: networkx agrees on every size it finished ({_sizes(self.finished)} requests)"


def _sizes(sizes: list[int]) -> str:
    return ", ".join(f"{size:,}" for size in sizes)


def compare_networkx(args, full_seconds: float) -> NetworkxComparison:
    """networkx at growing sizes, each in a child process stopped after the timeout."""
    share = args.buddies / args.requests
    comparison = NetworkxComparison([], [], None, args.networkx_timeout)
    largest = None
    for size in NETWORKX_SIZES:
        if size > args.requests:
            break
        programme = generate(
            np.random.default_rng(args.seed + size),
            size,
            max(int(size * share), 1),
            args.season_share,
        )
        ours_seconds, ours = timed(
            lambda programme=programme: match(
                programme.requests, programme.buddies, practice_names=PRACTICE_NAMES
            )
        )
        problem = buddy_problem(programme.requests, programme.buddies).per_request()
        outcome = run_with_timeout(networkx_solve, problem, args.networkx_timeout)
        if outcome is None:
            comparison.stopped_at = size
            print(
                f"networkx      > {args.networkx_timeout:.0f} s at {size:,} requests "
                f"(engine's match() {ours_seconds:.2f} s): stopped"
            )
            break
        seconds, matched, cost = outcome
        same = matched == len(ours.pairs) and cost == ours.total_cost
        comparison.finished.append(size)
        largest = (size, seconds)
        if not same:
            comparison.differed.append(size)
        print(
            f"networkx      {seconds:7.2f} s   at {size:,} requests × {int(size * share):,} "
            f"buddies ({problem.arc_count:,} pairs): {matched:,} matched, cost {cost:,} — "
            f"engine's match() {ours_seconds:.2f} s, {ratio(seconds, ours_seconds, 0)} as fast; "
            f"{'same optimum' if same else 'DIFFERENT'}"
        )
    if largest is not None:
        size, seconds = largest
        print(
            f"  networkx took {seconds:.1f} s for {size:,} requests; the engine matched "
            f"{args.requests:,} in {full_seconds:.1f} s, reasons included"
        )
    return comparison


def run_with_timeout(function, problem, timeout: float):
    """`function(problem)` in a child process; None if it has not finished after `timeout` s."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_child, args=(function, problem, results))
    child.start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                return results.get(timeout=min(1.0, max(deadline - time.monotonic(), 0.01)))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    return None
                # A child that died without an answer failed; it did not run out of time.
                if not child.is_alive() and results.empty():
                    raise RuntimeError(f"networkx failed (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def _child(function, problem, results) -> None:
    results.put(function(problem))


def networkx_solve(problem: AssignmentProblem) -> tuple[float, int, int]:
    """(seconds, matched, total cost) of networkx's maximum flow of minimum cost, the
    graph's construction included; load costs through one node per buddy slot."""
    import networkx as nx

    seconds, (matched, cost) = timed(lambda: networkx_flow(nx, problem))
    return seconds, matched, cost


def networkx_flow(nx, problem: AssignmentProblem) -> tuple[int, int]:
    graph = nx.DiGraph()
    source, sink = "source", "sink"
    for r in range(problem.request_count):
        graph.add_edge(source, ("r", r), capacity=int(problem.demand[r]), weight=0)
    for r, s, c in zip(
        problem.arc_request.tolist(),
        problem.arc_supplier.tolist(),
        problem.arc_cost.tolist(),
        strict=True,
    ):
        graph.add_edge(("r", r), ("s", s), capacity=1, weight=c)
    for s, capacity in enumerate(problem.capacity.tolist()):
        for k in range(capacity):
            cost = int(problem.unit_slot_cost(s, k))
            graph.add_edge(("s", s), ("slot", s, k), capacity=1, weight=cost)
            graph.add_edge(("slot", s, k), sink, capacity=1, weight=0)
    flow = nx.max_flow_min_cost(graph, source, sink)
    matched = sum(flow[source].values())
    cost = nx.cost_of_flow(graph, flow)
    return int(matched), int(cost)


if __name__ == "__main__":
    sys.exit(main())
