"""What each activity was worth, by segment: survey answers loaded as arrays, summarised by
`overture.engines.survey_stats`.

Every figure comes from a constant number of queries (dimensions, activities, responses,
answers), whatever the number of responses: the answers become one (responses × dimensions)
score matrix and the engine does the counting.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.audience.models import Registration
from overture.engines import survey_stats
from overture.organisations.models import Organisation
from overture.season.models import Activity

from . import segments, selectors_themes
from .models import Answer, QuestionAnswer, Survey, SurveyQuestion, SurveyResponse, ValueDimension
from .services import respondent_key

SMALL_N = 5  # below this many answers a figure is "too few to say"
DAYS_PER_MONTH = 30.44
LEVEL_SEGMENTS = segments.SEGMENT_NAMES
FIRST_TIME_SEGMENTS = (gettext_lazy("First-timers"), gettext_lazy("Returning"))
NOVICE, EXPERT, NOT_KNOWN = segments.NEWCOMER_OR_NOVICE, segments.EXPERT, segments.LEVEL_NOT_KNOWN
# Segment of each level -1 (not known) … 3, from the shared definition, for whole arrays at once.
_SEGMENT_OF_LEVEL = np.array([segments.segment_of(level) for level in range(-1, 4)])


def level_segments(levels) -> np.ndarray:
    """Level in the key practice → 0 newcomer or novice, 1 regular, 2 expert, 3 not known."""
    level = np.clip(np.asarray(levels, dtype=np.int64), -1, 3)
    return _SEGMENT_OF_LEVEL[level + 1]


def first_time_segments(first_times: Sequence[bool | None]) -> np.ndarray:
    """First-timer 0, returning 1, not known -1 (left out of that split)."""
    return np.array(
        [-1 if value is None else (0 if value else 1) for value in first_times], dtype=np.int64
    )


def _number(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class Figure:
    """A mean with its 95 % interval over n answers (None where it cannot be estimated)."""

    n: int
    mean: float | None
    low: float | None
    high: float | None

    @property
    def too_few(self) -> bool:
        return self.n < SMALL_N

    @classmethod
    def pick(cls, estimates: survey_stats.Estimates, index) -> Figure:
        return cls(
            int(estimates.n[index]),
            _number(estimates.mean[index]),
            _number(estimates.ci_low[index]),
            _number(estimates.ci_high[index]),
        )


@dataclass(frozen=True)
class GapFigure:
    """Experts' mean minus newcomers' and novices' mean, with Welch's 95 % interval."""

    difference: float | None
    low: float | None
    high: float | None
    novice_n: int
    expert_n: int

    @property
    def too_few(self) -> bool:
        return min(self.novice_n, self.expert_n) < SMALL_N

    @property
    def words(self) -> str:
        """The gap in plain words, e.g. "Experts rated it 0.4 points higher than …"."""
        if self.difference is None:
            return _("Not known yet: it needs answers from experts and from newcomers or novices.")
        size = abs(self.difference)
        if round(size, 1) == 0:
            said = _("Experts and newcomers and novices rated it the same")
        elif self.difference > 0:
            said = _("Experts rated it %(size)s points higher than newcomers and novices") % {
                "size": f"{size:.1f}"
            }
        else:
            said = _("Experts rated it %(size)s points lower than newcomers and novices") % {
                "size": f"{size:.1f}"
            }
        if self.low is None:
            return _("%(gap)s (too few answers for an interval).") % {"gap": said}
        return _("%(gap)s (95%% interval %(low)s to %(high)s).") % {
            "gap": said,
            "low": f"{self.low:.1f}",
            "high": f"{self.high:.1f}",
        }

    @classmethod
    def pick(cls, gap: survey_stats.Gap, index) -> GapFigure:
        return cls(
            _number(gap.difference[index]),
            _number(gap.ci_low[index]),
            _number(gap.ci_high[index]),
            int(gap.novice_n[index]),
            int(gap.expert_n[index]),
        )


@dataclass(frozen=True)
class RateFigure:
    """Answers from the people who held a confirmed place, over those places (Wilson interval).

    Only an answer given while logged in as someone with a confirmed place counts toward the
    rate (`counted`); answers from people without a place and anonymous ones are shown apart,
    so the rate never passes 100 %.
    """

    invited: int
    counted: int
    without_place: int
    anonymous: int
    rate: float | None
    low: float | None
    high: float | None

    @property
    def responses(self) -> int:
        """Every answer, counted toward the rate or not."""
        return self.counted + self.without_place + self.anonymous

    @property
    def apart(self) -> int:
        """Answers left out of the rate."""
        return self.without_place + self.anonymous

    @classmethod
    def of(cls, counted: int, invited: int, without_place: int = 0, anonymous: int = 0):
        """Answers from people with a place over confirmed places (not known without any)."""
        invited = max(invited, 0)
        if invited == 0:
            return cls(0, counted, without_place, anonymous, None, None, None)
        r = survey_stats.response_rate(min(counted, invited), invited)
        return cls(
            invited,
            counted,
            without_place,
            anonymous,
            float(r.rate),
            float(r.ci_low),
            float(r.ci_high),
        )

    @classmethod
    def pooled(cls, rates: Sequence[RateFigure]) -> RateFigure:
        """The season: every opened survey's answers and places added up."""
        return cls.of(
            sum(r.counted for r in rates),
            sum(r.invited for r in rates),
            sum(r.without_place for r in rates),
            sum(r.anonymous for r in rates),
        )


