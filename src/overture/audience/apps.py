from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AudienceConfig(AppConfig):
    name = "overture.audience"
    verbose_name = gettext_lazy("Audience")

    def ready(self) -> None:
        from overture.season.signals import capacity_saved

        from .waiting_list import offer_after_capacity_saved

        capacity_saved.connect(offer_after_capacity_saved, dispatch_uid="audience.capacity_saved")
