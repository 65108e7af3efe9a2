"""Server time of one participant's “For you” page on a season of 10,000 activities.

    python benchmarks/for_you.py --participants 100000 --activities 10000

Generates the demo orchestra into a fresh SQLite database (or DATABASE_URL when set), then
times the page through Django's test client, cold (the season matrix cache emptied before
every request) and warm, and the staff coverage page over the whole audience. The named
peer is the Django admin's change list of the same activities, measured in the same run.

`--quick` times the same pages on a demo of 300 participants and 60 activities.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from measure import parse_args, peak_rss_mib, percentile, ratio, timed
from pages import setup_django, timed_requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parse_args(parser, None, quick={"participants": 300, "activities": 60, "repeat": 3})

    setup_django(args.database_url)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from overture.audience.models import Participant
    from overture.demo import delete_demo, generate
    from overture.season.matrix import build_season_matrix
    from overture.signposting import coverage

    call_command("migrate", verbosity=0)
    delete_demo()
    generation, season = timed(
        lambda: generate(participants=args.participants, activities=args.activities)
    )
    org = season.organisation
    print(
        f"generated {args.participants:,} participants, {args.activities:,} activities "
        f"in {generation:.1f} s ({os.environ['DATABASE_URL'].split(':')[0]})"
    )

    # A seasoned participant: assessed, with the most registrations.
    person = (
        Participant.objects.filter(organisation=org, assessed_at__isnull=False)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    newcomer = Participant.objects.get(organisation=org, user__username="sam")
    staff_login = next(login for login in season.logins if login.role == "Staff admin")
    admin_user = get_user_model().objects.create_superuser("bench-admin", "b@example.org", "x")
    member, first_timer, staff, superuser = Client(), Client(), Client(), Client()
    member.force_login(person.user)
    first_timer.force_login(newcomer.user)
    staff.force_login(get_user_model().objects.get(username=staff_login.username))
    superuser.force_login(admin_user)
    for_you_url = reverse("for_you", kwargs={"org": org.slug})
    coverage_url = reverse("staff_signposting", kwargs={"org": org.slug})

    matrix = build_season_matrix(org)
    upcoming = len(matrix.activities.upcoming(int(time.time())))
    print(
        f"season matrix: {len(matrix.activities):,} published activities not yet ended "
        f"({upcoming:,} upcoming with places), {matrix.activities.practice_count} practices"
    )
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    medians = {}

    def report(name: str, samples: list[float], queries: int) -> None:
        medians[name] = statistics.median(samples)
        print(f"{name:40} {medians[name]:10.1f} {percentile(samples, 0.95):8.1f} {queries:8}")

    report(
        "for you, cold (seasoned participant)",
        *timed_requests(
            lambda: member.get(for_you_url), max(5, args.repeat // 3), before=cache.clear
        ),
    )
    report(
        "for you, warm (seasoned participant)",
        *timed_requests(lambda: member.get(for_you_url), args.repeat),
    )
    report(
        "for you, warm (new participant)",
        *timed_requests(lambda: first_timer.get(for_you_url), args.repeat),
    )
    report(
        "peer: Django admin activity list",
        *timed_requests(lambda: superuser.get("/admin/season/activity/"), args.repeat),
    )
    peer = medians["peer: Django admin activity list"]
    warm = medians["for you, warm (seasoned participant)"]
    cold = medians["for you, cold (seasoned participant)"]
    print(f"for you (warm) / Django admin list: {ratio(warm, peer, 2)} the peer's time")
    print(f"for you (cold) / Django admin list: {ratio(cold, peer, 2)} the peer's time")

    computed, result = timed(lambda: coverage.COVERAGE.get(org, refresh=True))
    print(
        f"coverage of {result.total.participants:,} participants: {computed:.2f} s "
        f"({result.total.share:.1f}% covered); the page itself:"
    )
    report(
        "staff: signposting coverage (cached)", *timed_requests(lambda: staff.get(coverage_url), 10)
    )
    print(f"peak memory: {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
