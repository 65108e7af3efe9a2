from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SeasonConfig(AppConfig):
    name = "overture.season"
    verbose_name = gettext_lazy("Season and scores")
