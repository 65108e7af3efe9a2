from django.apps import AppConfig


class SeasonConfig(AppConfig):
    name = "overture.season"
    verbose_name = "Season and scores"
