"""The audience mix page of one activity, read in a fixed number of queries.

`activity_mix(activity)` fetches the activity's inputs (see `figures.mix_inputs`), runs the
engines once and returns everything the page shows: the level mix, the four indices with
the numbers behind them, the zones, the latest zoning (proposed and confirmed), the split
suggestion and the ranked advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from overture.audience.models import Registration
from overture.audience.selectors_staff import PracticeLevelMix, practice_level_mixes
from overture.engines.mix.advice import Advice, advise, format_figure
from overture.engines.mix.conflict import RELAXED, TRADITIONAL
from overture.engines.signposting import Fit
from overture.season.models import Level, Zone
from overture.season.wording import strictness_words
from overture.signposting.texts import fit_label

from . import figures as mix_figures
from .charts import LevelChart, level_chart
from .figures import Figures, MixInputs, MixResults
from .models import AdviceRule, Variable, ZoningRun
from .services import run_zone_settings, zone_settings
from .wording import stored_unseated_words


@dataclass(frozen=True)
class Band:
    below: float  # the band holds values below this
    word: str


@dataclass(frozen=True)
class IndexKind:
    """One of the four indices: its bands of words from low values to high ones.

    The bands are the one place its thresholds are kept: the page's words and <meter>, the
    heat map's colours and the season figures all read them from here.
    """

    name: str
    meaning: str
    bands: tuple[Band, ...]  # three, from low values to high ones
    optimum: float  # the best value (0 or 1), for <meter>

    @property
    def low(self) -> float:
        """Where the lowest band ends."""
        return self.bands[0].below

    @property
    def high(self) -> float:
        """Where the highest band starts."""
        return self.bands[-2].below


LEVEL_WORDS = dict(Level.choices)
UNSEATED_SHOWN = 50  # by name; the rest are counted
INDEX_KINDS: dict[str, IndexKind] = {
    "rigidity": IndexKind(
        gettext_lazy("Role rigidity"),
        gettext_lazy(
            "How much skill the activity asks before someone can fully take part: 0 means anyone "
            "can join in as they are, 1 that only experts can."
        ),
        (
            Band(0.25, gettext_lazy("Low")),
            Band(0.5, gettext_lazy("Moderate")),
            Band(2, gettext_lazy("High")),
        ),
        0.0,
    ),
    "conflict": IndexKind(
        gettext_lazy("Heterogeneity conflict"),
        gettext_lazy(
            "The expected friction between registrants of different competence sharing the room "
            "under the activity's norms: 0 means none, 1 that it is certain."
        ),
        (
            Band(0.2, gettext_lazy("Low")),
            Band(0.4, gettext_lazy("Moderate")),
            Band(2, gettext_lazy("High")),
        ),
        0.0,
    ),
    "access": IndexKind(
        gettext_lazy("Participation access"),
        gettext_lazy(
            "Whether the newcomers coming can have an experienced participant at their side: "
            "newcomers already paired with a buddy, plus the places buddies still have free, "
            "against the newcomers; 1 means every newcomer can have a buddy, 0 that none can."
        ),
        (
            Band(0.5, gettext_lazy("Low")),
            Band(0.8, gettext_lazy("Partial")),
            Band(2, gettext_lazy("Good")),
        ),
        1.0,
    ),
    "clarity": IndexKind(
        gettext_lazy("Signposting"),
        gettext_lazy(
            "The share of registrants for whom signposting calls the activity right for them or a "
            "good first step; the others were told it is a stretch or to prepare first."
        ),
        (
            Band(0.5, gettext_lazy("Low")),
            Band(0.8, gettext_lazy("Partial")),
            Band(2, gettext_lazy("Good")),
        ),
        1.0,
    ),
}


@dataclass(frozen=True)
class IndexReading:
    """One of the four indices with what it means and the numbers behind it."""

    key: str
    kind: IndexKind
    value: float | None
    numbers: tuple[str, ...]

    @property
    def word(self) -> str:
        if self.value is None:
            return _("Not known yet")
        return next(band.word for band in self.kind.bands if self.value < band.below)


@dataclass(frozen=True)
class ZoneRow:
    """A zone of the activity as staff set it up, with how many asked for it."""

    zone: Zone
    preferred_by: int

    @property
    def norms_word(self) -> str:
        return self.zone.keeps_word


@dataclass(frozen=True)
class ZoneOutcome:
    name: str
    capacity: int
    seated: int
    conflict: float


@dataclass(frozen=True)
class Unseated:
    name: str
    reason: str


@dataclass(frozen=True)
class ZoningView:
    """A zoning run as the page shows it, with what changed since it was worked out."""

    run: ZoningRun
    zones: tuple[ZoneOutcome, ...]
    unseated: tuple[Unseated, ...]  # the first UNSEATED_SHOWN of them
    changed: int  # registrations made, cancelled or changed since the run
    zones_changed: bool  # a zone added, removed, or its places or norms changed since the run

    @property
    def unseated_count(self) -> int:
        return len(self.run.unseated)

    @property
    def unseated_not_shown(self) -> int:
        return self.unseated_count - len(self.unseated)

    @property
    def is_confirmed(self) -> bool:
        return self.run.status == ZoningRun.Status.CONFIRMED

    @property
    def is_out_of_date(self) -> bool:
        """Confirming it would be refused: it no longer fits the registrations or zones."""
        return bool(self.changed) or self.zones_changed

    @property
    def reduction(self) -> float:
        return self.run.conflict_before - self.run.conflict_after


@dataclass(frozen=True)
class SplitView:
    """The suggested split, with how many of those who stated a wish it places as wished."""

    relaxed: int
    traditional: int
    conflict_before: float
    conflict_after: float
    reduction: float
    relaxed_norms: float
    asked_relaxed: int = 0
    relaxed_as_asked: int = 0
    asked_traditional: int = 0
    traditional_as_asked: int = 0

    @property
    def no_wish(self) -> int:
        return self.relaxed + self.traditional - self.asked_relaxed - self.asked_traditional


@dataclass(frozen=True)
class AdviceItem:
    """One piece of advice with its variable and the figures that triggered it."""

    advice: Advice
    variable: str
    numbers: tuple[tuple[str, str], ...]  # (what the figure is, its value in words)


@dataclass(frozen=True)
class ActivityMix:
    """Everything the audience mix page of one activity shows."""

    registrants: int
    mixes: tuple[PracticeLevelMix, ...]
    chart: LevelChart | None
    indices: tuple[IndexReading, ...]
    zones: tuple[ZoneRow, ...]
    proposal: ZoningView | None
    confirmed: ZoningView | None
    split: SplitView | None
    min_session: int
    advice: tuple[AdviceItem, ...]
    figures: Figures

    @property
    def zone_capacity(self) -> int:
        return sum(row.zone.capacity for row in self.zones)


def activity_mix(activity, now: datetime | None = None) -> ActivityMix:
    """The audience mix of one activity (a fixed number of queries, whatever its size)."""
    inputs = mix_figures.mix_inputs([activity])[activity.pk]
    results = mix_figures.compute_mix(inputs)
    figures = mix_figures.figures_of(inputs, results, now)
    mixes = level_mixes(inputs)
    proposal, confirmed = zoning_views(inputs)
    rules = mix_figures.active_rules(activity.organisation, AdviceRule.Scope.ACTIVITY)
    return ActivityMix(
        registrants=inputs.audience.count,
        mixes=mixes,
        chart=level_chart(mixes) if mixes and inputs.audience.count else None,
        indices=index_readings(inputs, results, figures),
        zones=zone_rows(inputs),
        proposal=proposal,
        confirmed=confirmed,
        split=split_view(results, inputs.audience.preference),
        min_session=results.min_session,
        advice=advice_items(advise(rules, figures, AdviceRule.Scope.ACTIVITY)),
        figures=figures,
    )


def level_mixes(inputs: MixInputs) -> tuple[PracticeLevelMix, ...]:
    """The registrants per level of each practice the activity involves."""
    return tuple(practice_level_mixes(inputs.requirements, inputs.audience.levels))


def _counted(text: str, count: int, **values: object) -> str:
    """`text` (an ngettext sentence about `count` things) with the count written with commas."""
    return text % {"count": f"{count:,}", **values}


def index_readings(
    inputs: MixInputs, results: MixResults, figures: Figures
) -> tuple[IndexReading, ...]:
    indices = results.indices
    return (
        IndexReading("rigidity", INDEX_KINDS["rigidity"], indices.rigidity, _rigidity(inputs)),
        IndexReading(
            "conflict", INDEX_KINDS["conflict"], indices.conflict, _conflict(results, figures)
        ),
        IndexReading("access", INDEX_KINDS["access"], indices.access, _access(inputs, figures)),
        IndexReading("clarity", INDEX_KINDS["clarity"], indices.clarity, _clarity(results)),
    )


def _rigidity(inputs: MixInputs) -> tuple[str, ...]:
    if not inputs.requirements:
        return (_("The activity involves no practice yet, so nothing is asked of anyone."),)
    return tuple(
        _("%(practice)s: %(level)s level asked; %(strictness)s")
        % {
            "practice": r.practice.name,
            "level": LEVEL_WORDS[r.required_level].lower(),
            "strictness": strictness_words(r.strictness),
        }
        for r in inputs.requirements
    )


def _conflict(results: MixResults, figures: Figures) -> tuple[str, ...]:
    parts = results.conflict
    registrants = figures["registrants"]
    if not registrants:
        return (_("Nobody has registered yet."),)
    relaxed = round((figures["relaxed_share"] or 0) * registrants)
    traditional = round((figures["traditional_share"] or 0) * registrants)
    return (
        _("Spread of levels on strict practices: %(value)s") % {"value": f"{parts.dispersion:.2f}"},
        _(
            "Opposite wishes in one room: %(value)s (%(relaxed)s would like it relaxed, "
            "%(traditional)s quiet and traditional)"
        )
        % {
            "value": f"{parts.clash:.2f}",
            "relaxed": f"{relaxed:,}",
            "traditional": f"{traditional:,}",
        },
        _("Wishes against the activity's norms: %(value)s") % {"value": f"{parts.misfit:.2f}"},
        _counted(
            ngettext(
                "%(count)s registrant together in one room",
                "%(count)s registrants together in one room",
                registrants,
            ),
            registrants,
        ),
    )


def _access(inputs: MixInputs, figures: Figures) -> tuple[str, ...]:
    buddies = inputs.buddies
    practice = figures["strict_practice"]
    if not practice:
        return (_("No practice, so nobody is a newcomer to it"),)
    free = buddies.buddy_places - buddies.paired
    buddies_coming = _counted(
        ngettext("%(count)s buddy coming", "%(count)s buddies coming", buddies.attending),
        buddies.attending,
    )
    numbers = [
        _counted(
            ngettext(
                "%(count)s newcomer in %(practice)s, its strictest practice",
                "%(count)s newcomers in %(practice)s, its strictest practice",
                figures["newcomers"],
            ),
            figures["newcomers"],
            practice=practice,
        ),
        _counted(
            ngettext(
                "%(count)s registrant whose level in %(practice)s is not known yet "
                "(not counted as newcomers)",
                "%(count)s registrants whose level in %(practice)s is not known yet "
                "(not counted as newcomers)",
                figures["level_unknown"],
            ),
            figures["level_unknown"],
            practice=practice,
        ),
        _counted(
            ngettext(
                "%(count)s request for a buddy here already paired",
                "%(count)s requests for a buddy here already paired",
                buddies.paired,
            ),
            buddies.paired,
        ),
        _counted(
            ngettext(
                "%(count)s place still free with %(buddies)s (%(room)s with room left)",
                "%(count)s places still free with %(buddies)s (%(room)s with room left)",
                free,
            ),
            free,
            buddies=buddies_coming,
            room=f"{buddies.free_buddies:,}",
        ),
    ]
    if buddies.unmatched_requests:
        numbers.append(
            _counted(
                ngettext(
                    "%(count)s request for a buddy not matched yet",
                    "%(count)s requests for a buddy not matched yet",
                    buddies.unmatched_requests,
                ),
                buddies.unmatched_requests,
            )
        )
    return tuple(numbers)


def _clarity(results: MixResults) -> tuple[str, ...]:
    if results.fits.size == 0:
        return (_("Nobody has registered yet."),)
    counts = np.bincount(results.fits.astype(np.int64), minlength=len(Fit))
    return tuple(f"{fit_label(fit)}: {int(counts[fit]):,}" for fit in sorted(Fit, reverse=True))


def zone_rows(inputs: MixInputs) -> tuple[ZoneRow, ...]:
    preferred = inputs.audience.preferred_zone
    asked = np.bincount(preferred[preferred >= 0], minlength=len(inputs.zones))
    return tuple(ZoneRow(zone, int(asked[z])) for z, zone in enumerate(inputs.zones))


def zoning_views(inputs: MixInputs) -> tuple[ZoningView | None, ZoningView | None]:
    """The newest proposal (when newer than the confirmed zoning) and the confirmed one.

    Two queries at most: registrations changed since each run, and the names of the
    registrants a run could not seat.
    """
    confirmed = next((r for r in inputs.runs if r.status == ZoningRun.Status.CONFIRMED), None)
    proposal = next((r for r in inputs.runs if r.status == ZoningRun.Status.PROPOSED), None)
    if proposal and confirmed and proposal.created_at < confirmed.created_at:
        proposal = None
    runs = [run for run in (proposal, confirmed) if run]
    if not runs:
        return None, None
    changed = _changed_since(inputs.activity.pk, runs)
    names = _names([item["registration"] for run in runs for item in run.unseated[:UNSEATED_SHOWN]])
    zones = zone_settings(inputs.zones)
    views = {
        run.pk: _zoning_view(run, changed[run.pk], run_zone_settings(run) != zones, names)
        for run in runs
    }
    return (
        views[proposal.pk] if proposal else None,
        views[confirmed.pk] if confirmed else None,
    )


def _changed_since(activity_id: int, runs: Sequence[ZoningRun]) -> dict[int, int]:
    counts = Registration.objects.filter(activity_id=activity_id).aggregate(
        **{f"run_{run.pk}": Count("pk", filter=Q(updated_at__gt=run.created_at)) for run in runs}
    )
    return {run.pk: counts[f"run_{run.pk}"] for run in runs}


def _names(registration_ids: Sequence[int]) -> dict[int, str]:
    if not registration_ids:
        return {}
    return dict(
        Registration.objects.filter(pk__in=list(registration_ids)).values_list(
            "pk", "participant__display_name"
        )
    )


def _zoning_view(
    run: ZoningRun, changed: int, zones_changed: bool, names: dict[int, str]
) -> ZoningView:
    zones = tuple(
        ZoneOutcome(
            name=item.get("name", ""),
            capacity=int(item.get("capacity", 0)),
            seated=int(item.get("seated", 0)),
            conflict=float(item.get("conflict", 0.0)),
        )
        for item in run.zones
    )
    unseated = tuple(
        Unseated(
            names.get(item.get("registration"), "A registration since removed"),
            stored_unseated_words(item),
        )
        for item in run.unseated[:UNSEATED_SHOWN]
    )
    return ZoningView(run, zones, unseated, changed, zones_changed)


def split_view(results: MixResults, preference: np.ndarray) -> SplitView | None:
    """The split as the page shows it; `preference` holds each registrant's stated wish."""
    split = results.split
    if split is None:
        return None
    relaxed_wish = preference == RELAXED
    traditional_wish = preference == TRADITIONAL
    return SplitView(
        relaxed=len(split.relaxed),
        traditional=len(split.traditional),
        conflict_before=split.conflict_before,
        conflict_after=split.conflict_after,
        reduction=split.reduction,
        relaxed_norms=split.relaxed_norms,
        asked_relaxed=int(relaxed_wish.sum()),
        relaxed_as_asked=int(relaxed_wish[split.relaxed].sum()),
        asked_traditional=int(traditional_wish.sum()),
        traditional_as_asked=int(traditional_wish[split.traditional].sum()),
    )


VARIABLE_WORDS = dict(Variable.choices)


def advice_items(advice: Sequence[Advice]) -> tuple[AdviceItem, ...]:
    return tuple(
        AdviceItem(
            advice=item,
            variable=VARIABLE_WORDS.get(item.variable, item.variable),
            numbers=tuple(
                (mix_figures.figure_label(name), format_figure(name, value))
                for name, value in item.figures.items()
            ),
        )
        for item in advice
    )
