"""Time the demo generator at scale, on a throwaway SQLite database.

    python benchmarks/demo_generation.py --participants 100000 --activities 500

Prints the time of each phase, the total, rows written per second and the peak resident
memory of the process. `--delete` also times removing the demo again (what `--reset` does).

The named peer is Django's own `bulk_create`: the competences written by the generator are
read back, deleted and written again through `Competence.objects.bulk_create` in the same
run, and the two insert rates are compared.

`--quick` generates 300 participants and 20 activities, and deletes them again, in a few
seconds.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from datetime import date
from pathlib import Path

from measure import parse_args, peak_rss_mib, ratio, timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    parser.add_argument("--delete", action="store_true", help="also time deleting the demo")
    args = parse_args(parser, argv, quick={"participants": 300, "activities": 20, "delete": True})
    with tempfile.TemporaryDirectory(prefix="overture-benchmark-") as folder:
        return run(args, Path(folder))


def run(args: argparse.Namespace, folder: Path) -> int:
    database = folder / "benchmark.sqlite3"
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        OVERTURE_DATA_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="overture.config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from overture.demo import delete_demo, generate

    migrate_seconds, _ = timed(lambda: call_command("migrate", interactive=False, verbosity=0))
    print(f"migrate          {migrate_seconds:7.2f} s   (not counted below)")

    def report(phase) -> None:
        rate = f"{phase.rows / phase.seconds:>11,.0f} rows/s" if phase.rows else " " * 18
        line = f"{phase.name:<16} {phase.seconds:7.2f} s {phase.rows:>11,} rows {rate}"
        print(f"{line}   {phase.detail}")

    season = generate(
        seed=args.seed,
        participants=args.participants,
        activities=args.activities,
        today=args.today,
        on_phase=report,
    )
    print(
        f"{'total':<16} {season.seconds:7.2f} s {season.rows:>11,} rows "
        f"{season.rows / season.seconds:>11,.0f} rows/s"
    )
    print(f"database size    {database.stat().st_size / 2**20:7.1f} MiB")
    ours = next(phase for phase in season.phases if phase.name == "competences")
    peer_rate = bulk_create_rate()
    print(
        f"peer: Django bulk_create of the same competences {peer_rate:,.0f} rows/s; "
        f"the generator writes {ratio(ours.rows / ours.seconds, peer_rate)} as fast"
    )
    if args.delete:
        delete_seconds, _ = timed(delete_demo)
        print(f"delete           {delete_seconds:7.2f} s")
    connections.close_all()
    print(f"peak memory      {peak_rss_mib():7.1f} MiB (resident)")
    return 0


def bulk_create_rate() -> float:
    """Rows per second for rewriting every competence through Django's bulk_create."""
    from django.db import transaction

    from overture.audience.models import Competence

    rows = list(Competence.objects.all())
    with transaction.atomic():
        Competence.objects.all().delete()
        seconds, _ = timed(lambda: Competence.objects.bulk_create(rows, batch_size=5000))
    return len(rows) / seconds


if __name__ == "__main__":
    sys.exit(main())
