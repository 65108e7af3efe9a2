"""Time the survey statistics engine against pandas groupby on a season of survey answers.

    python benchmarks/survey_stats.py --responses 1000000 --dimensions 12 --activities 500

Generates value-experience answers like a large season's (see `generate`), then, in the same
run and on the same data, times `survey_stats.aggregate` (n, mean, sd, t interval per
activity × segment × dimension, answer counts, respondents' own means) and pandas'
`groupby(...).agg(["mean", "std", "count"])` — best of `--repeat` runs each — prints their
peak traced memory (tracemalloc, one more run each) and the ratio, checks that both agree to
1e-9 on every n, mean and sd, and fails unless the engine takes at most `--target` seconds.

Answers (1–5, 0 = not answered), by design of this benchmark:

- people's levels come from the demo generator's own competence model
  (`overture.demo.audience.competence_levels`: shared tastes, 50/30/15/5 % newcomer/novice/
  regular/expert, 72 % assessed — the others count as newcomers);
- each activity has one of the demo's ten formats (in the demo season's shares) and that
  format's key practice, required level and strictness; dates spread over ten months;
- a response is a person at an activity, drawn by propensity (log-normal) and by level in
  the key practice (people who know a practice come to its activities more); about one in two
  novices and one in twenty experts is there for the first time;
- latent value = 3.7 + activity quality N(0, 0.25) + person's generosity N(0, 0.5)
  + per-dimension effects of the shortfall (required level − own level, times strictness),
  of the level and of a first visit + noise N(0, 0.9), rounded and clipped to 1–5;
  4 % of statements left unanswered (15 % for "contribution").

Segments: level band in the key practice (newcomer or novice / regular / expert) × first
time or returning, six in all: 500 activities give 3,000 groups.

`--quick` runs 20,000 responses over 50 activities in about a second. Without pandas the peer
is skipped, and the agreement is reported as not checked.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import types
from pathlib import Path

import numpy as np

try:
    import pandas as pd
except ImportError:  # the peer is optional; without it nothing is compared
    pd = None

import overture
from measure import best_of, parse_args, peak_rss_mib, peer_skipped, ratio, timed, traced_peak_mib
from overture.engines.survey_stats import aggregate, combine, group_ids, trend, value_gap

DIMENSIONS = (
    # name, shortfall effect, level effect, first-visit effect
    ("absorption", -0.2, 0.10, 0.0),
    ("emotional response", -0.1, 0.05, 0.0),
    ("understanding", -0.5, 0.10, -0.1),
    ("learning something new", 0.2, -0.15, 0.1),
    ("feeling welcome", -0.6, 0.05, -0.2),
    ("knowing what to do", -0.9, 0.15, -0.3),
    ("belonging", -0.6, 0.10, -0.4),
    ("connection with others", -0.3, 0.05, -0.3),
    ("contribution", -0.4, 0.10, -0.1),
    ("competence", -0.8, 0.20, -0.1),
    ("inspiration to come back", -0.3, 0.00, 0.1),
    ("telling others", -0.2, 0.05, 0.0),
)
# The demo's formats: share of the season, key practice, its required level and strictness.
FORMATS = (
    ("symphony concert", 10, "listening-in-silence", 2, 0.9),
    ("chamber concert", 5, "listening-in-silence", 2, 0.95),
    ("pre-concert talk", 6, "programme-note", 0, 0.2),
    ("livestream", 5, "livestream-chat", 1, 0.3),
    ("family concert", 4, "bringing-children", 0, 0.2),
    ("relaxed performance", 3, "relaxed-performance", 0, 0.1),
    ("open rehearsal", 4, "watching-a-rehearsal", 1, 0.6),
    ("come and sing", 4, "singing-in-a-choir", 1, 0.5),
    ("play-along workshop", 4, "playing-along", 2, 0.6),
    ("composition lab", 3, "improvising-and-composing", 1, 0.4),
)
SEGMENTS = tuple(
    f"{band}, {visit}"
    for band in ("newcomer or novice", "regular", "expert")
    for visit in ("first time", "returning")
)
FIRST_TIME = np.array([0.6, 0.45, 0.15, 0.05])  # by level 0–3
MISSING, MISSING_CONTRIBUTION = 0.04, 0.15
SEASON_DAYS = 300


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--dimensions", type=int, default=len(DIMENSIONS))
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--target", type=float, default=2.0, help="seconds for the engine")
    parser.add_argument("--seed", type=int, default=7)
    args = parse_args(parser, argv, quick={"responses": 20_000, "activities": 50})
    if not 1 <= args.dimensions <= len(DIMENSIONS):
        parser.error(f"--dimensions must lie in 1 … {len(DIMENSIONS)}")

    inputs_seconds, (groups, scores, segment, day) = timed(
        lambda: generate(
            np.random.default_rng(args.seed), args.responses, args.activities, args.dimensions
        )
    )
    group_count = args.activities * len(SEGMENTS)
    print(
        f"inputs          {inputs_seconds:7.2f} s   {args.responses:,} responses "
        f"× {args.dimensions} dimensions, {args.activities} activities × {len(SEGMENTS)} "
        f"segments = {group_count:,} groups; {(scores == 0).mean() * 100:.1f} % unanswered"
    )
    print(f"segments        {segment_shares(segment)}")

    engine_seconds = best_of(args.repeat, lambda: aggregate(groups, scores, group_count))
    summary = aggregate(groups, scores, group_count)
    engine_peak = traced_peak_mib(lambda: aggregate(groups, scores, group_count))
    print(
        f"engine          {engine_seconds:7.3f} s   aggregate, best of {args.repeat}; "
        f"peak traced memory {engine_peak:,.0f} MiB"
    )
    seconds, (gap, line) = timed(lambda: headline(summary, args.activities, day))
    print(
        f"  then          {seconds:7.3f} s   season by segment, value gap per activity "
        f"(season {float(gap.overall.difference):+.3f}, 95 % CI "
        f"{float(gap.overall.ci_low):+.3f} … {float(gap.overall.ci_high):+.3f}), trend of the "
        f"activities' means ({float(line.slope):+.4f} a month, "
        f"{float(line.ci_low):+.4f} … {float(line.ci_high):+.4f})"
    )

    fast = engine_seconds <= args.target
    target = f"engine ≤ {args.target:g} s: {'yes' if fast else 'NO'}"
    if pd is None:
        print(f"pandas groupby  {peer_skipped('pandas', 'not installed')}")
        print(f"process         peak RSS {peak_rss_mib():,.0f} MiB")
        print(f"checks          agree to 1e-9: not checked, pandas did not run; {target}")
        return 0 if fast else 1

    frame_seconds, frame = timed(lambda: as_frame(groups, scores))
    print(
        f"pandas frame    {frame_seconds:7.3f} s   building the DataFrame "
        f"(float, NaN = not answered; not counted below)"
    )
    peer_seconds = best_of(args.repeat, lambda: pandas_peer(frame))
    peer = pandas_peer(frame)
    peer_peak = traced_peak_mib(lambda: pandas_peer(frame))
    print(
        f"pandas groupby  {peer_seconds:7.3f} s   mean, std, count, best of {args.repeat}; "
        f"peak traced memory {peer_peak:,.0f} MiB"
    )
    print(
        f"ratio           {ratio(peer_seconds, engine_seconds):>8}  as fast as pandas; peak memory "
        f"{ratio(engine_peak, peer_peak, 2)} pandas'; process peak RSS {peak_rss_mib():,.0f} MiB"
    )

    difference = largest_difference(summary, peer, group_count, args.dimensions)
    agree = difference <= 1e-9
    print(f"agreement       largest |difference| in n, mean, sd: {difference:.1e}")
    print(f"checks          agree to 1e-9: {'yes' if agree else 'NO'}; {target}")
    return 0 if agree and fast else 1


def demo_audience() -> types.ModuleType:
    """`overture.demo.audience` without the package's __init__, which loads Django models.

    The audience, practices and names modules are pure NumPy; the rest of the demo package
    needs a configured Django project, which a benchmark of an engine should not.
    """
    if "overture.demo" not in sys.modules:
        package = types.ModuleType("overture.demo")
        package.__path__ = [str(Path(overture.__file__).parent / "demo")]
        sys.modules["overture.demo"] = package
    return importlib.import_module("overture.demo.audience")


def generate(rng: np.random.Generator, responses: int, activities: int, dimensions: int):
    """(groups, scores, segment, day of each activity) for `responses` answered surveys."""
    audience = demo_audience()
    practices = importlib.import_module("overture.demo.practices")
    people = max(responses * 2 // 5, 1)  # 2.5 responses per person on average
    factors = rng.standard_normal((people, len(practices.FACTORS)))
    levels = audience.competence_levels(rng, factors)
    levels[rng.random(people) >= audience.ASSESSED_SHARE] = 0  # not assessed: as newcomer
    propensity = rng.lognormal(0.0, 0.75, size=people)

    shares = np.array([f[1] for f in FORMATS], dtype=float)
    fmt = rng.choice(len(FORMATS), size=activities, p=shares / shares.sum())
    key = np.array([practices.practice_index(FORMATS[f][2]) for f in fmt])
    required = np.array([FORMATS[f][3] for f in fmt])
    strictness = np.array([FORMATS[f][4] for f in fmt])
    quality = rng.normal(0, 0.25, size=activities)
    day = np.sort(rng.integers(0, SEASON_DAYS, size=activities))

    activity = np.sort(rng.integers(activities, size=responses))
    person = np.empty(responses, dtype=np.int64)
    for practice in np.unique(key):  # people who can do a practice come to it more
        rows = np.flatnonzero(key[activity] == practice)
        weights = propensity * np.exp(0.5 * levels[:, practice])
        cdf = np.cumsum(weights)
        person[rows] = np.searchsorted(cdf, rng.random(rows.size) * cdf[-1], side="right")
    level = levels[person, key[activity]].astype(np.int64)
    first = rng.random(responses) < FIRST_TIME[level]
    band = np.maximum(level - 1, 0)  # newcomer, novice → 0; regular → 1; expert → 2
    segment = band * 2 + (~first)

    effects = np.array([d[1:] for d in DIMENSIONS[:dimensions]])
    shortfall = np.maximum(required[activity] - level, 0) * strictness[activity]
    base = 3.7 + quality[activity] + rng.normal(0, 0.5, size=people)[person]
    scores = np.empty((responses, dimensions), dtype=np.int8)
    for d, (short, lvl, visit) in enumerate(effects):
        latent = base + short * shortfall + lvl * (level - 1.5) + visit * first
        latent += rng.normal(0, 0.9, size=responses)
        answer = np.clip(np.rint(latent), 1, 5).astype(np.int8)
        missing = MISSING_CONTRIBUTION if DIMENSIONS[d][0] == "contribution" else MISSING
        answer[rng.random(responses) < missing] = 0
        scores[:, d] = answer
    order = rng.permutation(responses)  # the app's rows come in no particular order
    return (
        group_ids(activity, segment, len(SEGMENTS))[order],
        scores[order],
        segment[order],
        day,
    )


def headline(summary, activities: int, day: np.ndarray):
    """What the insight pages show: season by segment, value gaps, trend across the season."""
    segments = len(SEGMENTS)
    groups = np.arange(activities * segments)
    season = combine(summary, groups % segments, segments)
    # Novices and experts: the first and last level band, first-timers and returning pooled.
    bands = combine(summary, groups // 2, activities * 3)
    value_gap(bands, novice=np.arange(activities) * 3, expert=np.arange(activities) * 3 + 2)
    per_activity = combine(summary, groups // segments, activities)
    line = trend(day / 30.4, per_activity.overall.mean)
    return value_gap(combine(season, np.arange(segments) // 2, 3), novice=0, expert=2), line


def as_frame(groups: np.ndarray, scores: np.ndarray) -> pd.DataFrame:
    values = np.where(scores > 0, scores, np.nan)
    frame = pd.DataFrame(values, columns=[f"d{d}" for d in range(scores.shape[1])])
    frame.insert(0, "group", groups)
    return frame


def pandas_peer(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby("group").agg(["mean", "std", "count"])


def largest_difference(summary, peer: pd.DataFrame, group_count: int, dimensions: int) -> float:
    """Largest absolute difference in n, mean and sd; infinite if NaNs do not line up."""
    peer = peer.reindex(range(group_count))
    worst = 0.0
    for d in range(dimensions):
        for ours, stat in ((summary.n, "count"), (summary.mean, "mean"), (summary.sd, "std")):
            theirs = peer[(f"d{d}", stat)].to_numpy(dtype=float)
            mine = ours[:, d].astype(float)
            if stat == "count":
                theirs = np.nan_to_num(theirs)  # groups without rows are absent from pandas
            if not np.array_equal(np.isnan(mine), np.isnan(theirs)):
                return float("inf")
            known = ~np.isnan(mine)
            if known.any():
                worst = max(worst, float(np.abs(mine[known] - theirs[known]).max()))
    return worst


def segment_shares(segment: np.ndarray) -> str:
    shares = np.bincount(segment, minlength=len(SEGMENTS)) / segment.size * 100
    return ", ".join(f"{name} {s:.0f} %" for name, s in zip(SEGMENTS, shares, strict=True))


if __name__ == "__main__":
    sys.exit(main())
