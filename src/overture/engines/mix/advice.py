"""Advice from rules: when an activity's (or the season's) figures meet a rule's conditions,
the rule's text is filled with those figures and ranked against the other advice.

Rules are data: staff write them (the app stores `AdviceRule` rows and turns them into
`Rule`). A rule names one of the four variables (role rigidity, heterogeneity conflict,
participation access, signposting), a scope (each activity, or the season), one or more
conditions on named figures (`FIGURES`), a weight 1–10 and a plain text naming figures by
their words between braces, e.g. ``{newcomer share}``; each figure is formatted by its kind
(`figure_text`: shares "34 %", counts "1,234", levels by their codes, the staff's names).
`check_rule` says what is wrong with a rule as `Problem` codes with parameters, which the
apps put into words for staff; `advise` never raises over a rule: one whose text cannot be
rendered with the figures at hand is skipped.

Ranking: ``score = weight × (1 + mean excess)``, the excess of each condition being how far
its figure lies beyond the threshold relative to the threshold (relative to 1 for a
threshold of 0), capped at 1 — so a rule that only just holds scores its weight, one far
beyond its thresholds at most twice its weight. Ties: higher weight, then name.

>>> rule = Rule(
...     key=1, name="Guide newcomers", variable="participation_access", scope="activity",
...     conditions=(Condition("newcomer_share", ">=", 0.5), Condition("strictness", ">=", 0.7)),
...     advice="{newcomer share} of registrants are new to {strict practice} and "
...     "strictness is high: add a 15-minute guide before the concert; {free buddies} "
...     "buddies are free; open the {relaxed zone} area.",
...     weight=6)
>>> check_rule(rule)
[]
>>> figures = {"newcomer_share": 0.62, "strictness": 0.9, "strict_practice":
...            "listening in silence", "free_buddies": 3, "relaxed_zone": "Relaxed"}
>>> [found] = advise([rule], figures, "activity")
>>> import textwrap
>>> print(textwrap.fill(found.text, 88))
62 % of registrants are new to listening in silence and strictness is high: add a
15-minute guide before the concert; 3 buddies are free; open the Relaxed area.
>>> round(found.score, 4)          # 6 × (1 + mean(0.12 / 0.5, 0.2 / 0.7))
7.5771
>>> for problem in check_rule(Rule(2, "Typo", "signposting", "activity",
...         (Condition("clarty", "<", 0.5),), "Only {clarty} find it clear.", 5)):
...     print(problem.part, problem.code, dict(problem.params))
when not_a_figure {'name': 'clarty', 'suggestion': 'clarity'}
advice no_such_figure {'words': 'clarty', 'suggestion': 'clarity'}
"""

from __future__ import annotations

import difflib
import math
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from overture.engines.errors import EngineInputError
from overture.engines.levels import LEVEL_CODES
from overture.engines.mix.advice_text import TextError, name_key, parse

__all__ = [
    "COMPARISONS",
    "FIGURES",
    "SCOPES",
    "VARIABLES",
    "Advice",
    "AdviceError",
    "Condition",
    "Figure",
    "Problem",
    "Rule",
    "advise",
    "check_rule",
    "figure_named",
    "figure_text",
    "format_figure",
    "render",
    "text_figures",
]

ACTIVITY, SEASON = "activity", "season"
SCOPES = (ACTIVITY, SEASON)
VARIABLES = ("role_rigidity", "heterogeneity_conflict", "participation_access", "signposting")
COMPARISONS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
KINDS = ("index", "share", "count", "number", "level", "text")
MIN_WEIGHT, MAX_WEIGHT = 1, 10

ADVICE = "advice"  # the part of a rule that is its text


class AdviceError(EngineInputError):
    """A scope the engine does not know, or a text that cannot be filled."""


@dataclass(frozen=True)
class Figure:
    """A named number (or text) about an activity or the season that rules can use."""

    name: str
    scope: str
    kind: str
    description: str

    @property
    def words(self) -> str:
        """The name staff write between braces, e.g. "newcomer share"."""
        return self.name.replace("_", " ")


