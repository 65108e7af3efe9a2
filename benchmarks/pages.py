"""Server time of the season and activity pages on a large demo season.

    python benchmarks/pages.py --participants 100000 --activities 500

Generates the demo orchestra into a fresh SQLite database (or DATABASE_URL when set),
then times each page through Django's test client: the whole request inside the server
(middleware, queries, template), no network. The named peer is the Django admin's
change list of the same activities, measured in the same run.

`--quick` times every page on a demo of 300 participants and 30 activities, 3 requests each.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from measure import parse_args, peak_rss_mib, percentile, ratio, timed


def setup_django(database_url: str | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="overture-bench-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
    os.environ.setdefault("OVERTURE_DATA_DIR", str(workdir))
    (workdir / "static").mkdir(exist_ok=True)
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "overture.config.settings"
    import django

    django.setup()


def timed_requests(
    get: Callable[[], object], repeat: int, *, before: Callable[[], object] | None = None
) -> tuple[list[float], int]:
    """Milliseconds per call, and the number of queries of one call.

    Without `before` the calls are warm (three warm-up calls first); with it, `before` runs
    ahead of every call, e.g. to empty a cache for cold timings.
    """
    from django.db import connection

    if before is None:
        for _ in range(3):
            get()
    prepare = before or (lambda: None)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    prepare()
    with connection.execute_wrapper(count):
        response = get()
    assert response.status_code == 200, response.status_code
    samples = []
    for _ in range(repeat):
        prepare()
        samples.append(timed(get)[0] * 1000)
    return samples, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parse_args(parser, None, quick={"participants": 300, "activities": 30, "repeat": 3})

    setup_django(args.database_url)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from overture.audience.models import Registration
    from overture.demo import delete_demo, generate
    from overture.season.models import Activity, Format

    call_command("migrate", verbosity=0)
    delete_demo()
    generation, season = timed(
        lambda: generate(participants=args.participants, activities=args.activities)
    )
    org = season.organisation
    print(
        f"generated {args.participants:,} participants, {args.activities} activities "
        f"in {generation:.1f} s ({os.environ['DATABASE_URL'].split(':')[0]})"
    )

    busiest = (
        Activity.objects.published()
        .upcoming()
        .filter(organisation=org)
        .annotate(n=Count("requirements"))
        .order_by("-places_taken", "-n")
        .first()
    )
    regular = (
        Registration.objects.filter(activity__organisation=org, status="confirmed")
        .values("participant_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    from overture.audience.models import Participant

    person = Participant.objects.get(pk=regular["participant_id"])
    practice = busiest.requirements.first().practice
    staff_user = next(login for login in season.logins if login.role == "Staff admin")
    admin_user = get_user_model().objects.create_superuser("bench-admin", "b@example.org", "x")

    anonymous, member, staff, superuser = Client(), Client(), Client(), Client()
    member.force_login(person.user)
    staff.force_login(get_user_model().objects.get(username=staff_user.username))
    superuser.force_login(admin_user)
    season_url = reverse("season", kwargs={"org": org.slug})
    activity_url = reverse("activity", kwargs={"org": org.slug, "pk": busiest.pk})
    pages = {
        "season, page 1 (anonymous)": lambda: anonymous.get(season_url),
        "season, page 1 (participant)": lambda: member.get(season_url),
        "season, page 3": lambda: anonymous.get(season_url, {"page": 3}),
        "season, by format": lambda: anonymous.get(season_url, {"format": Format.SYMPHONY_CONCERT}),
        "season, by practice": lambda: anonymous.get(season_url, {"practice": practice.pk}),
        "season, free and step-free": lambda: anonymous.get(
            season_url, {"free": "on", "access": "step_free"}
        ),
        "activity (anonymous)": lambda: anonymous.get(activity_url),
        "activity (participant)": lambda: member.get(activity_url),
        "my activities": lambda: member.get(reverse("my_activities", kwargs={"org": org.slug})),
        "staff: registrations + level mix": lambda: staff.get(
            reverse("staff_activity_registrations", kwargs={"org": org.slug, "pk": busiest.pk})
        ),
        "peer: Django admin activity list": lambda: superuser.get("/admin/season/activity/"),
    }
    print(f"busiest activity: {busiest.places_taken:,} registrants, {busiest.n} practices")
    print(f"{'page':36} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    medians = {}
    for name, get in pages.items():
        samples, queries = timed_requests(get, args.repeat)
        medians[name] = statistics.median(samples)
        print(f"{name:36} {medians[name]:10.1f} {percentile(samples, 0.95):8.1f} {queries:8}")
    peer = medians["peer: Django admin activity list"]
    ours = medians["season, page 1 (anonymous)"]
    print(f"season page / Django admin list: {ratio(ours, peer, 2)} the peer's time")
    print(f"peak memory: {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
