"""The season's audience mix: the four indices of every upcoming activity, and season figures.

Worked out for the whole season at once in a fixed number of queries, however many
activities, registrants or buddies there are: the season matrix (shared with signposting and
cached), the activities' titles, their zones, their buddies' places, the confirmed
registrations, and the registrants' levels (self-assessed and observed). The indices of
each activity then come from `overture.engines.mix.indices` on in-memory arrays, and every
registrant's fit from one vectorised call of the signposting engine.

The result is cached (`SEASON_MIX`, organisations.cached_figures) under a key that changes
whenever staff change the season (as the signposting coverage is); advice is ranked on each
request, so edits to the advice rules show at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from overture.audience.levels import registrant_levels
from overture.audience.models import Registration
from overture.engines.mix.advice import Advice, advise
from overture.engines.mix.indices import activity_indices
from overture.engines.signposting import Activities, assess
from overture.organisations.cached_figures import CachedFigures
from overture.organisations.models import Organisation
from overture.rows import int_array, int_rows, positions
from overture.season.matrix import season_matrix
from overture.season.models import Activity, AudienceLabel, Format, Zone
from overture.season.selectors import season_version
from overture.signposting import coverage

from .figures import PREFERENCE_CODES, active_rules, buddy_supply
from .selectors import INDEX_KINDS

# As the heat map words them: "High" conflict, "High" rigidity, "Low" access.
HIGH_CONFLICT = INDEX_KINDS["conflict"].high  # at which an activity counts as high-conflict
RIGID = INDEX_KINDS["rigidity"].high  # at which an activity counts as rigid
LOW_ACCESS = INDEX_KINDS["access"].low  # below which an activity counts as low-access
FORMAT_NAMES = dict(Format.choices)
SEASON = "season"
# Stated preference (NormsPreference value) → the engines' code.
PREFERENCE_LOOKUP = np.array(
    [PREFERENCE_CODES[value] for value in sorted(PREFERENCE_CODES)], dtype=np.int64
)


@dataclass(frozen=True)
class ActivityMixRow:
    """One upcoming activity with its four indices (clarity None with nobody registered)."""

    activity_id: int
    title: str
    starts_at: datetime
    format: str
    registrants: int  # people with a confirmed registration
    capacity: int
    zones: int
    rigidity: float
    conflict: float
    access: float
    clarity: float | None
    places_taken: int = 0  # places those registrations hold, for them and their parties

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES.get(self.format, self.format)


@dataclass(frozen=True)
class HeatCell:
    """One index of one activity as the heat map shows it: value, word and concern."""

    key: str  # rigidity, conflict, access or clarity
    value: float | None
    word: str
    concern: int  # 0 (none to speak of) … 2 (most), -1 not known yet


def heat_cells(row: ActivityMixRow) -> tuple[HeatCell, ...]:
    """The four indices of an activity in the words and bands of its audience mix page."""
    return tuple(heat_cell(key, getattr(row, key)) for key in INDEX_KINDS)


def heat_cell(key: str, value: float | None) -> HeatCell:
    kind = INDEX_KINDS[key]
    if value is None:
        return HeatCell(key, None, gettext_lazy("Not known yet"), -1)
    band = next(i for i, b in enumerate(kind.bands) if value < b.below)
    # Bands run from low to high values; where high is good, concern runs the other way.
    concern = len(kind.bands) - 1 - band if kind.optimum >= 1 else band
    return HeatCell(key, value, kind.bands[band].word, concern)


@dataclass(frozen=True)
class SeasonMix:
    """The season's upcoming published activities in order of start, and its figures."""

    computed_at: datetime
    rows: tuple[ActivityMixRow, ...]
    figures: Mapping[str, float | int | None]


# The season's mix, worked out again when the season changes or staff ask.
SEASON_MIX = CachedFigures(
    "mix:season",
    lambda org: build_season_mix(org, now=timezone.now()),
    version=lambda org: season_version(org.pk),
)


def season_advice(organisation: Organisation, mix: SeasonMix) -> list[Advice]:
    """Advice of the organisation's active season rules for these figures, best first.

    One query (the rules are read on each request, so that edits show at once).
    """
    return advise(active_rules(organisation, SEASON), mix.figures, SEASON)


