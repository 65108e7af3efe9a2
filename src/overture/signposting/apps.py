from django.apps import AppConfig


class SignpostingConfig(AppConfig):
    name = "overture.signposting"
    verbose_name = "Signposting"