@dataclass(frozen=True)
class DimensionRow:
    label: str
    statement: str
    overall: Figure
    by_level: tuple[Figure, ...]
    by_first_time: tuple[Figure, ...]
    gap: GapFigure


@dataclass(frozen=True)
class Breakdown:
    """Everyone's own mean over the statements, by segment, and each statement by segment."""

    respondents: int
    overall: Figure
    by_level: tuple[Figure, ...]
    by_first_time: tuple[Figure, ...]
    gap: GapFigure
    dimensions: tuple[DimensionRow, ...]

    @property
    def level_not_known(self) -> int:
        """Respondents whose level is not known: their own segment, left out of the gap."""
        return self.by_level[NOT_KNOWN].n


@dataclass(frozen=True)
class ActivityInsight:
    activity: Activity
    survey: Survey | None
    rate: RateFigure
    breakdown: Breakdown


@dataclass(frozen=True)
class ActivityRow:
    activity_id: int
    title: str
    starts_at: datetime
    format_name: str
    rate: RateFigure
    mean: Figure
    gap: GapFigure


@dataclass(frozen=True)
class TrendFigure:
    """Change per month across the season, with its 95 % interval, over n activities."""

    n: int
    slope: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class SeasonInsight:
    activities: tuple[ActivityRow, ...]
    rate: RateFigure
    breakdown: Breakdown
    mean_trend: TrendFigure
    gap_trend: TrendFigure
    surveys: int = 0
    not_open: int = 0  # surveys that have not opened yet, left out of every figure


@dataclass(frozen=True)
class _Loaded:
    """Answers as arrays: one row per response, one column per dimension (0 = not answered)."""

    dimensions: tuple[ValueDimension, ...]
    response_ids: np.ndarray
    activity_index: np.ndarray
    levels: np.ndarray
    first_times: list[bool | None]
    scores: np.ndarray
    place: np.ndarray  # (R,) 1 held a confirmed place, 0 logged in without one, -1 anonymous


def _responses(organisation: Organisation, activity_ids: Sequence[int] | None):
    responses = SurveyResponse.objects.filter(
        survey__activity__organisation=organisation, survey__moment=Survey.Moment.AFTER
    )
    if activity_ids is not None:
        responses = responses.filter(survey__activity_id__in=list(activity_ids))
    return responses


