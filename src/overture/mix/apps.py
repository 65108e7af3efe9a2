from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy


class MixConfig(AppConfig):
    name = "overture.mix"
    verbose_name = gettext_lazy("Audience mix")

    def ready(self) -> None:
        from overture.audience.signals import registration_cancelled
        from overture.organisations.models import Organisation

        from .defaults import give_new_organisation_default_rules
        from .services import leave_zonings

        post_save.connect(
            give_new_organisation_default_rules,
            sender=Organisation,
            dispatch_uid="mix.default_advice_rules",
        )
        registration_cancelled.connect(leave_zonings, dispatch_uid="mix.leave_zonings")
