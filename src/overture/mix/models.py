"""Advice rules staff can edit, and zoning runs with the zone each registrant was given."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from overture.audience.models import Registration
from overture.organisations.inputs import refuse_line_breaks
from overture.organisations.models import Organisation
from overture.season.models import Activity, Zone

ADVICE_LIMIT = 1000


class Variable(models.TextChoices):
    """The four variables of co-creation in collective consumption."""

    ROLE_RIGIDITY = "role_rigidity", gettext_lazy("Role rigidity")
    HETEROGENEITY_CONFLICT = "heterogeneity_conflict", gettext_lazy("Heterogeneity conflict")
    PARTICIPATION_ACCESS = "participation_access", gettext_lazy("Participation access")
    SIGNPOSTING = "signposting", gettext_lazy("Signposting")


class Comparison(models.TextChoices):
    AT_LEAST = ">=", gettext_lazy("is at least")
    AT_MOST = "<=", gettext_lazy("is at most")
    ABOVE = ">", gettext_lazy("is above")
    BELOW = "<", gettext_lazy("is below")


class AdviceRule(models.Model):
    """When the figures of an activity (or the season) meet its conditions, it advises.

    The advice is a plain text naming figures between braces, filled from the figures that
    triggered it, e.g. "{newcomer share} of registrants are new to {strict practice}".
    """

    class Scope(models.TextChoices):
        ACTIVITY = "activity", gettext_lazy("Each activity")
        SEASON = "season", gettext_lazy("The season")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="advice_rules"
    )
    name = models.CharField(
        max_length=120,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("A short name for staff."),
    )
    variable = models.CharField(max_length=30, choices=Variable.choices)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.ACTIVITY)
    when_figure = models.CharField(gettext_lazy("when"), max_length=40)
    when_comparison = models.CharField("", max_length=2, choices=Comparison.choices)
    when_value = models.FloatField("")
    and_figure = models.CharField(gettext_lazy("and when"), max_length=40, blank=True)
    and_comparison = models.CharField("", max_length=2, choices=Comparison.choices, blank=True)
    and_value = models.FloatField("", null=True, blank=True)
    advice = models.TextField(
        max_length=ADVICE_LIMIT,
        help_text=gettext_lazy(
            "What to do, with figures named in braces, e.g. {free buddies} or {newcomer share}."
        ),
    )
    weight = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=gettext_lazy("1–10: how much this advice matters when several apply."),
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scope", "variable", "-weight", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="advice_rule_name_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ZoningRun(models.Model):
    """One allocation of an activity's registrants to its zones, proposed or confirmed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("Proposed")
        CONFIRMED = "confirmed", gettext_lazy("Confirmed")
        SUPERSEDED = "superseded", gettext_lazy("Superseded")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="zoning_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registrants = models.PositiveIntegerField(default=0)
    seated = models.PositiveIntegerField(default=0)
    parties = models.PositiveIntegerField(
        default=0, help_text=gettext_lazy("Parties of two or more.")
    )
    preferences_stated = models.PositiveIntegerField(default=0)
    preferences_honoured = models.PositiveIntegerField(default=0)
    conflict_before = models.FloatField(
        help_text=gettext_lazy("Expected conflict with everyone in one room.")
    )
    conflict_after = models.FloatField(
        help_text=gettext_lazy("Expected conflict with these zones.")
    )
    zones = models.JSONField(
        default=list,
        help_text=gettext_lazy("Per zone: id, name, capacity, seated and expected conflict."),
    )
    unseated = models.JSONField(
        default=list, help_text=gettext_lazy("Registrations that found no room, with the reason.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["activity", "status"])]

    def __str__(self) -> str:
        return f"Zoning of {self.activity} ({self.get_status_display()})"


class ZoneAllocation(models.Model):
    """The zone a registration was given by a zoning run."""

    run = models.ForeignKey(ZoningRun, on_delete=models.CASCADE, related_name="allocations")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="zone_allocations"
    )
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="allocations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "registration"], name="one_zone_per_run")
        ]
        indexes = [models.Index(fields=["registration", "run"])]

    def __str__(self) -> str:
        return f"{self.registration} in {self.zone}"
