"""Matching runs: the run row, its progress, and the background thread for large runs.

A run for one activity matches that activity's open requests. A run for the whole season
goes through every upcoming activity with open requests, soonest first, then the requests
for the whole season — one step each (`save.match_step`). Runs with many requests work in a
thread, updating `progress` as they go.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overture.buddies import selectors
from overture.buddies.exceptions import BuddyRefused
from overture.buddies.models import DEFAULT_MEETING_POINT, MatchingRun
from overture.organisations.models import Organisation
from overture.season.models import Activity

from .fetch import SEASON, scope_requests
from .save import match_step

logger = logging.getLogger("overture.buddies.matching")

# Runs with more requests than this work in a background thread; smaller ones at once.
BACKGROUND_FROM = 150
# A run that has not reported progress for this long is taken to have stopped.
STALE_AFTER = timedelta(minutes=10)


def _steps(run: MatchingRun) -> list[int | None]:
    if run.activity_id:
        return [run.activity_id]
    activities = list(
        selectors.activities_with_requests(run.organisation).values_list("pk", flat=True)
    )
    season = scope_requests(run.organisation, SEASON).exists()
    return activities + ([SEASON] if season else [])


def _report(run: MatchingRun, **fields) -> None:
    """Write progress straight away (outside any step), so the staff page sees it."""
    fields["updated_at"] = timezone.now()
    MatchingRun.objects.filter(pk=run.pk).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def execute_run(run_id: int) -> MatchingRun:
    """Work through a run's steps, reporting progress; a failure is recorded on the run."""
    run = MatchingRun.objects.select_related("organisation", "activity").get(pk=run_id)
    _report(run, status=MatchingRun.Status.RUNNING, progress=1, step="Reading the requests")
    try:
        steps = _steps(run)
        titles = dict(
            Activity.objects.filter(pk__in=[s for s in steps if s]).values_list("pk", "title")
        )
        requested, pairs = 0, []
        for number, activity_id in enumerate(steps, start=1):
            name = titles.get(activity_id, "requests for the whole season")
            _report(run, step=f"Matching {name} ({number} of {len(steps)})")
            done = match_step(run, activity_id)
            requested += done.requests
            pairs += done.pairs
            _report(run, progress=max(1, min(99, round(100 * number / len(steps)))))
        gaps = [p.level_gap for p in pairs]
        _report(
            run,
            status=MatchingRun.Status.DONE,
            progress=100,
            step="Done",
            requests=requested,
            matched=len(pairs),
            mean_level_gap=float(np.mean(gaps)) if gaps else None,
            finished_at=timezone.now(),
        )
    except Exception as error:  # recorded for staff; the page shows it instead of spinning
        logger.exception("Buddy matching run %s failed", run.pk)
        _report(
            run,
            status=MatchingRun.Status.FAILED,
            step="Stopped",
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
    return run


def _work_in_background(run_id: int) -> None:
    try:
        execute_run(run_id)
    finally:
        connection.close()


def requests_in_scope(organisation: Organisation, activity: Activity | None) -> int:
    requests = selectors.open_requests(organisation)
    if activity is not None:
        requests = requests.filter(activity=activity)
    return requests.count()


@transaction.atomic
def start_matching(
    organisation: Organisation,
    *,
    activity: Activity | None = None,
    meeting_point: str = DEFAULT_MEETING_POINT,
    started_by=None,
    background: bool | None = None,
) -> MatchingRun:
    """Queue a matching run for one activity or the whole season, and start it on commit.

    Runs with more than BACKGROUND_FROM requests (or `background=True`) work in a thread;
    the others run as soon as this transaction commits, before the caller goes on. Only one
    run per organisation works at a time.
    """
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values("pk"))
    working = MatchingRun.objects.filter(
        organisation=organisation,
        status__in=(MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING),
    )
    stale = timezone.now() - STALE_AFTER
    working.filter(updated_at__lt=stale).update(
        status=MatchingRun.Status.FAILED,
        error="Stopped reporting progress; start it again.",
        finished_at=timezone.now(),
    )
    if working.exists():
        raise BuddyRefused(_("Matching is already running: wait for it to finish."))
    size = requests_in_scope(organisation, activity)
    run = MatchingRun.objects.create(
        organisation=organisation,
        activity=activity,
        meeting_point=meeting_point.strip() or DEFAULT_MEETING_POINT,
        started_by=started_by,
        requests=size,
    )
    if background is None:
        background = size > BACKGROUND_FROM
    if background:
        transaction.on_commit(lambda: start_worker(run.pk))
    else:
        transaction.on_commit(lambda: execute_run(run.pk))
    return run


def start_worker(run_id: int) -> threading.Thread:
    """Run in a daemon thread, which opens (and at the end closes) its own connection."""
    worker = threading.Thread(
        target=_work_in_background, args=(run_id,), name=f"buddy-run-{run_id}", daemon=True
    )
    worker.start()
    return worker
