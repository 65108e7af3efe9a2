from django.apps import AppConfig


class BuddiesConfig(AppConfig):
    name = "overture.buddies"
    verbose_name = "Buddies"
