from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "overture.audience"
    verbose_name = "Audience"