def _figures(scope: str, rows: Iterable[tuple[str, str, str]]) -> dict[str, Figure]:
    return {name: Figure(name, scope, kind, text) for name, kind, text in rows}


FIGURES: dict[str, Figure] = {
    **_figures(
        ACTIVITY,
        [
            ("rigidity", "index", "Role rigidity of the activity, 0–1"),
            ("conflict", "index", "Heterogeneity conflict with everyone in one room, 0–1"),
            ("access", "index", "Participation access: buddy places against newcomers, 0–1"),
            ("clarity", "index", "Signposting clarity: share told it suits them, 0–1"),
            ("registrants", "count", "People registered"),
            ("capacity", "count", "Places at the activity"),
            ("fill", "share", "Places taken (parties included) as a share of the places"),
            ("activity", "text", "Title of the activity"),
            ("strict_practice", "text", "Name of the practice kept most strictly"),
            ("required_level", "level", "Level the activity asks in that practice"),
            ("strictness", "number", "Strictness of that practice, 0–1"),
            ("newcomers", "count", "Registrants new to that practice (level not known apart)"),
            ("level_unknown", "count", "Registrants whose level in that practice is not known"),
            ("newcomer_share", "share", "Share of registrants new to that practice"),
            ("novice_share", "share", "Share of registrants at most novice in that practice"),
            ("expert_share", "share", "Share of registrants expert in that practice"),
            ("relaxed_share", "share", "Share of registrants who would like it relaxed"),
            ("traditional_share", "share", "Share who would like it quiet and traditional"),
            ("buddy_places", "count", "Newcomers with a buddy here, plus places buddies have free"),
            ("free_buddies", "count", "Buddies at this activity with room left"),
            ("unmatched_requests", "count", "Buddy requests for this activity with no buddy"),
            ("zones", "count", "Zones of the activity"),
            ("relaxed_zone", "text", "Name of the least strict relaxed zone"),
            ("conflict_after", "index", "Conflict with the latest zoning, 0–1"),
            ("zoning_reduction", "number", "Conflict taken away by the latest zoning"),
            ("split_reduction", "number", "Conflict a split into two sessions would take away"),
            ("prepare_share", "share", "Share of registrants told to prepare first or stretch"),
            ("days_to_go", "count", "Days until the activity starts"),
        ],
    ),
    **_figures(
        SEASON,
        [
            ("activities", "count", "Upcoming published activities"),
            ("high_conflict_activities", "count", "Upcoming activities with conflict ≥ 0.4"),
            ("unzoned_high_conflict", "count", "Of those, activities without zones"),
            ("rigid_share", "share", "Share of upcoming activities with rigidity ≥ 0.5"),
            ("first_visit_share", "share", "Share of upcoming activities for a first visit"),
            ("low_access_activities", "count", "Upcoming activities with access below 0.5"),
            ("mean_rigidity", "index", "Mean role rigidity of upcoming activities"),
            ("mean_conflict", "index", "Mean heterogeneity conflict of upcoming activities"),
            ("mean_access", "index", "Mean participation access of upcoming activities"),
            ("mean_clarity", "index", "Mean signposting clarity of upcoming activities"),
        ],
    ),
}
BY_WORDS = {name_key(figure.name): figure for figure in FIGURES.values()}


@dataclass(frozen=True)
class Condition:
    """`figure` `comparison` `value`, e.g. Condition("conflict", ">=", 0.4)."""

    figure: str
    comparison: str
    value: float


@dataclass(frozen=True)
class Rule:
    """An advice rule; `key` is whatever the caller identifies it by (a database id)."""

    key: object
    name: str
    variable: str
    scope: str
    conditions: tuple[Condition, ...]
    advice: str
    weight: int


