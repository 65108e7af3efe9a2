"""`overture manage code_answers`: suggest codes for every open answer not coded yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from overture.insight import coding
from overture.organisations.models import Organisation

BATCH = 1_000


class Command(BaseCommand):
    help = (
        "Suggest codes (practices, value dimensions, the four variables) for every open survey "
        "answer that has none yet, with each organisation's current coder. Answers already "
        "coded or reviewed are left alone: running it again only codes what is new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", metavar="SLUG", help="only this organisation")

    def handle(self, *args: Any, organisation: str | None = None, **options: Any) -> None:
        organisations = Organisation.objects.order_by("name", "id")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation with the slug “{organisation}”.")
        total = 0
        for org in organisations:
            pending = coding.uncoded_responses(org)
            count = pending.count()
            if not count:
                self.stdout.write(f"{org.name}: nothing to code.")
                continue
            self.stdout.write(f"{org.name}: coding {count:,} responses…")
            done = coded = last = 0
            while True:
                # A cursor on the id: an answer the coder finds no code for stays uncoded.
                batch = list(pending.filter(pk__gt=last).order_by("pk")[:BATCH])
                if not batch:
                    break
                last = batch[-1].pk
                coded += coding.code_responses(batch)
                done += len(batch)
                self.stdout.write(f"  [{done:,}/{count:,}] responses, {coded:,} answers coded")
            total += coded
        self.stdout.write(self.style.SUCCESS(f"Done: {total:,} answers coded."))
