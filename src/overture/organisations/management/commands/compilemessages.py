"""`compilemessages` for the overture package's catalogues only."""

from django.core.management.commands import compilemessages

from overture.organisations.management.catalogues import in_package


class Command(compilemessages.Command):
    def handle(self, *args, **options):
        return in_package(super().handle, *args, **options)
