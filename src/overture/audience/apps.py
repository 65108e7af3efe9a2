from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AudienceConfig(AppConfig):
    name = "overture.audience"
    verbose_name = gettext_lazy("Audience")