@dataclass(frozen=True, eq=False)
class SeasonInputs:
    """What the engines need about the season, read in a fixed number of queries."""

    activities: Activities  # the season matrix's activities
    rows: np.ndarray  # (A,) each upcoming activity's row in `activities`, in order of start
    details: list[tuple]  # (A,) id, title, starts_at, format, capacity, label, places taken
    zones: np.ndarray  # (A,) zones per activity
    buddy_places: np.ndarray  # (A,) newcomers the buddies at each activity can take
    bounds: np.ndarray  # (A + 1,) rows bounds[a]:bounds[a + 1] of those below: activity a's
    levels: np.ndarray  # (R, P) each registrant's levels over all practices
    preference: np.ndarray  # (R,) engine codes
    fits: np.ndarray  # (R,) Fit values


def read_season(organisation: Organisation, now: datetime) -> SeasonInputs:
    """The upcoming published activities and their registrants as arrays.

    Queries: the season matrix (three, none when cached), activities, zones, buddies (three,
    as the activity page counts buddy places), registrations and the registrants' levels
    (one): at most ten, whatever the size of the season.
    """
    matrix = season_matrix(organisation)
    details = _activity_details(organisation, now)
    found = matrix.rows_of(d[0] for d in details)
    details = [d for d, row in zip(details, found.tolist(), strict=True) if row >= 0]
    rows = found[found >= 0]
    ids = np.array([d[0] for d in details], dtype=np.int64)
    supply = buddy_supply(ids.tolist())
    registrations = _registrations(organisation, now)
    position = positions(ids, registrations[:, 0])
    order = np.argsort(position, kind="stable")
    order = order[position[order] >= 0]  # registrations at these activities, by activity
    registrations, position = registrations[order], position[order]
    participants, who = np.unique(registrations[:, 1], return_inverse=True)
    who = who.ravel()
    levels = registrant_levels(_confirmed(organisation, now), participants, matrix.practice_ids)
    return SeasonInputs(
        activities=matrix.activities,
        rows=rows,
        details=details,
        zones=_per_activity(ids, _zone_counts(organisation, now)),
        buddy_places=np.array([supply[pk].buddy_places for pk in ids.tolist()], dtype=np.int64),
        bounds=np.searchsorted(position, np.arange(ids.size + 1)),
        levels=levels[who],
        preference=PREFERENCE_LOOKUP[registrations[:, 2]],
        fits=_fits(levels, matrix.activities, who, rows[position]),
    )


def build_season_mix(organisation: Organisation, *, now: datetime) -> SeasonMix:
    """Indices of every upcoming published activity and the season figures."""
    season = read_season(organisation, now)
    rows = tuple(_activity_row(season, index) for index in range(len(season.details)))
    labels = np.array([d[5] for d in season.details], dtype=np.int64)
    return SeasonMix(now, rows, season_figures(rows, labels))


def _activity_row(season: SeasonInputs, index: int) -> ActivityMixRow:
    """The indices of the activity `index`, from its registrants' rows of `season`."""
    row = season.rows[index]
    mine = slice(season.bounds[index], season.bounds[index + 1])
    involved = np.flatnonzero(season.activities.required[row] >= 0)
    indices = activity_indices(
        season.activities.required[row, involved],
        season.activities.strictness[row, involved],
        season.levels[mine][:, involved],
        season.preference[mine],
        int(season.buddy_places[index]),
        season.fits[mine],
    )
    activity_id, title, starts_at, format_code, capacity, _, places_taken = season.details[index]
    return ActivityMixRow(
        activity_id=activity_id,
        title=title,
        starts_at=starts_at,
        format=format_code,
        registrants=int(season.bounds[index + 1] - season.bounds[index]),
        capacity=capacity,
        zones=int(season.zones[index]),
        rigidity=indices.rigidity,
        conflict=indices.conflict,
        access=indices.access,
        clarity=indices.clarity,
        places_taken=places_taken,
    )


