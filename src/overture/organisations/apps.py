from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "overture.organisations"
    verbose_name = "Organisations"