@dataclass(frozen=True)
class Advice:
    """A rule that applies, its text filled in, and the figures behind it."""

    key: object
    name: str
    variable: str
    text: str
    weight: int
    score: float
    figures: dict[str, float | int | str | None] = field(default_factory=dict)


# --- checking a rule ---------------------------------------------------------------------


class Problem(NamedTuple):
    """What is wrong with a rule, as a code with its parameters; the apps say it in words.

    `part` is the part of the rule it is about: "scope", "variable", "weight", "conditions",
    "when" (the first condition), "and_when" (a later one) or "advice" (the text).
    """

    code: str
    part: str
    params: Mapping[str, object] = {}


def _did_you_mean(name: str, scope: str) -> str | None:
    names = [f.name for f in FIGURES.values() if f.scope == scope or scope not in SCOPES]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return close[0] if close else None


def _figure_problem(name: str, scope: str, part: str) -> Problem | None:
    """Why `name` cannot be used by a rule of `scope`, or None."""
    figure = FIGURES.get(name)
    if figure is None:
        return Problem(
            "not_a_figure", part, {"name": name, "suggestion": _did_you_mean(name, scope)}
        )
    if scope in SCOPES and figure.scope != scope:
        return Problem(
            "figure_of_other_scope",
            part,
            {"name": name, "figure_scope": figure.scope, "scope": scope},
        )
    return None


def _condition_problems(condition: Condition, scope: str, part: str) -> list[Problem]:
    problems = []
    problem = _figure_problem(str(condition.figure), scope, part)
    if problem:
        problems.append(problem)
    elif FIGURES[condition.figure].kind == "text":
        problems.append(Problem("figure_is_a_name", part, {"name": condition.figure}))
    if condition.comparison not in COMPARISONS:
        problems.append(
            Problem(
                "not_a_comparison",
                part,
                {"comparison": str(condition.comparison), "choices": tuple(COMPARISONS)},
            )
        )
    if not _is_number(condition.value) or not math.isfinite(condition.value):
        problems.append(Problem("value_not_a_number", part))
    return problems


def _is_number(value) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def figure_named(words: str) -> Figure | None:
    """The figure staff mean by `words` ("newcomer share", "Newcomer_Share"), or None."""
    return BY_WORDS.get(name_key(words))


def _nearest(words: str, scope: str) -> str | None:
    """The known figure name closest to `words` (an old ``name:.0%`` form included)."""
    names = [f.words for f in FIGURES.values() if f.scope == scope or scope not in SCOPES]
    key = name_key(words.split(":")[0].split("!")[0])
    if key in names:
        return key
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    return close[0] if close else None


def _placeholder_problem(words: str, scope: str) -> Problem | None:
    if not words.strip():
        return Problem("empty_braces", ADVICE)
    figure = figure_named(words)
    if figure is None:
        return Problem(
            "no_such_figure", ADVICE, {"words": words, "suggestion": _nearest(words, scope)}
        )
    if scope in SCOPES and figure.scope != scope:
        return Problem(
            "text_figure_of_other_scope",
            ADVICE,
            {"words": figure.words, "figure_scope": figure.scope, "scope": scope},
        )
    return None


def _template_problems(template: str, scope: str) -> list[Problem]:
    if not isinstance(template, str) or not template.strip():
        return [Problem("no_advice_text", ADVICE)]
    try:
        parts = parse(template)
    except TextError as error:
        return [Problem(error.code, ADVICE, error.params)]
    problems = []
    for _, words in parts:
        problem = None if words is None else _placeholder_problem(words, scope)
        if problem and problem not in problems:
            problems.append(problem)
    return problems


