from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "overture.organisations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from . import converters

        converters.register()
