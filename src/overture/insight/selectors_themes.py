"""The themes people wrote about in their open answers: counts, shares by segment, quotes.

A theme is counted for an answer when staff accepted or added it in the review queue, or,
until they review the answer, when the coder suggests it with a confidence of at least
`coding.LIKELY`. Rejected suggestions never count. Four queries whatever the number of answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from overture.engines.text_coding.seeds import DEFAULT_THEME_LABELS
from overture.organisations.models import Organisation

from . import coding, segments
from .models import Survey, SurveyResponse, TextCode, Theme
from .wording import code_words

# The same segments as the value figures, "Level not known" among them.
THEME_SEGMENTS: tuple[str, ...] = segments.SEGMENT_NAMES
TREND_AT_LEAST = timedelta(days=91)  # about three months of answers before a trend means much
QUOTES_PER_THEME = 3
QUOTE_AT_MOST = 300  # characters: longer answers are quoted elsewhere, not in a summary
_CANDIDATES = 12  # answers per theme whose text is read to choose the quotes


@dataclass(frozen=True)
class Share:
    """How many of `respondents` wrote about a theme, and their share (None: nobody asked)."""

    respondents: int
    with_theme: int

    @property
    def share(self) -> float | None:
        return self.with_theme / self.respondents if self.respondents else None


@dataclass(frozen=True)
class Period:
    """One calendar month of answers: its first day and the share writing about the theme."""

    month: date
    share: Share


@dataclass(frozen=True)
class ThemeRow:
    code: str
    label: str
    answers: int  # open answers with the theme (one person can give two)
    overall: Share
    by_segment: tuple[Share, ...]
    trend: tuple[Period, ...]
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Themes:
    """The themes of a set of responses, most written about first."""

    respondents: int
    rows: tuple[ThemeRow, ...]
    enough_time: bool
    threshold: float = coding.LIKELY
    segments: tuple[str, ...] = THEME_SEGMENTS


def assigned(codes):
    """Codes that count: reviewed by staff, or suggested at or above the likely confidence."""
    return codes.filter(code__startswith="theme:").filter(
        Q(status__in=coding.POSITIVE)
        | Q(status=TextCode.Status.SUGGESTED, confidence__gte=coding.LIKELY)
    )


def _responses(organisation: Organisation, activity_id: int | None, format: str | None):
    responses = SurveyResponse.objects.filter(
        survey__activity__organisation=organisation, survey__moment=Survey.Moment.AFTER
    )
    if activity_id is not None:
        responses = responses.filter(survey__activity_id=activity_id)
    if format:
        responses = responses.filter(survey__activity__format=format)
    return responses


def theme_labels(organisation: Organisation) -> dict[str, str]:
    """Theme code → the organisation's name for it (themes switched off included)."""
    labels = {code: code_words(code, label) for code, label in DEFAULT_THEME_LABELS.items()}
    for key, label in Theme.objects.filter(organisation=organisation).values_list("key", "label"):
        labels[coding.theme_code(key)] = label
    return labels


def themes_of(
    organisation: Organisation, activity_id: int | None = None, format: str | None = None
) -> Themes:
    """The themes of one activity's answers, or (None) of the season's, optionally one format."""
    responses = _responses(organisation, activity_id, format)
    people = {
        pk: (segments.segment_of(level), created_at, may_quote)
        for pk, level, created_at, may_quote in responses.values_list(
            "pk", "level", "created_at", "may_quote"
        )
    }
    found: dict[str, list[tuple[int, str, bool, float]]] = defaultdict(list)
    for response_id, field, code, status, confidence in assigned(
        TextCode.objects.filter(response__in=responses)
    ).values_list("response_id", "field", "code", "status", "confidence"):
        reviewed = status in coding.POSITIVE
        found[code].append((response_id, field, reviewed, confidence or 0.0))
    times = [created for _, created, _ in people.values()]
    enough = bool(times) and max(times) - min(times) >= TREND_AT_LEAST
    labels = theme_labels(organisation)
    quotes = _quotes(found, people)
    rows = [
        _row(code, labels.get(code, code), hits, people, enough, quotes.get(code, ()))
        for code, hits in found.items()
    ]
    rows.sort(key=lambda row: (-row.overall.with_theme, -row.answers, row.label))
    return Themes(respondents=len(people), rows=tuple(rows), enough_time=enough)


