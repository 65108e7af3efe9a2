"""Reads that feed the signposting engine: the season as matrices, and levels as vectors.

Every function runs a fixed number of queries, whatever the number of activities or
participants. The organisation's season matrix is cached (see `season_matrix`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count
from django.utils import timezone

from overture.audience.models import Competence, Participant, Registration
from overture.engines.levels import UNKNOWN
from overture.engines.signposting import Activities
from overture.engines.signposting.alternatives import nearest_step
from overture.engines.signposting.journeys import ActivityTarget
from overture.engines.signposting.social_learning import combined_levels
from overture.organisations.models import Organisation
from overture.season.models import FORMAT_SCALE, Activity, Format, Practice, Requirement
from overture.season.selectors import season_version

from .models import EntryPointWish
from .rooms import relaxed_rows

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
    relaxed: np.ndarray  # (A,) bool: moving and making noise welcome throughout (texts.py)
    practice_ids: tuple[int, ...]
    practice_names: tuple[str, ...]
    practice_slugs: tuple[str, ...]
    built_at: float  # epoch seconds

    def rows_of(self, activity_ids: Iterable[int]) -> np.ndarray:
        """The row of each activity id, -1 for those not in the matrix."""
        return positions(self.activity_ids, np.fromiter(activity_ids, dtype=np.int64))


def positions(known: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The index of each of `ids` in `known` (any order, no repeats), -1 where absent."""
    if known.size == 0:
        return np.full(ids.size, -1, dtype=np.int64)
    order = np.argsort(known, kind="stable")
    ordered = known[order]
    at = np.searchsorted(ordered, ids).clip(0, ordered.size - 1)
    return np.where(ordered[at] == ids, order[at], -1).astype(np.int64)


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


def season_matrix_key(organisation: Organisation) -> str:
    # The creation time keeps apart organisations that reuse an id (a database reset).
    created = int(organisation.created_at.timestamp() * 1e6)
    version = season_version(organisation.pk)
    return f"overture:signposting:season:{organisation.pk}:{created}:{version}"


def season_matrix(organisation: Organisation) -> SeasonMatrix:
    """The organisation's season matrix, from the cache when it is fresh (no query then).

    Cached for SEASON_MATRIX_SECONDS under a key that changes whenever staff save an
    activity or change its status, so those changes show at once.
    """
    key = season_matrix_key(organisation)
    matrix = cache.get(key)
    if matrix is None:
        matrix = build_season_matrix(organisation)
        cache.set(key, matrix, SEASON_MATRIX_SECONDS)
    return matrix


def ways_there(
    organisation: Organisation, participant: Participant | None, activity_ids: Iterable[int]
) -> set[int]:
    """Which of these activities “How to get there” has a journey or an alternative for.

    A cheap check for the links: a journey, part of one, a journey with a buddy and the
    nearest step all begin with a step towards the goal, which `nearest_step` finds without
    planning (docs/engines/signposting.md, "When there is no way"). Two queries (levels and
    places) with the season matrix cached, whatever the number of activities.
    """
    ids = list(activity_ids)
    matrix = season_matrix(organisation)
    rows = matrix.rows_of(ids)
    if not ids or (rows < 0).all():
        return set()
    levels = participant_levels(participant, matrix.practice_ids)
    places = matrix.rows_of(registered_activity_ids(participant))
    now = timezone.now()
    return {
        activity_id
        for activity_id, row in zip(ids, rows.tolist(), strict=True)
        if row >= 0
        and matrix.activities.starts_at[row] > now.timestamp()
        and nearest_step(
            levels,
            matrix.activities,
            ActivityTarget(row),
            now=now,
            registered=places[places >= 0],
            ends_at=matrix.ends_at,
        )
        is not None
    }


def wish_recorded(participant: Participant | None, practice: Practice, level: int) -> bool:
    """Whether the participant told us they'd come to this entry point (1 query)."""
    if participant is None:
        return False
    return EntryPointWish.objects.filter(
        participant=participant, practice=practice, level=level
    ).exists()


def wish_counts(organisation: Organisation) -> list[tuple[str, int, int]]:
    """(practice name, level, people) for every entry point someone said they'd come to,
    most asked first (1 query)."""
    rows = (
        EntryPointWish.objects.filter(practice__organisation=organisation)
        .values_list("practice__name", "level")
        .annotate(people=Count("participant", distinct=True))
        .order_by("-people", "practice__name", "level")
    )
    return list(rows)


def participant_levels(participant: Participant | None, practice_ids: Sequence[int]) -> np.ndarray:
    """The participant's level per practice (observed, else self-assessed, else -1); 1 query."""
    self_levels = np.full(len(practice_ids), UNKNOWN, dtype=np.int8)
    observed = self_levels.copy()
    if participant is None or not len(practice_ids):
        return self_levels
    column = {practice_id: j for j, practice_id in enumerate(practice_ids)}
    rows = Competence.objects.filter(
        participant=participant, practice_id__in=list(practice_ids)
    ).values_list("practice_id", "source", "level")
    for practice_id, source, level in rows:
        target = observed if source == Competence.Source.OBSERVED else self_levels
        target[column[practice_id]] = level
    return combined_levels(self_levels, observed)


def registered_activity_ids(participant: Participant | None) -> list[int]:
    """Every activity the participant holds a confirmed place at (1 query)."""
    if participant is None:
        return []
    return list(
        Registration.objects.filter(
            participant=participant, status=Registration.Status.CONFIRMED
        ).values_list("activity_id", flat=True)
    )


def organisation_levels(organisation: Organisation, practice_ids: Sequence[int]) -> np.ndarray:
    """Every participant's levels (rows in order of participant id, -1 = not yet known).

    Observed, else self-assessed, as for one participant. Three queries; the rows are read
    straight from the cursor into arrays, since there is one per participant and practice.
    """
    ids = int_rows(
        Participant.objects.filter(organisation=organisation).order_by("pk").values_list("pk"), 1
    )[:, 0]
    columns = np.array(practice_ids, dtype=np.int64)
    by_source = {}
    for source in (Competence.Source.SELF, Competence.Source.OBSERVED):
        levels = np.full((ids.size, columns.size), UNKNOWN, dtype=np.int8)
        rows = int_rows(
            Competence.objects.filter(
                participant__organisation=organisation,
                source=source,
                practice_id__in=columns.tolist(),
            )
            .order_by()
            .values_list("participant_id", "practice_id", "level"),
            3,
        )
        levels[np.searchsorted(ids, rows[:, 0]), np.searchsorted(columns, rows[:, 1])] = rows[:, 2]
        by_source[source] = levels
    return combined_levels(by_source[Competence.Source.SELF], by_source[Competence.Source.OBSERVED])


def int_rows(queryset, width: int, batch: int = 100_000) -> np.ndarray:
    """The rows of a values_list of integers as an (n, width) int64 array, in batches."""
    chunks = [np.zeros((0, width), dtype=np.int64)]
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # e.g. `__in` an empty list: nothing to read
        return chunks[0]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            chunks.append(np.array(rows, dtype=np.int64).reshape(-1, width))
    return np.concatenate(chunks)
