"""Time the signposting engine's batch top-k against plain NumPy broadcasting.

    python benchmarks/signposting.py --participants 100000 --activities 10000 --practices 20

Generates an audience and a season like the demo's (competence from a few shared tastes, about
50/30/15/5 % newcomer/novice/regular/expert, 28 % of people not assessed yet; activities in the
ten formats, each involving two to five practices), then prints the engine's time and the
process's peak resident memory for the whole audience. The named peer is a straightforward
NumPy implementation of the same formula — the full chunk × activities × practices arrays,
then a stable argsort — run in the same process on the first `--peer-participants` people,
next to the engine on the same people; both must give identical recommendations.

The demo's own generator (`overture.demo.audience.competence_levels`) is not imported: the
`overture.demo` package loads Django models on import, and it has 14 fixed practices, while
this benchmark takes any number. The model below is the same: shared tastes, the same share of
variance, the same level thresholds.

`--quick` runs 2,000 participants × 300 activities, the peer on 200 of them, in about a second.
With `--peer-participants 0` the peer is skipped and the lists are not compared.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

import numpy as np

from measure import parse_args, peak_rss_mib, peer_skipped, ratio, timed
from overture.engines.signposting import Activities, Registrations, recommend
from overture.engines.signposting.fit import (
    FIT_LOOKUP,
    VARIETY_UNITS,
    WELCOMING_BIT,
    Fit,
    practice_flags,
    practice_units,
)
from overture.engines.signposting.ranking import CANDIDATES_PER_SLOT, rerank

DAY = 86_400
LEVEL_THRESHOLDS = np.array([0.0, 0.8416212, 1.6448536])  # 50 / 80 / 95 % of a normal
SHARED_VARIANCE = 0.8
GENERAL_LOADING = 0.35
TASTES = 6
ASSESSED_SHARE = 0.72
# Formats: scale position, share of the season, and (required level, strictness) of the
# practices each involves; the practices themselves are drawn per format.
FORMATS = (
    (0.0, 10, ((2, 0.9), (1, 0.7), (0, 0.3)), ((1, 0.4), (0, 0.1))),
    (0.1, 5, ((2, 0.95), (2, 0.8)), ((1, 0.4), (1, 0.3))),
    (0.2, 6, ((0, 0.2), (0, 0.3)), ((1, 0.4),)),
    (0.3, 5, ((1, 0.3), (0, 0.2)), ((0, 0.1), (0, 0.1))),
    (0.4, 4, ((0, 0.2), (0, 0.2), (0, 0.3)), ((0, 0.3),)),
    (0.5, 3, ((0, 0.1), (0, 0.05)), ((0, 0.1), (0, 0.05))),
    (0.55, 4, ((1, 0.6), (1, 0.6)), ((0, 0.3), (0, 0.2))),
    (0.75, 4, ((1, 0.5), (1, 0.4), (1, 0.5)), ((0, 0.2),)),
    (0.85, 4, ((2, 0.6), (1, 0.6)), ((0, 0.2),)),
    (1.0, 3, ((1, 0.4), (1, 0.3)), ((1, 0.4),)),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--practices", type=int, default=20)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=4096)
    parser.add_argument("--peer-participants", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    args = parse_args(
        parser,
        argv,
        quick={"participants": 2_000, "activities": 300, "peer_participants": 200},
    )

    inputs_seconds, data = timed(
        lambda: generate(
            np.random.default_rng(args.seed), args.participants, args.activities, args.practices
        )
    )
    print(
        f"inputs           {inputs_seconds:7.2f} s   "
        f"{args.participants:,} participants × {args.activities:,} activities × "
        f"{args.practices} practices, {data.registrations.indices.size:,} registrations, "
        f"{data.activities.upcoming(data.now).size:,} upcoming with places"
    )
    print(f"levels           {level_shares(data.levels)}")
    rss_before = peak_rss_mib()

    seconds, result = timed(
        lambda: recommend(
            data.levels,
            data.activities,
            now=data.now,
            registrations=data.registrations,
            k=args.k,
            chunk_size=args.chunk_size,
            workers=args.workers,
        )
    )
    peak = peak_rss_mib()
    print(
        f"engine           {seconds:7.2f} s   {args.participants / seconds:,.0f} participants/s, "
        f"workers={args.workers}; peak RSS {peak:,.0f} MiB (inputs alone {rss_before:,.0f} MiB)"
    )
    print(f"fit of the top 1 {fit_shares(result.fit[:, 0])}")

    size = min(args.peer_participants, args.participants)
    if size <= 0:
        reason = "--peer-participants 0"
        print(f"peer             {peer_skipped('NumPy broadcasting', reason)}")
        print(f"same top-{args.k}       not checked: the peer did not run")
        return 0
    peer_levels = data.levels[:size]
    peer_registrations = data.registrations.subset(np.arange(size))
    timings = {}
    for workers in sorted({1, args.workers}):
        timings[workers], ours = timed(
            lambda workers=workers: recommend(
                peer_levels,
                data.activities,
                now=data.now,
                registrations=peer_registrations,
                k=args.k,
                chunk_size=args.chunk_size,
                workers=workers,
            )
        )
    peer_seconds, theirs = timed(
        lambda: broadcasting_peer(
            peer_levels, data.activities, data.now, peer_registrations, args.k
        )
    )
    same = all(
        np.array_equal(getattr(ours, name), getattr(theirs, name), equal_nan=True)
        for name in ("activity", "fit", "score")
    )
    print(
        f"peer             {peer_seconds:7.2f} s   NumPy broadcasting on {size:,} participants; "
        + ", ".join(
            f"engine {t:.2f} s with {w} worker{'s' * (w > 1)} ({ratio(peer_seconds, t, 0)})"
            for w, t in timings.items()
        )
    )
    peer_each, engine_each = peer_seconds / size, seconds / args.participants
    print(
        f"per participant  peer {peer_each * 1e3:.2f} ms, engine {engine_each * 1e6:.1f} µs "
        f"in the full run: {ratio(peer_each, engine_each, 0)} as fast"
    )
    print(f"same top-{args.k}       {'yes' if same else 'NO'}")
    return 0 if same else 1


@dataclass
class Inputs:
    levels: np.ndarray
    activities: Activities
    registrations: Registrations
    now: int


def generate(rng: np.random.Generator, participants: int, activities: int, practices: int):
    """An audience and a season shaped like the demo's, with any number of practices."""
    loadings = np.zeros((practices, 1 + TASTES))
    loadings[:, 0] = GENERAL_LOADING
    for row in range(practices):
        tastes = rng.choice(TASTES, size=rng.integers(1, 3), replace=False) + 1
        loadings[row, tastes] = rng.uniform(0.3, 1.0, size=tastes.size)
    loadings *= np.sqrt(SHARED_VARIANCE) / np.linalg.norm(loadings, axis=1, keepdims=True)
    ease = rng.normal(0, 0.2, size=practices)
    ease -= ease.mean()
    levels = np.empty((participants, practices), dtype=np.int8)
    for lo in range(0, participants, 100_000):  # bounded memory for millions of people
        hi = min(lo + 100_000, participants)
        factors = rng.standard_normal((hi - lo, 1 + TASTES))
        noise = rng.standard_normal((hi - lo, practices)) * np.sqrt(1 - SHARED_VARIANCE)
        z = factors @ loadings.T + noise + ease
        levels[lo:hi] = np.searchsorted(LEVEL_THRESHOLDS, z, side="right")
    levels[rng.random(participants) >= ASSESSED_SHARE] = -1

    season = _season(rng, activities, practices)
    now = 6 * 7 * DAY  # the season runs from six weeks ago to about nine months ahead
    per_person = rng.poisson(3, size=participants)
    people = np.repeat(np.arange(participants), per_person)
    acts = rng.integers(activities, size=people.size)
    pairs = np.unique(people * activities + acts)
    registrations = Registrations.from_pairs(pairs // activities, pairs % activities, participants)
    return Inputs(levels, season, registrations, now)


def _season(rng: np.random.Generator, count: int, practices: int) -> Activities:
    shares = np.array([f[1] for f in FORMATS], dtype=float)
    formats = rng.choice(len(FORMATS), size=count, p=shares / shares.sum())
    # Each format involves its own practices, as the demo's formats do.
    slots = max(len(f[2]) + len(f[3]) for f in FORMATS)
    own = np.array(
        [rng.choice(practices, size=min(slots, practices), replace=False) for _ in FORMATS]
    )
    required = np.full((count, practices), -1, dtype=np.int8)
    strictness = np.zeros((count, practices))
    for a, f in enumerate(formats.tolist()):
        _scale, _share, main, extras = FORMATS[f]
        chosen = list(main) + [e for e in extras if rng.random() < 0.5]
        for slot, (level, strict) in enumerate(chosen):
            p = own[f, slot % own.shape[1]]
            required[a, p] = level
            strictness[a, p] = np.clip(round(strict + rng.uniform(-0.05, 0.05), 2), 0, 1)
    scale = np.array([FORMATS[f][0] for f in formats])
    starts = np.sort(rng.uniform(0, 320 * DAY, size=count)).astype(np.int64)
    places = np.where(rng.random(count) < 0.1, 0, rng.integers(1, 500, size=count))
    return Activities(
        required=required,
        strictness=strictness,
        scale=scale,
        starts_at=starts,
        places_left=places,
        format=formats,
    )


def broadcasting_peer(levels, activities: Activities, now, registrations: Registrations, k: int):
    """The same recommendations the plain way: chunk × activities × practices arrays."""
    from overture.engines.signposting.ranking import Recommendations

    count = levels.shape[0]
    out = Recommendations(
        np.full((count, k), -1, dtype=np.int64),
        np.full((count, k), -1, dtype=np.int8),
        np.full((count, k), np.nan),
    )
    upcoming = activities.upcoming(now)
    required = activities.required[upcoming][None]
    strictness = activities.strictness[upcoming][None]
    involved = required >= 0
    welcome = activities.welcome[upcoming][None, :, None]
    involved_count = activities.involved_count[upcoming][None, :, None]
    welcoming = np.where(activities.welcoming[upcoming], WELCOMING_BIT, 0)
    empty = np.where(activities.involved_count[upcoming] == 0, 256, 0)
    fmt = activities.format[upcoming]
    format_count = int(activities.format.max()) + 1
    candidates = min(CANDIDATES_PER_SLOT * k, upcoming.size)
    chunk = 250
    for lo in range(0, count, chunk):
        hi = min(lo + chunk, count)
        level = np.maximum(levels[lo:hi], 0)[:, None, :]
        units = practice_units(level, required, strictness, welcome, involved_count)
        score = np.where(involved, units, 0).sum(axis=2) + empty
        counts = registrations.format_counts(np.arange(lo, hi), activities.format, format_count)
        score -= VARIETY_UNITS * counts[:, fmt]
        flags = np.where(involved, practice_flags(level, required, strictness), 0)
        fit = FIT_LOOKUP[np.bitwise_or.reduce(flags, axis=2) | welcoming]
        registered = np.zeros((hi - lo, len(activities)), dtype=bool)
        rows, acts = registrations.rows(lo, hi)
        registered[rows, acts] = True
        open_ = ~registered[:, upcoming]
        good = (open_ & (fit >= Fit.GOOD_FIRST_STEP)).any(axis=1, keepdims=True)
        open_ &= ~(good & (fit == Fit.PREPARE_FIRST))
        # Rank: open first, then not "prepare first", then score, then activity index.
        order = np.lexsort((-score, fit == Fit.PREPARE_FIRST, ~open_), axis=1)[:, :candidates]
        taken = np.take_along_axis
        chosen = rerank(
            taken(open_, order, 1),
            taken(score, order, 1),
            taken(fit, order, 1),
            fmt[order],
            activities.starts_at[upcoming][order],
            k,
        )
        picked = chosen >= 0
        where = taken(order, np.maximum(chosen, 0), 1)
        out.activity[lo:hi] = np.where(picked, upcoming[where], -1)
        out.fit[lo:hi] = np.where(picked, taken(fit, where, 1), -1)
        out.score[lo:hi] = np.where(picked, taken(score, where, 1) / 256, np.nan)
    return out


def level_shares(levels: np.ndarray) -> str:
    known = levels[levels >= 0]
    shares = np.bincount(known, minlength=4) / max(known.size, 1) * 100
    names = ("newcomer", "novice", "regular", "expert")
    unknown = (levels < 0).mean() * 100
    return ", ".join(f"{n} {s:.0f} %" for n, s in zip(names, shares, strict=True)) + (
        f" of known levels; {unknown:.0f} % not known yet"
    )


FIT_WORDS = {
    Fit.PREPARE_FIRST: "prepare first",
    Fit.STRETCH: "a stretch",
    Fit.GOOD_FIRST_STEP: "good first step",
    Fit.RIGHT_FOR_YOU: "right for you",
}


def fit_shares(fit: np.ndarray) -> str:
    counts = np.bincount(fit[fit >= 0], minlength=4) / fit.size * 100
    return ", ".join(f"{FIT_WORDS[Fit(i)]} {counts[i]:.0f} %" for i in reversed(range(4)))


if __name__ == "__main__":
    sys.exit(main())
