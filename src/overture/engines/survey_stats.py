"""Survey statistics: what each activity was worth to the people who took part, by segment.

A value-experience survey asks each respondent a few statements (absorption, feeling welcome,
knowing what to do, belonging, ...), one *dimension* each, answered on a 1–5 agreement scale.
The app loads the answers as arrays — one row per response, one column per dimension, 0 where
a statement was not answered — with a group id per row (the app folds activity × segment into
one id with `group_ids`), and this engine returns, per group and dimension:

- n, mean, sample sd (n − 1), and a Student's t interval: mean ± t(1 − α/2, n − 1) · sd / √n;
  an unanswered statement is left out of that dimension only;
- the same for each respondent's own mean over the statements they answered (`overall`);
- the count of every answer 1–5 (for distribution charts).

Everything is additive over groups, so `combine` pools groups exactly (activity × segment →
season × segment, or → activity). `value_gap` is the headline "value for all" figure: experts'
mean minus novices' mean, with Welch's interval, over all dimensions and per dimension.
`trend` fits a line through per-activity means across the season, and `response_rate` gives
the share of invited people who answered with a Wilson interval.

Intervals need two answers: with n < 2 the sd and interval are NaN (with n = 0 the mean too).
Formulas, choices and guarantees: docs/engines/survey_stats.md.

Five people answer one statement 1, 2, 3, 4, 5 (group 0); one person skips it (group 1):

>>> s = aggregate([0, 0, 0, 0, 0, 1], [[1], [2], [3], [4], [5], [0]], group_count=2)
>>> s.n.tolist(), s.mean[0].round(4).tolist(), s.sd[0].round(4).tolist()
([[5], [0]], [3.0], [1.5811])
>>> # 3 ± t(0.975, 4) · 1.5811 / √5 = 3 ± 2.7764 · 0.7071
>>> s.ci_low[0].round(4).tolist(), s.ci_high[0].round(4).tolist(), bool(np.isnan(s.mean[1, 0]))
([1.0368], [4.9632], True)

Novices (group 0) and experts (group 1) answering two statements; the experts' gain:

>>> s = aggregate([0, 0, 0, 1, 1, 1], [[2, 3], [3, 3], [4, 3], [4, 5], [5, 4], [4, 4]], 2)
>>> s.overall.mean.round(4).tolist()  # each person's own mean, then the group's mean
[3.0, 4.3333]
>>> gap = value_gap(s, novice=0, expert=1)
>>> round(float(gap.overall.difference), 4), gap.dimensions.difference.round(4).tolist()
(1.3333, [1.3333, 1.3333])
>>> round(float(gap.overall.ci_low), 3), round(float(gap.overall.ci_high), 3)
(0.309, 2.358)

Forty of 200 invited people answered:

>>> r = response_rate(40, 200)
>>> round(float(r.rate), 3), round(float(r.ci_low), 4), round(float(r.ci_high), 4)
(0.2, 0.1505, 0.2609)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from overture.engines.checks import (
    MAX_WHOLE,
    finite_array,
    finite_number,
    whole_number,
    whole_numbers,
)
from overture.engines.errors import EngineInputError

__all__ = [
    "POINTS",
    "Estimates",
    "Gap",
    "Rate",
    "Summary",
    "SurveyStatsError",
    "Trend",
    "ValueGap",
    "aggregate",
    "combine",
    "group_ids",
    "response_rate",
    "trend",
    "value_gap",
]

POINTS = 5  # the agreement scale: 1 (strongly disagree) … 5 (strongly agree); 0 = not answered
CONFIDENCE = 0.95
# Rows per pass: bounds the temporary (rows × dimensions) index array to a few MiB.
CHUNK_ROWS = 1 << 16
MAX_POINTS = 100
MAX_CELLS = 2**31  # answer counts held at once: groups × dimensions × answer values


class SurveyStatsError(EngineInputError):
    """Inputs the statistics cannot be computed from (shapes, ranges, confidence)."""


@dataclass(frozen=True)
class Estimates:
    """Means with their spread and confidence interval; all arrays have one shape.

    `n` answers (or respondents); `mean` NaN where n = 0; `sd` the sample standard deviation
    (divisor n − 1), NaN where n < 2; `ci_low`, `ci_high` the Student's t interval, NaN where
    n < 2 (no spread can be estimated from one answer), equal to the mean where sd = 0.
    """

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray

    @property
    def sem(self) -> np.ndarray:
        """Standard error of the mean, sd / √n."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.sd / np.sqrt(self.n)


