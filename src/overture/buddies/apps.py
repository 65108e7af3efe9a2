from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BuddiesConfig(AppConfig):
    name = "overture.buddies"
    verbose_name = gettext_lazy("Buddies")

    def ready(self) -> None:
        from overture.audience.signals import place_given_up

        from .services import end_buddy_help_at

        place_given_up.connect(end_buddy_help_at, dispatch_uid="buddies.end_buddy_help_at")
