"""The people who take part: participants, their competences and registrations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from overture.organisations.inputs import refuse_line_breaks
from overture.organisations.models import Organisation
from overture.season.models import Activity, Level, Practice

ACCESSIBILITY_NEEDS_LIMIT = 2000


class Participant(models.Model):
    """A person who takes part in an organisation's activities."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participants"
    )
    display_name = models.CharField(max_length=120, validators=[refuse_line_breaks])
    consent_contact = models.BooleanField(
        gettext_lazy("May contact me"),
        default=False,
        help_text=gettext_lazy("News about activities that fit you."),
    )
    consent_research = models.BooleanField(
        gettext_lazy("May use my answers for research"),
        default=False,
        help_text=gettext_lazy("Anonymised, to improve experiences for everyone."),
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    accessibility_needs = models.TextField(blank=True, max_length=ACCESSIBILITY_NEEDS_LIMIT)
    assessed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("When the self-assessment was last completed."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_participant_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.display_name


class Competence(models.Model):
    """A participant's level in one practice, as they said it or as it was observed."""

    class Source(models.TextChoices):
        SELF = "self", gettext_lazy("Self-assessed")
        OBSERVED = "observed", gettext_lazy("Observed")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="competences"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="competences")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    confidence = models.FloatField(
        default=0.5, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SELF)
    assessed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "practice", "source"], name="one_competence_per_source"
            )
        ]
        indexes = [models.Index(fields=["practice", "level"])]

    def __str__(self) -> str:
        return f"{self.participant}: {self.practice} — {self.get_level_display()}"


class NormsPreference(models.IntegerChoices):
    """How a participant likes to experience an activity (see overture.engines.mix.conflict)."""

    NONE = 0, gettext_lazy("No preference")
    RELAXED = 1, gettext_lazy("Relaxed: moving and talking welcome")
    TRADITIONAL = 2, gettext_lazy("Quiet and traditional")


class Registration(models.Model):
    """A participant's place at an activity."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", gettext_lazy("Confirmed")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="registrations"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    places = models.PositiveSmallIntegerField(
        default=1,
        db_default=1,
        validators=[MinValueValidator(1)],
        help_text=gettext_lazy(
            "Places booked under this registration: the participant and their party."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    learning_recorded_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy(
            "When taking part was counted towards the participant's observed levels."
        ),
    )
    norms_preference = models.PositiveSmallIntegerField(
        gettext_lazy("how they like it"),
        choices=NormsPreference.choices,
        default=NormsPreference.NONE,
        db_default=NormsPreference.NONE,
    )
    zone_preference = models.ForeignKey(
        "season.Zone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preferred_by",
        help_text=gettext_lazy("The zone the participant asked for, if any."),
    )
    party = models.CharField(
        max_length=12,
        blank=True,
        default="",
        db_default="",
        help_text=gettext_lazy(
            "Party code: registrations with the same code at an activity sit together."
        ),
    )
    checked_in_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy("When staff let the party in at the door."),
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=gettext_lazy("The member of staff who checked the party in."),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "activity"], name="one_registration_per_pair"
            )
        ]
        indexes = [
            models.Index(fields=["activity", "status"]),
            models.Index(fields=["activity", "party"], name="registration_activity_party"),
            models.Index(fields=["activity", "checked_in_at"], name="registration_check_in"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.activity} ({self.get_status_display()})"


class WaitingListEntry(models.Model):
    """A participant waiting for places at a full activity, in order of joining."""

    class Status(models.TextChoices):
        WAITING = "waiting", gettext_lazy("Waiting")
        OFFERED = "offered", gettext_lazy("Offered a place")
        ACCEPTED = "accepted", gettext_lazy("Took the place")
        DECLINED = "declined", gettext_lazy("Declined")
        EXPIRED = "expired", gettext_lazy("Offer expired")
        LEFT = "left", gettext_lazy("Left the list")

    LIVE = (Status.WAITING, Status.OFFERED)

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    places = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    joined_at = models.DateTimeField(auto_now_add=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    offer_email_failed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name_plural = gettext_lazy("waiting list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "activity"],
                condition=models.Q(status__in=["waiting", "offered"]),
                name="one_live_waiting_entry_per_pair",
            )
        ]
        indexes = [models.Index(fields=["activity", "status", "joined_at"])]

    def __str__(self) -> str:
        return f"{self.participant} waiting for {self.activity} ({self.get_status_display()})"
