from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "overture.audience"
    verbose_name = "Audience"

    def ready(self) -> None:
        from overture.season.signals import capacity_saved

        from .waiting_list import offer_after_capacity_saved

        capacity_saved.connect(offer_after_capacity_saved, dispatch_uid="audience.capacity_saved")