@dataclass(frozen=True)
class Summary(Estimates):
    """Per group × dimension estimates (G, D), plus what they are made of.

    `counts[g, d, v - 1]` is the number of answers v (1 … points) in group g, dimension d.
    `overall` (G,) describes each respondent's own mean over the dimensions they answered.
    `respondent_sums` (G, 3) holds, per group, the respondents counted in `overall` and the sum
    and sum of squares of their means less the scale's midpoint: with `counts`, enough to
    pool groups exactly (`combine`).
    """

    counts: np.ndarray
    overall: Estimates
    respondent_sums: np.ndarray
    confidence: float

    @classmethod
    def from_sums(cls, counts, respondent_sums, confidence: float = CONFIDENCE) -> Summary:
        """The estimates from answer counts (G, D, points) and respondent sums (G, 3).

        Also rebuilds a summary from counts and sums the app stored earlier.
        """
        counts = whole_numbers("counts", counts, SurveyStatsError, low=0)
        respondent_sums = finite_array("respondent_sums", respondent_sums, SurveyStatsError)
        _check_confidence(confidence)
        if counts.ndim != 3 or respondent_sums.shape != (counts.shape[0], 3):
            raise SurveyStatsError(
                f"counts has shape {counts.shape} and respondent_sums {respondent_sums.shape}; "
                "needs counts (G, D, points) and respondent sums (G, 3)."
            )
        whole_numbers("respondent_sums[:, 0]", respondent_sums[:, 0], SurveyStatsError, low=0)
        values = np.arange(1, counts.shape[-1] + 1, dtype=np.float64)
        n = counts.sum(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = (counts @ values) / n
            # Squared deviations from the group's own mean: no cancellation, whatever n.
            squares = (counts * (values - mean[..., None]) ** 2).sum(axis=-1)
            sd = np.sqrt(squares / (n - 1))
        sd[n < 2] = np.nan
        people = respondent_sums[:, 0].astype(np.int64)
        centre = (counts.shape[-1] + 1) / 2
        overall = _from_moments(people, respondent_sums[:, 1], respondent_sums[:, 2], centre)
        return cls(
            *_with_interval(n, mean, sd, confidence),
            counts=counts,
            overall=Estimates(*_with_interval(*overall, confidence)),
            respondent_sums=respondent_sums,
            confidence=confidence,
        )

    @property
    def points(self) -> int:
        return self.counts.shape[-1]


@dataclass(frozen=True)
class Gap:
    """Experts' mean minus novices' mean, with Welch's interval; all arrays have one shape.

    `se` = √(s²_e/n_e + s²_n/n_n); `df` Welch–Satterthwaite's degrees of freedom. NaN se, df
    and interval where either group has fewer than two answers; where neither group shows any
    spread, se = 0, df is NaN and the interval is the difference itself.
    """

    difference: np.ndarray
    se: np.ndarray
    df: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    novice_n: np.ndarray
    expert_n: np.ndarray


@dataclass(frozen=True)
class ValueGap:
    """The gap over all dimensions (per-respondent means) and per dimension (last axis D)."""

    overall: Gap
    dimensions: Gap


@dataclass(frozen=True)
class Trend:
    """A straight line through per-activity values against time, per column.

    `slope` per unit of the times given, with its Student's t interval (n − 2 degrees of
    freedom, NaN below three points); `r` Pearson's correlation; `p_value` for a zero slope;
    `n` the points used (activities with a value). All NaN below two points or when every
    point has the same time.
    """

    slope: np.ndarray
    intercept: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    r: np.ndarray
    p_value: np.ndarray
    n: np.ndarray


@dataclass(frozen=True)
class Rate:
    """The share of invited people who responded, with its Wilson score interval."""

    rate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray


def group_ids(activity, segment, segment_count: int) -> np.ndarray:
    """One group id per response: activity × segment_count + segment; -1 where either is -1.

    Group g is activity g // segment_count, segment g % segment_count, so a Summary over
    `activity_count * segment_count` groups reshapes to (activities, segments, dimensions).
    """
    segment_count = whole_number("segment_count", segment_count, SurveyStatsError, low=1)
    rule = f"Segments must lie in 0 … {segment_count - 1} (or -1)."
    segment = whole_numbers(
        "segment", segment, SurveyStatsError, low=-1, high=segment_count - 1, rule=rule
    )
    activity = whole_numbers(
        "activity",
        activity,
        SurveyStatsError,
        low=-1,
        high=MAX_WHOLE // segment_count - 1,
        rule="activity must hold activity positions ≥ 0 (or -1)",
    )
    if activity.shape != segment.shape:
        raise SurveyStatsError(
            f"activity has shape {activity.shape} and segment {segment.shape}; "
            "they must give one value per response"
        )
    return np.where((activity < 0) | (segment < 0), -1, activity * segment_count + segment)


def aggregate(
    groups, scores, group_count: int, *, points: int = POINTS, confidence: float = CONFIDENCE
) -> Summary:
    """Answers (R, D) by group (R,) → Summary over `group_count` groups, in O(R·D + G·D·points).

    `scores` holds integers 1 … points and 0 for "not answered"; `groups` ids 0 … G − 1, or
    -1 for a response that belongs to no group (it is left out).
    """
    groups, scores, group_count, points = _checked(groups, scores, group_count, points)
    dimensions = scores.shape[1]
    width = points + 1  # answer values 0 … points, 0 dropped at the end
    counts = np.zeros(group_count * dimensions * width, dtype=np.int64)
    respondent_sums = np.zeros((3, group_count))
    offsets = np.arange(dimensions, dtype=np.int64) * width
    centre = (points + 1) / 2
    # Chunks bound the temporary index array; each at least as long as the counts array, so
    # adding the chunks' counts up stays within O(R·D + G·D·points). No loop over responses.
    step = max(CHUNK_ROWS, group_count * width)
    for lo in range(0, len(groups), step):
        group, answer = groups[lo : lo + step], scores[lo : lo + step]
        if group.size and group.min() < 0:
            keep = group >= 0
            group, answer = group[keep], answer[keep]
        cell = (group * (dimensions * width))[:, None] + offsets + answer
        counts += np.bincount(cell.ravel(), minlength=counts.size)
        _add_respondents(respondent_sums, group, answer, centre)
    counts = counts.reshape(group_count, dimensions, width)[:, :, 1:]
    return Summary.from_sums(counts, respondent_sums.T, confidence)


def combine(summary: Summary, mapping, group_count: int) -> Summary:
    """Pool a summary's groups: group g goes into `mapping[g]` (-1 = leave out). Exact.

    E.g. with ids from `group_ids`: `mapping = np.arange(G) % S` gives the season by segment,
    `np.arange(G) // S` each activity over all segments, `np.zeros(G, int)` the whole season.
    """
    old = summary.counts.shape[0]
    group_count = whole_number(
        "group_count",
        group_count,
        SurveyStatsError,
        low=1,
        rule="Needs at least one group to pool into (group_count ≥ 1).",
    )
    mapping = whole_numbers(
        "mapping",
        mapping,
        SurveyStatsError,
        low=-1,
        high=group_count - 1,
        rule=f"Targets must lie in 0 … {group_count - 1} (or -1).",
    )
    if mapping.shape != (old,):
        raise SurveyStatsError(
            f"mapping has shape {mapping.shape}; the mapping needs one target per group ({old})."
        )
    keep = mapping >= 0
    counts = np.zeros((group_count, *summary.counts.shape[1:]), dtype=np.int64)
    np.add.at(counts, mapping[keep], summary.counts[keep])
    sums = np.zeros((group_count, 3))
    np.add.at(sums, mapping[keep], summary.respondent_sums[keep])
    return Summary.from_sums(counts, sums, summary.confidence)


def value_gap(summary: Summary, novice, expert) -> ValueGap:
    """Experts' mean minus novices' mean (groups `expert` − `novice`), with Welch's interval.

    `novice` and `expert` are group ids, or arrays of them (one gap per pair, e.g. one per
    activity). `overall` compares respondents' own means over all dimensions; `dimensions`
    has one more axis, D. Positive: experts got more out of it. Value for all: near 0.
    """
    count = summary.counts.shape[0]
    rule = f"Group ids must lie in 0 … {count - 1}."
    novice = whole_numbers("novice", novice, SurveyStatsError, low=0, high=count - 1, rule=rule)
    expert = whole_numbers("expert", expert, SurveyStatsError, low=0, high=count - 1, rule=rule)
    try:
        novice, expert = np.broadcast_arrays(novice, expert)
    except ValueError:
        raise SurveyStatsError(
            f"novice has shape {novice.shape} and expert {expert.shape}; "
            "they must be of one shape (one gap per pair)"
        ) from None
    return ValueGap(
        overall=_welch(_pick(summary.overall, novice), _pick(summary.overall, expert), summary),
        dimensions=_welch(_pick(summary, novice), _pick(summary, expert), summary),
    )


def trend(times, values, *, confidence: float = CONFIDENCE) -> Trend:
    """Least-squares line of `values` (A,) or (A, D) against `times` (A,), NaN values skipped.

    Typically `times` = each activity's date in months since the season began and `values`
    its mean (or its value gap): the slope is then the change per month.
    """
    _check_confidence(confidence)
    times = finite_array("times", times, SurveyStatsError)
    values = finite_array("values", values, SurveyStatsError, nan_allowed=True)
    if values.ndim not in (1, 2) or times.shape != values.shape[:1]:
        raise SurveyStatsError(
            f"times has shape {times.shape} and values {values.shape}; "
            "times (A,) and values (A,) or (A, D) must have A in common."
        )
    # No activities: one column of no points (or D of them), every figure NaN and n = 0.
    columns = values.reshape(len(values), values.shape[1] if values.ndim == 2 else 1).T
    rows = np.array([_line(times, column, confidence) for column in columns]).reshape(-1, 7)
    fields = [rows[:, i].reshape(values.shape[1:]) for i in range(7)]
    fields[-1] = fields[-1].astype(np.int64)
    return Trend(*fields)


def response_rate(responses, invited, *, confidence: float = CONFIDENCE) -> Rate:
    """Responses / invited with the Wilson score interval; NaN where nobody was invited.

    Wilson: (p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 + z²/n), which stays within 0 … 1
    and keeps a sensible width at 0 % or 100 %, unlike p ± z·√(p(1 − p)/n).
    """
    _check_confidence(confidence)
    k = whole_numbers("responses", responses, SurveyStatsError, low=0).astype(np.float64)
    n = whole_numbers("invited", invited, SurveyStatsError, low=0).astype(np.float64)
    try:
        over = np.broadcast_arrays(k > n)[0]
    except ValueError:
        raise SurveyStatsError(
            f"responses has shape {k.shape} and invited {n.shape}; they must be of one shape"
        ) from None
    if over.any():
        where = f"[{', '.join(map(str, np.argwhere(over)[0]))}]" if over.ndim else ""
        raise SurveyStatsError(
            f"responses{where} is more than invited{where}; "
            "responses must lie between 0 and the number invited."
        )
    z = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        scale = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / scale
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / scale
    # Rounding must not push the interval past the rate itself (at 0 % or 100 %).
    low, high = np.minimum(centre - half, p), np.maximum(centre + half, p)
    return Rate(p, np.clip(low, 0, 1), np.clip(high, 0, 1))


def _checked(
    groups, scores, group_count: int, points: int
) -> tuple[np.ndarray, np.ndarray, int, int]:
    group_count = whole_number(
        "group_count",
        group_count,
        SurveyStatsError,
        low=1,
        rule="Needs at least one group (group_count ≥ 1).",
    )
    points = whole_number(
        "points",
        points,
        SurveyStatsError,
        low=2,
        high=MAX_POINTS,
        rule=f"Needs a scale of 2 … {MAX_POINTS} points.",
    )
    rule = f"Group ids must lie in 0 … {group_count - 1} (or -1)."
    groups = whole_numbers(
        "groups", groups, SurveyStatsError, low=-1, high=group_count - 1, rule=rule
    )
    rule = f"Scores must lie in 1 … {points}, or 0 for not answered."
    scores = whole_numbers(
        "scores", scores, SurveyStatsError, low=0, high=points, rule=rule, dtype=None
    )
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.ndim != 2 or groups.shape != scores.shape[:1]:
        raise SurveyStatsError(
            f"groups has shape {groups.shape} and scores {scores.shape}; "
            "scores must be (responses, dimensions) with one group per row."
        )
    if group_count * (scores.shape[1] + 1) * (points + 1) > MAX_CELLS:
        raise SurveyStatsError(
            f"group_count × dimensions × points is too large to count ({MAX_CELLS:,} cells at most)"
        )
    # int8 answers stay int8 (8× less memory than int64 in the per-chunk arithmetic).
    small = np.int8 if points < 127 else np.int64
    return groups, scores.astype(small, copy=False), group_count, points


def _add_respondents(sums: np.ndarray, group, answer, centre: float) -> None:
    """Add each respondent's own mean over the dimensions answered (less `centre`) to sums."""
    answered, total = _row_totals(answer)
    someone = answered > 0
    own = total[someone] / answered[someone] - centre
    group = group[someone]
    size = sums.shape[1]
    sums[0] += np.bincount(group, minlength=size)
    sums[1] += np.bincount(group, weights=own, minlength=size)
    sums[2] += np.bincount(group, weights=own * own, minlength=size)


def _row_totals(answer: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Statements answered and sum of answers per row.

    Column by column: NumPy reduces short rows slowly, while D whole-column additions are
    three to five times faster (the loop is over dimensions, never over responses).
    """
    answered = np.zeros(len(answer), dtype=np.int32)
    total = np.zeros(len(answer), dtype=np.int32)
    for column in answer.T:
        answered += column > 0
        total += column
    return answered, total


def _from_moments(n, total, squares, centre):
    """Mean and sd from n, Σ(x − c) and Σ(x − c)², with c near the mean (little cancellation)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        shifted = total / n
        variance = np.maximum(squares - total * shifted, 0) / (n - 1)
        sd = np.where(n >= 2, np.sqrt(variance), np.nan)
    return n, shifted + centre, sd


def _with_interval(n, mean, sd, confidence: float) -> tuple[np.ndarray, ...]:
    """(n, mean, sd, ci_low, ci_high): mean ± t(1 − α/2, n − 1) · sd / √n."""
    half = _t_quantile(0.5 + confidence / 2, n - 1) * sd / np.sqrt(np.maximum(n, 1))
    return n, mean, sd, mean - half, mean + half


def _t_quantile(q: float, df) -> np.ndarray:
    """t quantiles for many cells: few distinct degrees of freedom, so compute each once."""
    df = np.asarray(df, dtype=np.float64)
    unique, inverse = np.unique(df, return_inverse=True)
    with np.errstate(invalid="ignore"):
        quantiles = stats.t.ppf(q, np.where(unique > 0, unique, np.nan))
    return quantiles[inverse].reshape(df.shape)


def _pick(estimates: Estimates, index: np.ndarray) -> tuple[np.ndarray, ...]:
    return estimates.n[index], estimates.mean[index], estimates.sd[index]


def _welch(novices, experts, summary: Summary) -> Gap:
    (n1, m1, s1), (n2, m2, s2) = novices, experts
    with np.errstate(divide="ignore", invalid="ignore"):
        v1, v2 = s1**2 / n1, s2**2 / n2
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    difference = m2 - m1
    half = np.where(se == 0, 0.0, _t_quantile(0.5 + summary.confidence / 2, df) * se)
    return Gap(difference, se, df, difference - half, difference + half, n1, n2)


def _line(times: np.ndarray, values: np.ndarray, confidence: float) -> tuple[float, ...]:
    known = ~np.isnan(values)
    x, y = times[known], values[known]
    if x.size < 2 or np.all(x == x[0]):
        return (np.nan,) * 6 + (x.size,)
    fit = stats.linregress(x, y)
    # Every value the same: a flat line that fits exactly (linregress leaves its error NaN).
    stderr = 0.0 if np.all(y == y[0]) else fit.stderr
    half = stats.t.ppf(0.5 + confidence / 2, x.size - 2) * stderr if x.size > 2 else np.nan
    return (
        fit.slope,
        fit.intercept,
        fit.slope - half,
        fit.slope + half,
        fit.rvalue,
        fit.pvalue if x.size > 2 else np.nan,
        x.size,
    )


def _check_confidence(confidence: float) -> None:
    rule = "Confidence must lie strictly between 0 and 1 (e.g. 0.95)."
    value = finite_number("confidence", confidence, SurveyStatsError, rule=rule)
    if not 0 < value < 1:
        raise SurveyStatsError(f"confidence is {value:g}; {rule}")
