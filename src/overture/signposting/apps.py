from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SignpostingConfig(AppConfig):
    name = "overture.signposting"
    verbose_name = gettext_lazy("Signposting")
