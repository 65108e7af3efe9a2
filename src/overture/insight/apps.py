from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy


class InsightConfig(AppConfig):
    name = "overture.insight"
    verbose_name = gettext_lazy("Value and insight")

    def ready(self) -> None:
        from overture.organisations.models import Organisation

        from .defaults import give_default_dimensions

        post_save.connect(
            give_default_dimensions, sender=Organisation, dispatch_uid="insight_default_dimensions"
        )
