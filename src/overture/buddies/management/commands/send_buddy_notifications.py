"""`overture manage send_buddy_notifications`: send the pair notifications not yet sent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from overture.buddies import services
from overture.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Send every buddy-pair notification that has not been sent (the mail backend failed, "
        "or the publishing stopped before sending). Sides already told are not told again. "
        "Exits with an error when some could still not be sent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site-url",
            required=True,
            metavar="URL",
            help="the site's address for the links in the emails, e.g. https://overture.example",
        )
        parser.add_argument("--organisation", metavar="SLUG", help="only this organisation")

    def handle(
        self, *args: Any, site_url: str, organisation: str | None = None, **options: Any
    ) -> None:
        organisations = Organisation.objects.order_by("name", "id")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation with the slug “{organisation}”.")
        failed = 0
        for org in organisations:
            delivery = services.send_notifications(org, site_url=site_url)
            failed += delivery.failed
            if delivery.sent or delivery.failed:
                self.stdout.write(
                    f"{org.name}: {delivery.sent:,} sent, {delivery.failed:,} not sent."
                )
        if failed:
            raise CommandError(
                f"{failed:,} notifications could not be sent; they are kept to send again."
            )
        self.stdout.write("Every notification has been sent.")