def check_rule(rule: Rule) -> list[Problem]:
    """What is wrong with a rule, as codes with parameters; empty when it is fine.

    >>> for problem in check_rule(Rule(1, "Mixed", "heterogeneity_conflict", "season",
    ...     (Condition("conflict", ">=", 0.4), Condition("zones", "=", 0)),
    ...     "Zone it: {conflict", 5)):
    ...     print(problem.part, problem.code, dict(problem.params))
    when figure_of_other_scope {'name': 'conflict', 'figure_scope': 'activity', 'scope': 'season'}
    and_when figure_of_other_scope {'name': 'zones', 'figure_scope': 'activity', 'scope': 'season'}
    and_when not_a_comparison {'comparison': '=', 'choices': ('>=', '<=', '>', '<')}
    advice brace_never_closed {'before': 'Zone it:'}
    """
    problems = []
    if rule.scope not in SCOPES:
        problems.append(Problem("unknown_scope", "scope", {"scope": rule.scope}))
    if rule.variable not in VARIABLES:
        problems.append(
            Problem(
                "unknown_variable", "variable", {"variable": rule.variable, "choices": VARIABLES}
            )
        )
    whole = _is_number(rule.weight) and float(rule.weight).is_integer()
    if not whole or not MIN_WEIGHT <= rule.weight <= MAX_WEIGHT:
        problems.append(
            Problem("weight_out_of_range", "weight", {"low": MIN_WEIGHT, "high": MAX_WEIGHT})
        )
    conditions = tuple(rule.conditions)
    if not conditions:
        problems.append(Problem("no_condition", "conditions"))
    for position, condition in enumerate(conditions):
        part = "when" if position == 0 else "and_when"
        problems.extend(_condition_problems(condition, rule.scope, part))
    problems.extend(_template_problems(rule.advice, rule.scope))
    return problems


# --- applying rules ----------------------------------------------------------------------


def _value(name: str, figures: Mapping[str, object]) -> float | int | str | None:
    """The figure as the rules see it: counts whole, other numbers float, texts str; None
    when missing or not a usable value."""
    value = figures.get(name)
    figure = FIGURES.get(name)
    if value is None or figure is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if figure.kind == "text":
        return value if isinstance(value, str) else None
    if not _is_number(value) or not math.isfinite(value):
        return None
    if figure.kind == "count" and float(value).is_integer():
        return int(value)
    return float(value)


def _excess(condition: Condition, value) -> float | None:
    """How far `value` lies beyond the threshold (relative, capped at 1); None if the
    condition does not hold."""
    compare = COMPARISONS.get(condition.comparison)
    if compare is None or not _is_number(value) or not _is_number(condition.value):
        return None
    threshold = float(condition.value)
    if not compare(value, threshold):
        return None
    beyond = value - threshold if condition.comparison in (">=", ">") else threshold - value
    scale = abs(threshold) if threshold else 1.0
    return min(beyond / scale, 1.0)


def figure_text(name: str, value: object) -> str | None:
    """A figure as it reads in advice: shares as whole percentages, counts with thousands
    separators, levels in words, indices and numbers to two decimals; None when missing.

    >>> figure_text("newcomer_share", 0.344), figure_text("registrants", 1234.0)
    ('34 %', '1,234')
    >>> figure_text("required_level", 2), figure_text("conflict", 0.4567)
    ('regular', '0.46')
    """
    shown = _value(name, {name: value})
    if shown is None or shown == "":
        return None
    kind = FIGURES[name].kind
    if kind == "share":
        return f"{shown * 100:.0f} %"
    if kind == "count":
        return f"{shown:,}" if isinstance(shown, int) else f"{shown:,.2f}"
    if kind == "level":
        return LEVEL_CODES[int(shown)] if shown in range(len(LEVEL_CODES)) else None
    if kind in ("index", "number"):
        return f"{shown:.2f}"
    return str(shown)


