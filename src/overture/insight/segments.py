"""Segments the value gap is read across: level in the key practice, and first time or not."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from overture.audience.levels import participant_levels
from overture.audience.models import Participant, Registration
from overture.engines.levels import UNKNOWN
from overture.engines.mix.indices import key_practice
from overture.season.models import Activity, Level, Requirement

NEWCOMER_OR_NOVICE, REGULAR, EXPERT, LEVEL_NOT_KNOWN = 0, 1, 2, 3
SEGMENT_NAMES: tuple[Promise, ...] = (
    gettext_lazy("Newcomers and novices"),
    gettext_lazy("Regulars"),
    gettext_lazy("Experts"),
    gettext_lazy("Level not known"),
)
FIRST_TIME_NAMES: dict[bool | None, Promise] = {
    True: gettext_lazy("First time"),
    False: gettext_lazy("Returning"),
    None: gettext_lazy("Not known"),
}


def segment_of(level: int) -> int:
    """Segment index of a level in the key practice: newcomer or novice 0, regular 1,
    expert 2, not known (−1) 3 — never merged with the newcomers."""
    if level < 0:
        return LEVEL_NOT_KNOWN
    if level >= Level.EXPERT:
        return EXPERT
    if level == Level.REGULAR:
        return REGULAR
    return NEWCOMER_OR_NOVICE


def segment_name(level: int) -> str:
    return SEGMENT_NAMES[segment_of(level)]


def key_practice_id(activity: Activity) -> int | None:
    """The practice of the activity kept most strictly, or None without requirements."""
    rows = list(
        Requirement.objects.filter(activity=activity)
        .order_by("practice_id")
        .values_list("practice_id", "required_level", "strictness")
    )
    index = key_practice([r[1] for r in rows], [r[2] for r in rows])
    return None if index == -1 else rows[index][0]


def key_practice_level(participant: Participant | None, activity: Activity) -> int:
    """The participant's level in the activity's key practice, observed else self-assessed;
    -1 when not known."""
    practice_id = key_practice_id(activity)
    if participant is None or practice_id is None:
        return UNKNOWN
    return int(participant_levels(participant, [practice_id])[0])


def is_first_time(participant: Participant, activity: Activity) -> bool:
    """No confirmed place at an activity of the organisation that started before this one."""
    return not Registration.objects.filter(
        participant=participant,
        status=Registration.Status.CONFIRMED,
        activity__starts_at__lt=activity.starts_at,
    ).exists()