def _row(
    code: str,
    label: str,
    hits: list[tuple[int, str, bool, float]],
    people: dict[int, tuple[int, datetime, bool]],
    enough_time: bool,
    quotes: Sequence[str],
) -> ThemeRow:
    who = {response_id for response_id, *_ in hits}
    per_segment = [0] * len(THEME_SEGMENTS)
    with_theme = [0] * len(THEME_SEGMENTS)
    for segment, _created, _wrote in people.values():
        per_segment[segment] += 1
    for response_id in who:
        with_theme[people[response_id][0]] += 1
    return ThemeRow(
        code=code,
        label=label,
        answers=len(hits),
        overall=Share(len(people), len(who)),
        by_segment=tuple(Share(n, k) for n, k in zip(per_segment, with_theme, strict=True)),
        trend=_trend(who, people) if enough_time else (),
        quotes=tuple(quotes),
    )


def _month(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _trend(who: set[int], people: dict[int, tuple[int, datetime, bool]]) -> tuple[Period, ...]:
    asked: dict[date, int] = defaultdict(int)
    wrote: dict[date, int] = defaultdict(int)
    for pk, (_segment, created, _wrote) in people.items():
        month = _month(created)
        asked[month] += 1
        wrote[month] += pk in who
    return tuple(Period(month, Share(asked[month], wrote[month])) for month in sorted(asked))


def _quotes(
    found: dict[str, list[tuple[int, str, bool, float]]],
    people: dict[int, tuple[int, datetime, bool]],
) -> dict[str, list[str]]:
    """Up to three answers per theme from people who agreed to be quoted: reviewed, then most
    certain."""
    candidates: dict[str, list[tuple[int, str]]] = {}
    for code, hits in found.items():
        usable = [hit for hit in hits if people[hit[0]][2]]
        usable.sort(key=lambda hit: (not hit[2], -hit[3], hit[0], hit[1]))
        candidates[code] = [(response_id, field) for response_id, field, *_ in usable][:_CANDIDATES]
    ids = {response_id for pairs in candidates.values() for response_id, _ in pairs}
    texts = {
        pk: {"worthwhile": worthwhile, "in_the_way": in_the_way}
        for pk, worthwhile, in_the_way in SurveyResponse.objects.filter(pk__in=ids).values_list(
            "pk", "worthwhile", "in_the_way"
        )
    }
    chosen: dict[str, list[str]] = {}
    for code, pairs in candidates.items():
        quotes: list[str] = []
        for response_id, field in pairs:
            text = " ".join(texts[response_id][field].split())
            if text and len(text) <= QUOTE_AT_MOST and text not in quotes:
                quotes.append(text)
            if len(quotes) == QUOTES_PER_THEME:
                break
        chosen[code] = quotes
    return chosen


def response_themes(responses) -> dict[int, list[str]]:
    """Response id → the theme codes that count for it, in code order (for the exports)."""
    themes: dict[int, set[str]] = defaultdict(set)
    for response_id, code in assigned(TextCode.objects.filter(response__in=responses)).values_list(
        "response_id", "code"
    ):
        themes[response_id].add(code)
    return {pk: sorted(codes) for pk, codes in themes.items()}


def theme_rows(themes: Themes) -> list[list]:
    """The themes as a table for the spreadsheet: one row per theme, shares by segment."""
    header = [_("Theme"), _("Answers"), _("Respondents with the theme"), _("Share of respondents")]
    header += [_("Share: %(segment)s") % {"segment": name} for name in themes.segments]
    header += [_("Quotes")]
    rows: list[list] = [header]
    for row in themes.rows:
        rows.append(
            [
                row.label,
                row.answers,
                row.overall.with_theme,
                row.overall.share,
                *(share.share for share in row.by_segment),
                " | ".join(row.quotes),
            ]
        )
    return rows