def season_figures(
    rows: list[ActivityMixRow] | tuple[ActivityMixRow, ...], labels: np.ndarray
) -> dict[str, float | int | None]:
    """The season figures advice rules can use (see `overture.engines.mix.advice.FIGURES`).

    Shares and means are None without upcoming activities (a rule on them then stays silent);
    `labels` holds each activity's audience label.
    """
    count = len(rows)
    rigidity = np.array([r.rigidity for r in rows], dtype=np.float64)
    conflict = np.array([r.conflict for r in rows], dtype=np.float64)
    access = np.array([r.access for r in rows], dtype=np.float64)
    clarity = np.array([r.clarity for r in rows if r.clarity is not None], dtype=np.float64)
    zoned = np.array([r.zones > 0 for r in rows], dtype=bool)
    high = conflict >= HIGH_CONFLICT

    def mean(values: np.ndarray) -> float | None:
        return float(values.mean()) if values.size else None

    return {
        "activities": count,
        "high_conflict_activities": int(high.sum()),
        "unzoned_high_conflict": int((high & ~zoned).sum()),
        "rigid_share": mean((rigidity >= RIGID).astype(np.float64)),
        "first_visit_share": mean((labels == AudienceLabel.IDEAL_FIRST_VISIT).astype(np.float64)),
        "low_access_activities": int((access < LOW_ACCESS).sum()),
        "mean_rigidity": mean(rigidity),
        "mean_conflict": mean(conflict),
        "mean_access": mean(access),
        "mean_clarity": mean(clarity),
    }


def _upcoming(queryset: QuerySet, organisation: Organisation, now: datetime, prefix: str = ""):
    """Rows of `queryset` belonging to the organisation's upcoming published activities."""
    return queryset.filter(
        **{
            f"{prefix}organisation": organisation,
            f"{prefix}status": Activity.Status.PUBLISHED,
            f"{prefix}ends_at__gte": now,
        }
    )


def _activity_details(organisation: Organisation, now: datetime) -> list[tuple]:
    """(id, title, starts_at, format, capacity, audience label, places taken) in order of
    start (1 query)."""
    return list(
        _upcoming(Activity.objects.all(), organisation, now)
        .order_by("starts_at", "pk")
        .values_list(
            "pk", "title", "starts_at", "format", "capacity", "audience_label", "places_taken"
        )
    )


def _zone_counts(organisation: Organisation, now: datetime) -> np.ndarray:
    """(activity id, zones) per upcoming activity with zones (1 query)."""
    rows = (
        _upcoming(Zone.objects.all(), organisation, now, "activity__")
        .order_by()
        .values_list("activity_id")
        .annotate(n=Count("pk"))
    )
    return int_array(list(rows), 2)


def _confirmed(organisation: Organisation, now: datetime) -> QuerySet[Registration]:
    """The confirmed registrations at the organisation's upcoming published activities."""
    return _upcoming(Registration.objects.all(), organisation, now, "activity__").filter(
        status=Registration.Status.CONFIRMED
    )


def _registrations(organisation: Organisation, now: datetime) -> np.ndarray:
    """(activity id, participant id, norms preference) of confirmed registrations (1 query)."""
    rows = (
        _confirmed(organisation, now)
        .order_by()
        .values_list("activity_id", "participant_id", "norms_preference")
    )
    return int_rows(rows, 3)


def _fits(levels: np.ndarray, activities: Activities, who: np.ndarray, what: np.ndarray):
    """The fit of each registrant `who` for the activity row `what` they registered for."""
    fits = np.zeros(who.size, dtype=np.int64)
    for start in range(0, who.size, coverage.PAIRS_PER_CHUNK):
        stop = start + coverage.PAIRS_PER_CHUNK
        fits[start:stop] = assess(levels, activities, who[start:stop], what[start:stop]).fit
    return fits


def _per_activity(ids: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """The value of `pairs` (activity id, value) for each of `ids`, 0 where absent."""
    values = np.zeros(ids.size, dtype=np.int64)
    position = positions(ids, pairs[:, 0])
    values[position[position >= 0]] = pairs[position >= 0, 1]
    return values
