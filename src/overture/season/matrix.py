"""The season as the engines see it: activities × practices, cached per organisation.

Row i is a published activity that has not ended (in order of start), column j a practice
of the organisation (in order of id): the level each activity asks for and how strictly,
its format's place on the scale, its start, its places left and whether it is relaxed
throughout. Built in three queries, whatever the size of the season, and shared by
signposting (fits, For you, journeys, coverage) and the audience mix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.utils import timezone

from overture.engines.levels import UNKNOWN
from overture.engines.signposting import Activities
from overture.organisations.cached_figures import CachedFigures
from overture.organisations.models import Organisation
from overture.rows import positions

from .models import FORMAT_SCALE, Activity, Format, Practice, Requirement
from .rooms import relaxed_rows
from .selectors import season_version

# How long a built season matrix is reused. Staff changes (save_activity, status changes)
# invalidate it at once; places taken by registrations show up within this time.
SEASON_MATRIX_SECONDS = 60
FORMAT_CODES: dict[str, int] = {value: code for code, value in enumerate(Format.values)}
FORMAT_LABELS: dict[int, str] = {code: label for code, label in enumerate(Format.labels)}


@dataclass(frozen=True, eq=False)
class SeasonMatrix:
    """An organisation's published activities that have not ended, as the engine sees them.

    Row i of `activities` is the activity with database id `activity_ids[i]` (rows in order
    of start, so earlier activities win ties); column j is the practice `practice_ids[j]`.
    """

    activities: Activities
    activity_ids: np.ndarray  # (A,) int64
    ends_at: np.ndarray  # (A,) int64 epoch seconds, the end of each row
    relaxed: np.ndarray  # (A,) bool: moving and making noise welcome throughout (rooms.py)
    practice_ids: tuple[int, ...]
    practice_names: tuple[str, ...]
    practice_slugs: tuple[str, ...]
    built_at: float  # epoch seconds

    def rows_of(self, activity_ids: Iterable[int]) -> np.ndarray:
        """The row of each activity id, -1 for those not in the matrix."""
        return positions(self.activity_ids, np.fromiter(activity_ids, dtype=np.int64))


def organisation_practices(organisation: Organisation) -> list[tuple[int, str, str]]:
    """(id, name, slug) of the organisation's practices, in the fixed column order (by id)."""
    return list(
        Practice.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", "name", "slug")
    )


def build_season_matrix(organisation: Organisation) -> SeasonMatrix:
    """The matrices of the organisation's published activities that have not ended (3 queries)."""
    now = timezone.now()
    practices = organisation_practices(organisation)
    rows = list(
        Activity.objects.filter(organisation=organisation, ends_at__gte=now)
        .published()
        .order_by("starts_at", "pk")
        .values_list("pk", "format", "starts_at", "capacity", "places_taken", "ends_at", "relaxed")
    )
    requirements = list(
        Requirement.objects.filter(
            activity__organisation=organisation,
            activity__status=Activity.Status.PUBLISHED,
            activity__ends_at__gte=now,
        )
        .order_by()
        .values_list("activity_id", "practice_id", "required_level", "strictness")
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    practice_ids = np.array([p[0] for p in practices], dtype=np.int64)
    required = np.full((len(rows), len(practices)), UNKNOWN, dtype=np.int8)
    strictness = np.zeros(required.shape)
    if requirements and len(rows):
        cells = np.array(requirements, dtype=np.float64)
        order = np.argsort(ids)
        row = order[np.searchsorted(ids[order], cells[:, 0].astype(np.int64))]
        column = np.searchsorted(practice_ids, cells[:, 1].astype(np.int64))
        required[row, column] = cells[:, 2]
        strictness[row, column] = cells[:, 3]
    activities = Activities(
        required=required,
        strictness=strictness,
        scale=np.array([FORMAT_SCALE.get(r[1], 0.5) for r in rows], dtype=np.float64),
        starts_at=np.array([int(r[2].timestamp()) for r in rows], dtype=np.int64),
        places_left=np.array([max(r[3] - r[4], 0) for r in rows], dtype=np.int64),
        format=np.array([FORMAT_CODES.get(r[1], len(FORMAT_CODES)) for r in rows], dtype=np.int64),
    )
    return SeasonMatrix(
        activities=activities,
        activity_ids=ids,
        ends_at=np.array([int(r[5].timestamp()) for r in rows], dtype=np.int64),
        relaxed=relaxed_rows(
            [r[6] for r in rows], [r[1] for r in rows], required, [p[2] for p in practices]
        ),
        practice_ids=tuple(int(p) for p in practice_ids),
        practice_names=tuple(p[1] for p in practices),
        practice_slugs=tuple(p[2] for p in practices),
        built_at=now.timestamp(),
    )


# Cached for a minute under a key that changes whenever staff save an activity or change its
# status (`season_version`), so those changes show at once.
SEASON_MATRIX = CachedFigures(
    "season:matrix",
    build_season_matrix,
    version=lambda org: season_version(org.pk),
    seconds=SEASON_MATRIX_SECONDS,
)


def season_matrix(organisation: Organisation) -> SeasonMatrix:
    """The organisation's season matrix, from the cache when it is fresh (no query then)."""
    return SEASON_MATRIX.get(organisation)
