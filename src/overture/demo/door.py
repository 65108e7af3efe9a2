"""Who came through the door: check-ins at the activities that have taken place.

Most confirmed places at a published activity that has ended were checked in, between the
doors opening and a little after the start; about one registration in twelve is a no-show.
"""

from __future__ import annotations

import numpy as np

from overture.season.models import Activity

from .registrations import RegistrationPlan
from .season import ActivityPlan

__all__ = ["NO_SHOW_SHARE", "plan_check_ins"]

NO_SHOW_SHARE = 1 / 12
DOORS_OPEN = 45 * 60  # seconds before the start
LATE = 15 * 60  # seconds after it


def plan_check_ins(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    registrations: RegistrationPlan,
    *,
    now: int,
) -> np.ndarray:
    """Check-in time in epoch seconds per planned registration, -1 where nobody checked in.

    E.g. for a concert starting at 19:30 that has ended, a confirmed place is checked in at
    some time from 18:45 to 19:44, or (one time in twelve) never.
    """
    size = len(registrations)
    starts = np.array([int(a.starts_at.timestamp()) for a in season], dtype=np.int64)
    ends = np.array([int(a.ends_at.timestamp()) for a in season], dtype=np.int64)
    published = np.array([a.status == Activity.Status.PUBLISHED for a in season], dtype=bool)
    activity = registrations.activity
    # Both draws are made for every registration, so each stays the same whatever the others.
    shows = rng.random(size) >= NO_SHOW_SHARE
    offsets = rng.integers(-DOORS_OPEN, LATE, size)
    if not size:
        return np.zeros(0, dtype=np.int64)
    took_place = published[activity] & (ends[activity] < now)
    came = registrations.confirmed & took_place & shows
    return np.where(came, starts[activity] + offsets, -1)
