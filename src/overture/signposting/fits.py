"""Fit badges and reasons for the pages a participant sees: fetch, compute with the engine.

Each function loads what it needs through the selectors (a fixed number of queries), asks the
signposting engine, and returns plain results for the templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext_lazy

from overture.audience.levels import participant_levels
from overture.audience.models import Participant
from overture.audience.waiting_list import with_places_held
from overture.engines.signposting import Activities, Explainer, Fit, Reason, assess
from overture.organisations.models import Organisation
from overture.season.matrix import FORMAT_CODES, FORMAT_LABELS, season_matrix
from overture.season.models import Activity, Requirement
from overture.season.rooms import relaxed_rows
from overture.season.selectors import activities_in_order, public_activities

from . import selectors
from .personal import recommend_for_one
from .texts import FIT_CLASSES, ReasonTexts, fit_label, reason_texts

FOR_YOU_COUNT = 10


@dataclass(frozen=True)
class PracticeReason:
    practice: str  # the practice's name
    situation: str  # one of the engine's SITUATIONS
    text: str


@dataclass(frozen=True)
class ActivityFit:
    """How one activity fits the participant, with a reason per practice it involves."""

    fit: Fit
    reasons: tuple[PracticeReason, ...] = ()
    way_there: bool = False  # prepare first, and “How to get there” has something to offer

    @property
    def label(self) -> str:
        return fit_label(self.fit)

    @property
    def css_class(self) -> str:
        return FIT_CLASSES[self.fit]

    @property
    def prepare_first(self) -> bool:
        return self.fit is Fit.PREPARE_FIRST


@dataclass(frozen=True)
class Suggestion:
    """One of the participant's recommendations, ready for a card."""

    activity: Activity
    fit: ActivityFit


def _page_matrix(
    activities: Sequence[Activity],
) -> tuple[Activities, list[Requirement], list[int]]:
    """Activities built from prefetched requirements; columns are the practices they involve."""
    requirements = [r for activity in activities for r in activity.requirements.all()]
    practice_ids = sorted({r.practice_id for r in requirements})
    column = {practice_id: j for j, practice_id in enumerate(practice_ids)}
    row = {activity.pk: i for i, activity in enumerate(activities)}
    required = np.full((len(activities), len(practice_ids)), -1, dtype=np.int8)
    strictness = np.zeros(required.shape)
    for r in requirements:
        required[row[r.activity_id], column[r.practice_id]] = r.required_level
        strictness[row[r.activity_id], column[r.practice_id]] = r.strictness
    matrix = Activities(
        required=required,
        strictness=strictness,
        scale=[a.scale_position for a in activities],
        starts_at=[int(a.starts_at.timestamp()) for a in activities],
        places_left=[a.places_left for a in activities],
        format=[FORMAT_CODES.get(a.format, 0) for a in activities],
    )
    return matrix, requirements, practice_ids


def page_fits(participant: Participant | None, activities: Sequence[Activity]) -> dict[int, Fit]:
    """Activity id → fit for the participant, for activities with prefetched requirements.

    One query (the participant's levels in the practices involved), whatever the number of
    activities. Without a participant record everything is judged as for a newcomer.
    """
    if not activities:
        return {}
    matrix, _, practice_ids = _page_matrix(activities)
    levels = participant_levels(participant, practice_ids)
    result = assess(levels[None], matrix, np.zeros(len(activities)), np.arange(len(activities)))
    return {a.pk: Fit(int(f)) for a, f in zip(activities, result.fit, strict=True)}


def activity_fit(
    participant: Participant | None,
    activity: Activity,
    organisation: Organisation | None = None,
) -> ActivityFit:
    """The fit of one activity (requirements prefetched) with a reason per practice (1 query).

    When it asks to prepare first, whether “How to get there” has a way or an alternative
    (`selectors.ways_there`: two more queries).
    """
    matrix, requirements, practice_ids = _page_matrix([activity])
    levels = participant_levels(participant, practice_ids)
    practice_of = {r.practice_id: r.practice for r in requirements}
    slugs = [practice_of[p].slug for p in practice_ids]
    texts = reason_texts([practice_of[p].name for p in practice_ids], slugs, FORMAT_LABELS)
    relaxed = relaxed_rows([activity.relaxed], [activity.format], matrix.required, slugs)
    explanation = Explainer(matrix, relaxed=relaxed).explain(levels[None], 0, 0)
    way_there = explanation.fit is Fit.PREPARE_FIRST and activity.pk in selectors.ways_there(
        organisation or activity.organisation, participant, [activity.pk]
    )
    return ActivityFit(explanation.fit, _named(explanation.reasons, texts), way_there)


def mark_ways_there(
    organisation: Organisation, participant: Participant | None, activities: Sequence[Activity]
) -> None:
    """Set `way_there` on the activities whose `fit` is prepare first (see `ways_there`)."""
    asking = [a.pk for a in activities if getattr(a, "fit", None) is Fit.PREPARE_FIRST]
    ways = selectors.ways_there(organisation, participant, asking) if asking else set()
    for activity in activities:
        activity.way_there = activity.pk in ways


def for_you(
    organisation: Organisation, participant: Participant | None, k: int = FOR_YOU_COUNT
) -> list[Suggestion]:
    """The participant's top k upcoming activities, best first, with fits and reasons.

    Uses the cached season matrix; queries: levels, registrations, and the k activities with
    their requirements (plus three to build the matrix when the cache is cold).
    """
    matrix = season_matrix(organisation)
    levels = participant_levels(participant, matrix.practice_ids)
    registered = matrix.rows_of(selectors.registered_activity_ids(participant))
    now = timezone.now()
    picks = recommend_for_one(
        levels, matrix.activities, now=now, registered=registered[registered >= 0], k=k
    )
    if not picks:
        return []
    texts = reason_texts(matrix.practice_names, matrix.practice_slugs, FORMAT_LABELS)
    explainer = Explainer(matrix.activities, now=now, relaxed=matrix.relaxed)
    ids = [int(matrix.activity_ids[pick.activity]) for pick in picks]
    asking = [i for i, pick in zip(ids, picks, strict=True) if pick.fit is Fit.PREPARE_FIRST]
    ways = selectors.ways_there(organisation, participant, asking) if asking else set()
    fits = {
        activity_id: ActivityFit(
            pick.fit,
            _named(explainer.explain(levels[None], 0, pick.activity).reasons, texts),
            activity_id in ways,
        )
        for activity_id, pick in zip(ids, picks, strict=True)
    }
    return [
        Suggestion(activity, fits[activity.pk])
        for activity in activities_in_order(with_places_held(public_activities(organisation)), ids)
    ]


ORDERS = {
    "fit": gettext_lazy("Best fit first, and the soonest first among equal fits."),
    "date": gettext_lazy("Soonest first."),
}


def in_order(suggestions: Sequence[Suggestion], order: str) -> list[Suggestion]:
    """Suggestions by fit then date ("fit"), or by date alone ("date")."""
    if order == "date":
        return sorted(suggestions, key=lambda s: (s.activity.starts_at, s.activity.pk))
    return sorted(suggestions, key=lambda s: (-s.fit.fit, s.activity.starts_at, s.activity.pk))


def _named(reasons: Sequence[Reason], texts: ReasonTexts) -> tuple[PracticeReason, ...]:
    return tuple(
        PracticeReason(texts.practices[r.practice], r.situation, texts.text(r)) for r in reasons
    )
