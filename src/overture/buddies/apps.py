from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BuddiesConfig(AppConfig):
    name = "overture.buddies"
    verbose_name = gettext_lazy("Buddies")
