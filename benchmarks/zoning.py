"""Time zoning a festival day against the greedy baseline, in one run.

    python benchmarks/zoning.py                      # 20,000 registrants, 12 zones
    python benchmarks/zoning.py --people 100000

Generates a festival day like the demo's: competences from the demo's own audience model
(`overture.demo.audience.plan_audience`: shared tastes, about 50/30/15/5 % newcomer/novice/
regular/expert, 28 % not assessed = unknown) over five practices of very different
strictness; norms preferences, zone choices and parties drawn with the demo's mix shares
(`overture.demo.mix`: half state a preference, the experienced in the strictest practice
lean traditional, 45 % of those who state one ask for a zone; a quarter of the places booked
by friends in parties of 2–6) plus group bookings of 10–40 (school classes, choirs); 12
zones from "anything goes" to traditional with 5 % more seats than registrants. Then prints
the time and peak resident memory of `zone`, the greedy baseline's time and result in the
same run, the ratio of the times and the conflict gap, and asserts the target (≤ 5 s at
20,000 registrants).

The demo package's `__init__` loads Django models; its audience and practice modules do not,
so they are imported without it. The mix shares are those of `overture.demo.mix` (which
needs Django), repeated below.

`--quick` zones 2,000 registrants, greedy included, in well under a second.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np

from measure import parse_args, peak_rss_mib, ratio, timed
from overture.engines.zoning import ZoningProblem, greedy_zoning, zone

TARGET_SECONDS = 5.0
TARGET_PEOPLE = 20_000
PRACTICES = (  # a festival day's practices, each at the demo's default strictness
    "listening-in-silence",
    "applauding",
    "singing-in-a-choir",
    "relaxed-performance",
    "bringing-children",
)
ZONE_NORMS = (0.1, 0.2, 0.3, 0.3, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.0)
SPARE_SEATS = 0.05
# As overture.demo.mix: half state a preference, log-odds of traditional over relaxed by
# level in the strictest practice and its strictness; zone asked for by 45 % of those who
# state one (8 % of the others), 85 % of them the zone that suits their preference; friends
# book 15–30 % of the places in parties of 2–6.
STATED_SHARE = 0.5
TRADITIONAL_BASE, TRADITIONAL_PER_LEVEL, TRADITIONAL_PER_STRICTNESS = -1.8, 1.2, 2.5
ZONE_ASKED_SHARE, ZONE_ASKED_UNSTATED_SHARE, ZONE_MATCHES_SHARE = 0.45, 0.08, 0.85
FRIENDS = ((0.15, 0.3), np.array([0.55, 0.22, 0.13, 0.06, 0.04]))
PARTY_SIZES = np.arange(2, 7)
GROUP_SHARE = 0.03  # of the places, booked as groups of 10–40
GROUP_SIZES = (10, 41)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=TARGET_PEOPLE)
    parser.add_argument("--zones", type=int, default=len(ZONE_NORMS))
    parser.add_argument("--seed", type=int, default=5)
    args = parse_args(parser, argv, quick={"people": 2_000})

    inputs_seconds, (problem, names) = timed(
        lambda: festival_day(np.random.default_rng(args.seed), args.people, args.zones)
    )
    inputs_rss = peak_rss_mib()
    party = problem.party
    in_parties = int((party >= 0).sum())
    print(
        f"inputs        {inputs_seconds:7.2f} s   {problem.people:,} registrants, "
        f"{problem.zones} zones ({int(problem.zone_capacity.sum()):,} seats, norms "
        f"{min(problem.zone_norms):.1f}–{max(problem.zone_norms):.1f}), practices "
        f"{', '.join(names)}; {in_parties:,} in {np.unique(party[party >= 0]).size:,} "
        f"parties (largest {int(np.bincount(party[party >= 0]).max())}), "
        f"{int((problem.preference >= 0).sum()):,} norms preferences, "
        f"{int((problem.preferred_zone >= 0).sum()):,} zone choices"
    )

    zone_seconds, result = timed(lambda: zone(problem))
    peak = peak_rss_mib()
    print(
        f"zone()        {zone_seconds:7.2f} s   {summary(result)}; peak RSS {peak:,.0f} MiB "
        f"(inputs alone {inputs_rss:,.0f} MiB)"
    )
    check(problem, result)

    greedy_seconds, greedy = timed(lambda: greedy_zoning(problem))
    print(f"greedy        {greedy_seconds:7.2f} s   {summary(greedy)}")
    check(problem, greedy)

    gap = greedy.conflict_after - result.conflict_after
    print(
        f"compared      zone() takes {ratio(zone_seconds, greedy_seconds)} the greedy's time; "
        f"conflict {result.conflict_after:.4f} against {greedy.conflict_after:.4f} "
        f"(greedy +{gap:.4f}, {gap / max(result.conflict_after, 1e-12):+.1%}); "
        f"seated {result.seated - greedy.seated:+,} and chosen zones honoured "
        f"{honoured_zones(problem, result) - honoured_zones(problem, greedy):+,} against greedy"
    )
    print(
        "  per zone    "
        + ", ".join(
            f"{n:.1f}: {s:,}/{c:,} at {t:.2f}"
            for n, s, c, t in zip(
                problem.zone_norms.tolist(),
                result.per_zone.size.tolist(),
                problem.zone_capacity.tolist(),
                result.per_zone.total.tolist(),
                strict=True,
            )
        )
    )
    if args.people <= TARGET_PEOPLE:
        assert zone_seconds <= TARGET_SECONDS, f"zone() took {zone_seconds:.2f} s"
        print(f"target        met: {zone_seconds:.2f} s ≤ {TARGET_SECONDS:.0f} s")
    return 0


def summary(result) -> str:
    return (
        f"{result.seated:,} seated, {result.unseated.size:,} not; conflict "
        f"{result.conflict_before:.4f} in one room → {result.conflict_after:.4f} zoned; "
        f"preferences honoured {result.preferences_honoured:,} of {result.preferences_stated:,}"
    )


def honoured_zones(problem: ZoningProblem, result) -> int:
    chose = problem.preferred_zone >= 0
    return int((result.zone_of[chose] == problem.preferred_zone[chose]).sum())


def check(problem: ZoningProblem, result) -> None:
    """No zone over capacity, no party split."""
    seated = result.zone_of >= 0
    load = np.bincount(result.zone_of[seated], minlength=problem.zones)
    assert (load <= problem.zone_capacity).all(), "a zone over capacity"
    members = problem.party >= 0
    pairs = np.unique(np.column_stack([problem.party, result.zone_of])[members], axis=0)
    assert np.unique(pairs[:, 0]).size == pairs.shape[0], "a party split"


def festival_day(rng: np.random.Generator, people: int, zones: int):
    demo_without_django()
    from overture.demo.audience import plan_audience
    from overture.demo.practices import PRACTICES as DEMO_PRACTICES
    from overture.demo.practices import practice_index

    columns = [practice_index(slug) for slug in PRACTICES]
    strictness = np.array([DEMO_PRACTICES[c].default_strictness for c in columns])
    plan = plan_audience(rng, people, now=int(time.time()))
    levels = plan.levels[:, columns].astype(np.int64)
    levels[~plan.assessed] = -1

    # Norms preferences as the demo states them: by level in the strictest practice.
    key = int(np.argmax(strictness))
    odds = (
        TRADITIONAL_BASE
        + TRADITIONAL_PER_LEVEL * plan.levels[:, columns[key]]
        + TRADITIONAL_PER_STRICTNESS * (strictness[key] - 0.5)
    )
    stated = rng.random(people) < STATED_SHARE
    traditional = rng.random(people) < 1 / (1 + np.exp(-odds))
    preference = np.where(stated, traditional.astype(np.int64), -1)

    norms = np.resize(np.array(ZONE_NORMS), zones)
    capacity = zone_capacities(rng, people, zones)
    asks = rng.random(people) < np.where(stated, ZONE_ASKED_SHARE, ZONE_ASKED_UNSTATED_SHARE)
    suited = np.where(traditional, int(np.argmax(norms)), int(np.argmin(norms)))
    matches = stated & (rng.random(people) < ZONE_MATCHES_SHARE)
    preferred = np.where(asks, np.where(matches, suited, rng.integers(zones, size=people)), -1)

    party = parties(rng, plan.levels[:, columns[key]])
    # A party asks for the zone its first booker asked for.
    members = np.flatnonzero(party >= 0)
    first = members[np.unique(party[members], return_index=True)[1]]
    leader = np.full(party.max() + 1, -1)
    leader[party[first]] = first
    preferred[members] = preferred[leader[party[members]]]

    problem = ZoningProblem(
        levels=levels,
        strictness=strictness,
        preference=preference,
        zone_capacity=capacity,
        zone_norms=norms,
        preferred_zone=preferred,
        party=party,
    )
    return problem, [DEMO_PRACTICES[c].name for c in columns]


def zone_capacities(rng: np.random.Generator, people: int, zones: int) -> np.ndarray:
    weights = rng.dirichlet(np.full(zones, 4.0))
    capacity = np.floor(weights * people * (1 + SPARE_SEATS)).astype(np.int64)
    return np.maximum(capacity, GROUP_SIZES[1])


def parties(rng: np.random.Generator, key_level: np.ndarray) -> np.ndarray:
    """Party id per registrant in booking order (−1 alone): friends of much the same
    experience in parties of 2–6, and a few large group bookings."""
    people = key_level.size
    party = np.full(people, -1, dtype=np.int64)
    (low, high), odds = FRIENDS
    friends = rng.choice(PARTY_SIZES, size=people, p=odds)
    friends = friends[np.cumsum(friends) <= people * rng.uniform(low, high)]
    groups = rng.integers(*GROUP_SIZES, size=people // GROUP_SIZES[0])
    groups = groups[np.cumsum(groups) <= people * GROUP_SHARE]
    sizes = np.concatenate([friends, groups])
    members = rng.choice(people, size=int(sizes.sum()), replace=False)
    members = members[np.argsort(key_level[members] + rng.uniform(0, 1.5, members.size))]
    party[members] = np.repeat(np.arange(sizes.size), sizes)
    return party


def demo_without_django() -> None:
    """Make `overture.demo` importable as a bare package, its Django-bound `__init__` unrun."""
    if "overture.demo" in sys.modules:
        return
    import overture

    path = str(Path(overture.__file__).parent / "demo")
    spec = importlib.machinery.ModuleSpec("overture.demo", None, is_package=True)
    package = importlib.util.module_from_spec(spec)
    package.__path__ = [path]
    sys.modules["overture.demo"] = package


if __name__ == "__main__":
    sys.exit(main())
