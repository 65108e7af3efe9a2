"""The preview of an advice rule: how it reads now for the organisation's current figures.

A rule of each activity is tried on every upcoming published activity (their figures are
fetched together, in a fixed number of queries) and read for one of them; a season rule is
read for the season's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy

from overture.engines.mix.advice import (
    SEASON,
    AdviceError,
    Rule,
    advise,
    figure_text,
    render,
    text_figures,
)
from overture.organisations.models import Organisation
from overture.season.models import Activity

from . import selectors_season
from .figures import Figures, compute_mix, figure_label, figures_of, mix_inputs

NOT_KNOWN = gettext_lazy("not known yet")


@dataclass(frozen=True)
class FigureShown:
    """A figure the rule uses, as the advice would show it."""

    words: str
    meaning: str
    value: str


@dataclass(frozen=True)
class RulePreview:
    """The rule as it reads now: its text, where it applies and the figures behind it."""

    scope: str
    text: str | None  # None when a figure in it is not known for the target
    applies: bool  # to the chosen activity, or to the season
    figures: tuple[FigureShown, ...]
    activity: Activity | None = None  # the activity read, for a rule of each activity
    applies_to: tuple[Activity, ...] = ()  # every upcoming activity it applies to
    choices: tuple[Activity, ...] = ()  # every upcoming activity, to read it for another

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(f.words for f in self.figures if f.value == NOT_KNOWN)


def upcoming_activities(organisation: Organisation, now: datetime | None = None):
    """The organisation's upcoming published activities, soonest first."""
    return Activity.objects.filter(
        organisation=organisation,
        status=Activity.Status.PUBLISHED,
        ends_at__gte=now or timezone.now(),
    ).order_by("starts_at", "pk")


def _shown(rule: Rule, figures: Figures) -> tuple[FigureShown, ...]:
    names = [c.figure for c in rule.conditions] + text_figures(rule.advice)
    return tuple(
        FigureShown(
            name.replace("_", " "),
            figure_label(name),
            figure_text(name, figures.get(name)) or NOT_KNOWN,
        )
        for name in dict.fromkeys(names)
    )


def _read(rule: Rule, figures: Figures) -> str | None:
    try:
        return render(rule.advice, figures)
    except AdviceError:
        return None


def rule_preview(
    organisation: Organisation, rule: Rule, activity_id: int | None = None
) -> RulePreview:
    """How `rule` reads now; for a rule of each activity, read for `activity_id` if it is
    upcoming, else for the first activity it applies to, else the soonest."""
    if rule.scope == SEASON:
        figures = selectors_season.SEASON_MIX.get(organisation).figures
        return RulePreview(
            scope=SEASON,
            text=_read(rule, figures),
            applies=bool(advise([rule], figures, SEASON)),
            figures=_shown(rule, figures),
        )
    now = timezone.now()
    activities = list(upcoming_activities(organisation, now))
    inputs = mix_inputs(activities)
    every = {a.pk: figures_of(inputs[a.pk], compute_mix(inputs[a.pk]), now) for a in activities}
    applies_to = tuple(a for a in activities if advise([rule], every[a.pk], rule.scope))
    chosen = next((a for a in activities if a.pk == activity_id), None)
    chosen = chosen or (applies_to[0] if applies_to else None)
    chosen = chosen or (activities[0] if activities else None)
    figures = every[chosen.pk] if chosen else {}
    return RulePreview(
        scope=rule.scope,
        text=_read(rule, figures) if chosen else None,
        applies=chosen in applies_to,
        figures=_shown(rule, figures),
        activity=chosen,
        applies_to=applies_to,
        choices=tuple(activities),
    )
