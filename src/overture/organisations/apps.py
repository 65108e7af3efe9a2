from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OrganisationsConfig(AppConfig):
    name = "overture.organisations"
    verbose_name = gettext_lazy("Organisations")

    def ready(self) -> None:
        from . import converters

        converters.register()