def render(template: str, figures: Mapping[str, object]) -> str:
    """The advice text with the figures named between its braces filled from `figures`.

    Raises AdviceError when the braces do not pair up or a figure is unknown or missing.

    >>> render("{free buddies} buddies, {fill} full, {{braces}}",
    ...        {"free_buddies": 3.0, "fill": 0.875})
    '3 buddies, 88 % full, {braces}'
    """
    if not isinstance(template, str):
        raise AdviceError(f"template is a {type(template).__name__}; it must be a text")
    if not isinstance(figures, Mapping):
        raise AdviceError(
            f"figures is a {type(figures).__name__}; figures must map names to values"
        )
    try:
        parts = parse(template)
    except TextError as error:
        raise AdviceError(str(error)) from error
    out = []
    for literal, words in parts:
        out.append(literal)
        if words is None:
            continue
        figure = figure_named(words)
        if figure is None:
            raise AdviceError(f"there is no figure called {{{words}}}")
        text = figure_text(figure.name, figures.get(figure.name))
        if text is None:
            raise AdviceError(f"no value for {{{figure.words}}}")
        out.append(text)
    return "".join(out)


def text_figures(template: str) -> list[str]:
    """The names of the known figures a text uses, in order; [] when its braces are broken."""
    try:
        parts = parse(template)
    except TextError:
        return []
    found = (figure_named(words) for _, words in parts if words is not None)
    return list(dict.fromkeys(f.name for f in found if f is not None))


def _apply(rule: Rule, figures: Mapping[str, object]) -> Advice | None:
    """The advice of `rule` when every condition holds and its text renders, else None."""
    conditions = tuple(rule.conditions)
    if not conditions:
        return None
    excesses = []
    for condition in conditions:
        excess = _excess(condition, _value(str(condition.figure), figures))
        if excess is None:
            return None
        excesses.append(excess)
    try:
        text = render(rule.advice, figures)
        names = [str(c.figure) for c in conditions] + text_figures(rule.advice)
    except Exception:  # a rule that cannot be shown is skipped, never raised
        return None
    shown = {name: _value(name, figures) for name in dict.fromkeys(names)}
    weight = int(rule.weight)
    return Advice(
        key=rule.key,
        name=rule.name,
        variable=rule.variable,
        text=text,
        weight=weight,
        score=weight * (1.0 + sum(excesses) / len(excesses)),
        figures=shown,
    )


def advise(rules: Iterable[Rule], figures: Mapping[str, object], scope: str) -> list[Advice]:
    """The advice of every rule of `scope` whose conditions all hold, best first.

    A missing or None figure never holds; a rule whose text cannot be rendered is skipped.
    Order: score (highest first), then weight, then name.
    """
    if not isinstance(scope, str) or scope not in SCOPES:
        raise AdviceError(f'scope must be "activity" or "season", not {scope!r}')
    if isinstance(rules, (str, bytes, Rule)):
        raise AdviceError("rules must be a list of Rule, not a single rule or a string")
    if not isinstance(figures, Mapping):
        raise AdviceError(
            f"figures is a {type(figures).__name__}; figures must map names to values"
        )
    found = []
    for rule in rules:
        if rule.scope != scope:
            continue
        try:
            advice = _apply(rule, figures)
        except Exception:  # a malformed rule must not take the page down
            advice = None
        if advice is not None:
            found.append(advice)
    found.sort(key=lambda a: (-a.score, -a.weight, a.name))
    return found


def format_figure(name: str, value) -> str:
    """A figure as people read it: shares as percentages, indices to two decimals,
    counts whole, "—" when missing.

    >>> format_figure("newcomer_share", 0.62), format_figure("conflict", 0.4567)
    ('62%', '0.46')
    >>> format_figure("free_buddies", 3.0), format_figure("clarity", None)
    ('3', '—')
    >>> format_figure("capacity", 1800)
    '1,800'
    """
    shown = _value(name, {name: value})
    if shown is None:
        return "—" if value is None or name in FIGURES else str(value)
    kind = FIGURES[name].kind
    if kind == "share":
        return f"{shown:.0%}"
    if kind == "index":
        return f"{shown:.2f}"
    if kind == "number":
        return f"{shown:.2f}"
    return f"{shown:,}" if isinstance(shown, int) else f"{shown}"
