"""Reads for signposting: the ways there, the places held, and the entry points wished for.

Every function runs a fixed number of queries, whatever the number of activities. The season
matrix comes from `overture.season.matrix` (cached per organisation), and levels from
`overture.audience.levels`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.utils import timezone

from overture.audience.levels import participant_levels
from overture.audience.models import Participant, Registration
from overture.engines.signposting.alternatives import nearest_step
from overture.engines.signposting.journeys import ActivityTarget
from overture.organisations.models import Organisation
from overture.season.matrix import season_matrix
from overture.season.models import Practice

from .models import EntryPointWish


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


def registered_activity_ids(participant: Participant | None) -> list[int]:
    """Every activity the participant holds a confirmed place at (1 query)."""
    if participant is None:
        return []
    return list(
        Registration.objects.filter(
            participant=participant, status=Registration.Status.CONFIRMED
        ).values_list("activity_id", flat=True)
    )
