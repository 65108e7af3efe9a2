"""`overture manage expire_waiting_list_offers`: pass overdue waiting-list offers on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from overture.audience import waiting_list


class Command(BaseCommand):
    help = (
        "Expire every waiting-list offer whose hold has ended and offer its places to the next "
        "people in line, by email. Pages do this too whenever a waiting list is shown; run this "
        "from cron so that offers move on when nobody looks. Safe to run again at any time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site-url",
            default="",
            help="address of the site for the links in the emails "
            "(default: the OVERTURE_SITE_URL setting)",
        )

    def handle(self, *args: Any, site_url: str = "", **options: Any) -> None:
        expired, offered = waiting_list.expire_overdue_offers(site_url)
        where = site_url or settings.OVERTURE_SITE_URL
        self.stdout.write(
            self.style.SUCCESS(
                f"{expired:,} offer{'s' if expired != 1 else ''} expired; "
                f"{offered:,} new offer{'s' if offered != 1 else ''} emailed with links to {where}."
            )
        )
