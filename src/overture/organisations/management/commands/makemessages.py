"""`makemessages` over the overture package only, into src/overture/locale."""

from django.core.management.commands import makemessages

from overture.organisations.management.catalogues import in_package


class Command(makemessages.Command):
    def handle(self, *args, **options):
        return in_package(super().handle, *args, **options)
