"""`overture manage record_attendance`: count ended activities towards observed levels."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from overture.audience import selectors, services
from overture.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Count every confirmed place at an ended activity as attended and move the "
        "participants' observed levels by the social-learning rule. Each registration counts "
        "once: running it again only records what is new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", metavar="SLUG", help="only this organisation's activities"
        )

    def handle(self, *args: Any, organisation: str | None = None, **options: Any) -> None:
        org = None
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"No organisation with the slug “{organisation}”.")
        activities = list(selectors.activities_awaiting_attendance(org))
        if not activities:
            self.stdout.write("Nothing to record: attendance at every ended activity is counted.")
            return
        total = len(activities)
        self.stdout.write(f"Recording attendance at {total:,} ended activities…")
        counted = raised = 0
        for number, activity in enumerate(activities, start=1):
            ended = timezone.localtime(activity.ends_at).strftime("%d %b %Y")
            try:
                record = services.record_attendance(activity)
            except services.AttendanceRefused as refusal:
                self.stderr.write(f"[{number}/{total}] {activity.title} ({ended}): {refusal}")
                continue
            counted += record.registrations
            raised += record.levels_raised
            self.stdout.write(
                f"[{number}/{total}] {activity.title} ({ended}): "
                f"{record.registrations:,} places counted, {record.levels_raised:,} levels raised"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {counted:,} places at {total:,} activities counted, "
                f"{raised:,} observed levels raised."
            )
        )
