"""Participants' levels per practice as the engines read them: one matrix, one query.

A participant's level in a practice is the observed one, else the self-assessed one, else
not yet known (-1): `engines.signposting.social_learning.combined_levels`, over the whole
matrix at once. Every page, run and figure that needs levels reads them here:

- `participant_levels`: one participant (the fit badges, For you, journeys, segments);
- `levels_of`: a set of participants, rows in the order given (buddy matching);
- `organisation_levels`: every participant of an organisation (signposting coverage);
- `registrant_levels`: the participants holding some registrations — one activity's
  registrants, or a whole season's — read through a subquery, so that no list of ids,
  however long, goes to the database (the level mix, the audience mix).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from overture.engines.levels import UNKNOWN
from overture.engines.signposting.social_learning import combined_levels
from overture.organisations.models import Organisation
from overture.rows import int_rows, positions

from .models import Competence, Participant, Registration

# Each competence is read as two integers, the participant and a code packing the practice,
# the source and the level (practice × 8 + observed × 4 + level): reading rows dominates at
# scale, and fewer values per row read faster.
OBSERVED_BIT = 4
PRACTICE_SHIFT = 3


def participant_levels(participant: Participant | None, practice_ids: Sequence[int]) -> np.ndarray:
    """The participant's level per practice, (P,) int8; one query (none without a participant)."""
    if participant is None:
        return _unknown(1, len(practice_ids))[0]
    mine = Competence.objects.filter(participant=participant)
    return _levels(mine, [participant.pk], practice_ids)[0]


def levels_of(participant_ids: Sequence[int], practice_ids: Sequence[int]) -> np.ndarray:
    """(people, practices) levels of these participants, rows in the order given; one query.

    A participant may stand in several rows (a buddy who also asked for one).
    """
    people = sorted(set(participant_ids))
    theirs = Competence.objects.filter(participant_id__in=people)
    return _levels(theirs, participant_ids, practice_ids)


def organisation_levels(organisation: Organisation, practice_ids: Sequence[int]) -> np.ndarray:
    """Every participant's levels, rows in order of participant id; two queries."""
    ids = int_rows(
        Participant.objects.filter(organisation=organisation).order_by("pk").values_list("pk"), 1
    )[:, 0]
    theirs = Competence.objects.filter(participant__organisation=organisation)
    return _levels(theirs, ids, practice_ids)


def registrant_levels(
    registrations: QuerySet[Registration],
    participant_ids: Sequence[int] | np.ndarray,
    practice_ids: Sequence[int],
) -> np.ndarray:
    """The levels of `participant_ids`, read for the participants of `registrations`; one query.

    Rows in the order of `participant_ids`; a participant given here without one of those
    registrations (one made since they were read) reads as not yet known.
    """
    theirs = Competence.objects.filter(participant_id__in=registrations.values("participant_id"))
    return _levels(theirs, participant_ids, practice_ids)


def _unknown(rows: int, columns: int) -> np.ndarray:
    return np.full((rows, columns), UNKNOWN, dtype=np.int8)


def _levels(
    competences: QuerySet[Competence],
    participant_ids: Sequence[int] | np.ndarray,
    practice_ids: Sequence[int],
) -> np.ndarray:
    """The combined levels of `participant_ids` × `practice_ids` among `competences`."""
    people = np.asarray(participant_ids, dtype=np.int64).reshape(-1)
    columns = np.asarray(practice_ids, dtype=np.int64).reshape(-1)
    if not people.size or not columns.size:
        return _unknown(people.size, columns.size)
    is_observed = Case(
        When(source=Competence.Source.OBSERVED, then=Value(OBSERVED_BIT)),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = int_rows(
        competences.filter(practice_id__in=columns.tolist())
        .order_by()
        .annotate(code=F("practice_id") * (1 << PRACTICE_SHIFT) + is_observed + F("level"))
        .values_list("participant_id", "code"),
        2,
    )
    ids, row_of = np.unique(people, return_inverse=True)
    code = rows[:, 1]
    row = positions(ids, rows[:, 0])
    column = positions(columns, code >> PRACTICE_SHIFT)
    level = (code & (OBSERVED_BIT - 1)).astype(np.int8)
    known = (row >= 0) & (column >= 0)
    self_levels, observed = _unknown(ids.size, columns.size), _unknown(ids.size, columns.size)
    for target, source in ((self_levels, 0), (observed, OBSERVED_BIT)):
        mine = known & ((code & OBSERVED_BIT) == source)
        target[row[mine], column[mine]] = level[mine]
    levels = combined_levels(self_levels, observed)
    if ids.size == people.size and np.array_equal(ids, people):
        return levels
    return levels[row_of.reshape(-1)]