def _load(organisation: Organisation, activity_ids: Sequence[int]) -> _Loaded:
    """Three queries: the dimensions, the responses and their answers."""
    held_place = Registration.objects.filter(
        participant=OuterRef("participant"),
        activity=OuterRef("survey__activity"),
        status=Registration.Status.CONFIRMED,
    )
    rows = list(
        _responses(organisation, activity_ids)
        .annotate(held_place=Exists(held_place))
        .order_by("id")
        .values_list(
            "id",
            "survey__activity_id",
            "level",
            "first_time",
            "participant_id",
            "held_place",
            "respondent",
        )
    )
    answers = np.array(
        list(
            Answer.objects.filter(
                response__survey__activity__organisation=organisation,
                response__survey__moment=Survey.Moment.AFTER,
                response__survey__activity_id__in=list(activity_ids),
            ).values_list("response_id", "dimension_id", "score")
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    answered = set(answers[:, 1].tolist())
    dimensions = tuple(
        d
        for d in ValueDimension.objects.filter(organisation=organisation)
        if d.active or d.pk in answered
    )
    column = {d.pk: i for i, d in enumerate(dimensions)}
    position = {pk: i for i, pk in enumerate(activity_ids)}
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    scores = np.zeros((len(rows), len(dimensions)), dtype=np.int64)
    if len(answers) and len(ids):
        keep = np.isin(answers[:, 0], ids) & np.isin(answers[:, 1], list(column))
        answers = answers[keep]
        row = np.searchsorted(ids, answers[:, 0])
        col = np.array([column[d] for d in answers[:, 1].tolist()], dtype=np.int64)
        scores[row, col] = answers[:, 2]
    return _Loaded(
        dimensions=dimensions,
        response_ids=ids,
        activity_index=np.array([position[r[1]] for r in rows], dtype=np.int64),
        levels=np.array([r[2] for r in rows], dtype=np.int64),
        first_times=[r[3] for r in rows],
        scores=scores,
        place=_places_held(rows),
    )


def _places_held(rows: Sequence[tuple]) -> np.ndarray:
    """Per response: 1 from someone with a confirmed place, 0 from someone without, -1 from a
    visitor not logged in (who cannot be matched to a place).

    An anonymous answer by a logged-in person keeps only their keyed hash: it is matched
    against the hashes of the activity's confirmed registrants (one query, only when such
    answers exist), so it counts toward the rate without naming anyone.
    """
    place = np.array(
        [-1 if r[4] is None and not r[6] else int(bool(r[5])) for r in rows], dtype=np.int64
    ).reshape(-1)
    hidden = [i for i, r in enumerate(rows) if r[4] is None and r[6]]
    if hidden:
        activity_ids = {rows[i][1] for i in hidden}
        keys = {
            (activity_id, respondent_key(participant_id))
            for activity_id, participant_id in Registration.objects.filter(
                activity_id__in=activity_ids, status=Registration.Status.CONFIRMED
            ).values_list("activity_id", "participant_id")
        }
        for i in hidden:
            place[i] = int((rows[i][1], rows[i][6]) in keys)
    return place


@dataclass(frozen=True)
class _Summaries:
    by_level: survey_stats.Summary  # activity × level segment
    by_first_time: survey_stats.Summary  # activity × first-timer / returning


def _summaries(loaded: _Loaded, activity_count: int) -> _Summaries:
    count = max(activity_count, 1)
    level_groups = survey_stats.group_ids(
        loaded.activity_index, level_segments(loaded.levels), len(LEVEL_SEGMENTS)
    )
    first_groups = survey_stats.group_ids(
        loaded.activity_index,
        first_time_segments(loaded.first_times),
        len(FIRST_TIME_SEGMENTS),
    )
    return _Summaries(
        survey_stats.aggregate(level_groups, loaded.scores, count * len(LEVEL_SEGMENTS)),
        survey_stats.aggregate(first_groups, loaded.scores, count * len(FIRST_TIME_SEGMENTS)),
    )


def _pooled(summary: survey_stats.Summary, segments: int, activity: int | None):
    """By segment, for one activity or (None) the whole season."""
    groups = np.arange(summary.counts.shape[0])
    if activity is None:
        mapping = groups % segments
    else:
        mapping = np.where(groups // segments == activity, groups % segments, -1)
    return survey_stats.combine(summary, mapping, segments)


def _breakdown(
    loaded: _Loaded, summaries: _Summaries, activity: int | None, respondents: int
) -> Breakdown:
    levels = _pooled(summaries.by_level, len(LEVEL_SEGMENTS), activity)
    firsts = _pooled(summaries.by_first_time, len(FIRST_TIME_SEGMENTS), activity)
    everyone = survey_stats.combine(levels, np.zeros(len(LEVEL_SEGMENTS), dtype=np.int64), 1)
    gap = survey_stats.value_gap(levels, novice=NOVICE, expert=EXPERT)
    dimensions = tuple(
        DimensionRow(
            label=d.label,
            statement=d.statement,
            overall=Figure.pick(everyone, (0, i)),
            by_level=tuple(Figure.pick(levels, (s, i)) for s in range(len(LEVEL_SEGMENTS))),
            by_first_time=tuple(
                Figure.pick(firsts, (s, i)) for s in range(len(FIRST_TIME_SEGMENTS))
            ),
            gap=GapFigure.pick(gap.dimensions, i),
        )
        for i, d in enumerate(loaded.dimensions)
    )
    return Breakdown(
        respondents=respondents,
        overall=Figure.pick(everyone.overall, 0),
        by_level=tuple(Figure.pick(levels.overall, s) for s in range(len(LEVEL_SEGMENTS))),
        by_first_time=tuple(
            Figure.pick(firsts.overall, s) for s in range(len(FIRST_TIME_SEGMENTS))
        ),
        gap=GapFigure.pick(gap.overall, ()),
        dimensions=dimensions,
    )


def _invited():
    return Coalesce(
        Subquery(
            Registration.objects.filter(
                activity=OuterRef("pk"), status=Registration.Status.CONFIRMED
            )
            .order_by()
            .values("activity")
            .annotate(c=Count("pk"))
            .values("c"),
            output_field=IntegerField(),
        ),
        0,
    )


def activity_insight(activity: Activity) -> ActivityInsight:
    """Response rate, value gap and each statement by segment for one activity (5 queries)."""
    survey = activity.surveys.filter(moment=Survey.Moment.AFTER).first()
    invited = Registration.objects.filter(
        activity=activity, status=Registration.Status.CONFIRMED
    ).count()
    loaded = _load(activity.organisation, [activity.pk])
    summaries = _summaries(loaded, 1)
    responses = len(loaded.response_ids)
    return ActivityInsight(
        activity=activity,
        survey=survey,
        rate=_rates(loaded, [invited])[0],
        breakdown=_breakdown(loaded, summaries, 0, responses),
    )


def _rates(loaded: _Loaded, invited: Sequence[int]) -> list[RateFigure]:
    """Each activity's rate: answers by place held, anonymous and without a place apart."""
    count = len(invited)

    def per_activity(place: int) -> np.ndarray:
        return np.bincount(loaded.activity_index[loaded.place == place], minlength=count)

    counted, without, anonymous = per_activity(1), per_activity(0), per_activity(-1)
    return [
        RateFigure.of(int(counted[i]), places, int(without[i]), int(anonymous[i]))
        for i, places in enumerate(invited)
    ]


def _trend_figure(result: survey_stats.Trend, column: int) -> TrendFigure:
    return TrendFigure(
        int(result.n[column]),
        _number(result.slope[column]),
        _number(result.ci_low[column]),
        _number(result.ci_high[column]),
    )


def season_insight(organisation: Organisation, format: str | None = None) -> SeasonInsight:
    """Every activity whose survey has opened: rates, means, gaps and their trend (5 queries).

    A survey that has not opened yet (an activity to come) adds nothing to any figure.
    """
    opened = Survey.objects.filter(
        activity=OuterRef("pk"), moment=Survey.Moment.AFTER, opens_at__lte=timezone.now()
    )
    activities = (
        Activity.objects.filter(organisation=organisation)
        .filter(Q(surveys__moment=Survey.Moment.AFTER))
        .distinct()
        .annotate(invited=_invited(), opened=Exists(opened))
        .order_by("starts_at", "id")
    )
    if format:
        activities = activities.filter(format=format)
    surveyed = list(activities)
    activities = [a for a in surveyed if a.opened]
    ids = [a.pk for a in activities]
    loaded = _load(organisation, ids)
    summaries = _summaries(loaded, len(ids))
    responses = np.bincount(loaded.activity_index, minlength=len(ids))
    per_activity = survey_stats.combine(
        summaries.by_level,
        np.arange(summaries.by_level.counts.shape[0]) // len(LEVEL_SEGMENTS),
        max(len(ids), 1),
    )
    starts = np.arange(len(ids)) * len(LEVEL_SEGMENTS)
    gaps = survey_stats.value_gap(
        summaries.by_level, novice=starts + NOVICE, expert=starts + EXPERT
    )
    rates = _rates(loaded, [a.invited for a in activities])
    rows = tuple(
        ActivityRow(
            activity_id=a.pk,
            title=a.title,
            starts_at=a.starts_at,
            format_name=a.get_format_display(),
            rate=rates[i],
            mean=Figure.pick(per_activity.overall, i),
            gap=GapFigure.pick(gaps.overall, i),
        )
        for i, a in enumerate(activities)
    )
    mean_trend = gap_trend = TrendFigure(0, None, None, None)
    if activities:
        first = activities[0].starts_at
        times = [(a.starts_at - first).total_seconds() / 86400 / DAYS_PER_MONTH for a in activities]
        values = np.column_stack(
            [per_activity.overall.mean[: len(ids)], gaps.overall.difference[: len(ids)]]
        )
        result = survey_stats.trend(times, values)
        mean_trend, gap_trend = _trend_figure(result, 0), _trend_figure(result, 1)
    answered = int(responses.sum())
    return SeasonInsight(
        activities=rows,
        rate=RateFigure.pooled([row.rate for row in rows]),
        breakdown=_breakdown(loaded, summaries, None, answered),
        mean_trend=mean_trend,
        gap_trend=gap_trend,
        surveys=len(surveyed),
        not_open=len(surveyed) - len(activities),
    )


# ---- Export -------------------------------------------------------------------------------


def question_columns(organisation: Organisation) -> list[str]:
    """The organisation's own questions as export columns: one per wording, first asked first."""
    texts = (
        SurveyQuestion.objects.filter(
            survey__activity__organisation=organisation, survey__moment=Survey.Moment.AFTER
        )
        .order_by("survey__activity__starts_at", "survey_id", "position", "id")
        .values_list("text", flat=True)
    )
    return list(dict.fromkeys(texts))


def export_header(organisation: Organisation) -> tuple[list[str], list[ValueDimension]]:
    dimensions = list(ValueDimension.objects.filter(organisation=organisation))
    header = [_("Activity"), _("Date"), _("Format"), _("Level segment"), _("First time")]
    header += [d.label for d in dimensions]
    header += [_("What made it worthwhile?"), _("What got in the way?"), _("Themes")]
    header += question_columns(organisation)
    return header, dimensions


class _Cursor:
    """Rows ordered by response id, read alongside the responses: those of one at a time."""

    def __init__(self, rows) -> None:
        self.rows = iter(rows)
        self.pending = next(self.rows, None)

    def take(self, rid: int) -> list[tuple]:
        found = []
        while self.pending is not None and self.pending[0] <= rid:
            if self.pending[0] == rid:
                found.append(self.pending)
            self.pending = next(self.rows, None)
        return found


def _own_answers(organisation: Organisation, format: str | None) -> _Cursor:
    answers = QuestionAnswer.objects.filter(
        response__survey__activity__organisation=organisation,
        response__survey__moment=Survey.Moment.AFTER,
    )
    if format:
        answers = answers.filter(response__survey__activity__format=format)
    return _Cursor(
        answers.order_by("response_id").values_list(
            "response_id", "question__text", "question__kind", "value"
        )
    )


def export_rows(
    organisation: Organisation, dimensions: Sequence[ValueDimension], format: str | None = None
) -> Iterator[list]:
    """One row per response, in order: two queries read side by side, never all at once.

    Text is as typed: write it with `organisations.exports.csv_row`, or as text cells in a
    spreadsheet.
    """
    responses = _responses(organisation, None).order_by("id")
    answers = Answer.objects.filter(
        response__survey__activity__organisation=organisation,
        response__survey__moment=Survey.Moment.AFTER,
    )
    if format:
        responses = responses.filter(survey__activity__format=format)
        answers = answers.filter(response__survey__activity__format=format)
    column = {d.pk: i for i, d in enumerate(dimensions)}
    formats = dict(Activity._meta.get_field("format").choices)
    themes = selectors_themes.response_themes(responses)
    theme_labels = selectors_themes.theme_labels(organisation)
    answer_iter = iter(
        answers.order_by("response_id").values_list("response_id", "dimension_id", "score")
    )
    pending = next(answer_iter, None)
    questions = {text: i for i, text in enumerate(question_columns(organisation))}
    own = _own_answers(organisation, format)
    values = responses.values_list(
        "id",
        "survey__activity__title",
        "survey__activity__starts_at",
        "survey__activity__format",
        "level",
        "first_time",
        "worthwhile",
        "in_the_way",
    )
    for rid, title, starts_at, fmt, level, first_time, worthwhile, in_the_way in values:
        scores: list[int | str] = [""] * len(dimensions)
        while pending is not None and pending[0] <= rid:
            if pending[0] == rid and pending[1] in column:
                scores[column[pending[1]]] = pending[2]
            pending = next(answer_iter, None)
        own_cells: list[int | str] = [""] * len(questions)
        for _question, text, kind, value in own.take(rid):
            scale = kind == SurveyQuestion.Kind.SCALE and value.isdigit()
            own_cells[questions[text]] = int(value) if scale else value
        yield [
            title,
            starts_at.date().isoformat(),
            formats.get(fmt, fmt),
            segments.segment_name(level),
            "" if first_time is None else ("yes" if first_time else "no"),
            *scores,
            worthwhile,
            in_the_way,
            "; ".join(theme_labels.get(code, code) for code in themes.get(rid, ())),
            *own_cells,
        ]


def summary_rows(insight: SeasonInsight, organisation: Organisation) -> Iterator[list]:
    """Per activity × level segment: respondents and their mean with its interval."""
    ids = [row.activity_id for row in insight.activities]
    loaded = _load(organisation, ids)
    summaries = _summaries(loaded, len(ids))
    header = [
        _("Activity"),
        _("Date"),
        _("Format"),
        _("Segment"),
        _("Respondents"),
        _("Mean"),
        _("95% low"),
        _("95% high"),
    ]
    header += [d.label for d in loaded.dimensions]
    yield header
    overall = summaries.by_level.overall
    for i, row in enumerate(insight.activities):
        for s, segment in enumerate(LEVEL_SEGMENTS):
            g = i * len(LEVEL_SEGMENTS) + s
            figure = Figure.pick(overall, g)
            means = [_number(summaries.by_level.mean[g, d]) for d in range(len(loaded.dimensions))]
            yield [
                row.title,
                row.starts_at.date().isoformat(),
                row.format_name,
                segment,
                figure.n,
                figure.mean,
                figure.low,
                figure.high,
                *means,
            ]
