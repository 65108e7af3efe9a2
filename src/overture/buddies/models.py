"""The buddy programme: volunteers, newcomers' requests, proposed and published pairs, runs.

A pair is *live* while it is proposed (staff are reviewing it), published (both sides were
told) or accepted (both said yes). A request has at most one live pair; a declined, replaced
or cancelled pair stays as a record, so a decline is never forgotten when matching again.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.audience.models import Participant
from overture.organisations.inputs import refuse_line_breaks
from overture.organisations.models import Organisation
from overture.season.models import Activity, Practice

from .languages import DEFAULT, LANGUAGES, language_name, language_names
from .wording import stored_words

MAX_PER_ACTIVITY = 4
MAX_PER_SEASON = 30
DEFAULT_MEETING_POINT = "Box office, 30 minutes before the start"


def first_name(participant: Participant) -> str:
    """What the other side of a pair sees: the first word of the participant's name."""
    return (participant.display_name.split() or ["—"])[0]


class Buddy(models.Model):
    """A participant who volunteers to help newcomers along at the activities they attend."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="buddy")
    practices = models.ManyToManyField(
        Practice,
        related_name="buddies",
        help_text=gettext_lazy("Practices they can help newcomers with."),
    )
    languages = models.JSONField(
        default=list, help_text=gettext_lazy('Language codes, e.g. ["en", "pl"].')
    )
    activities = models.ManyToManyField(
        Activity,
        related_name="buddies",
        blank=True,
        help_text=gettext_lazy("Activities they will attend."),
    )
    per_activity = models.PositiveSmallIntegerField(
        gettext_lazy("Newcomers at one activity"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PER_ACTIVITY)],
    )
    per_season = models.PositiveSmallIntegerField(
        gettext_lazy("Newcomers over the season"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PER_SEASON)],
    )
    vetted = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Checked by staff: may accompany under-18s. Never set by the volunteer."
        ),
    )
    vetted_at = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("When vetting was recorded.")
    )
    vetted_on = models.DateField(
        null=True, blank=True, help_text=gettext_lazy("The date of the check.")
    )
    vetting_reference = models.CharField(
        max_length=200,
        blank=True,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy(
            "What the check was, e.g. a DBS certificate number or “met in person”."
        ),
    )
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("Empty: awaiting approval, not offered for matching."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=gettext_lazy(
            "Empty with a date: approved on volunteering, as no approval was needed."
        ),
    )
    active = models.BooleanField(default=True, help_text=gettext_lazy("Offered for matching."))
    stopped_at = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("When they last stopped.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Status(models.TextChoices):
        AWAITING = "awaiting", gettext_lazy("Awaiting approval")
        APPROVED = "approved", gettext_lazy("Approved")
        VETTED = "vetted", gettext_lazy("Vetted")
        STOPPED = "stopped", gettext_lazy("Stopped")

    class Meta:
        verbose_name_plural = gettext_lazy("buddies")
        constraints = [
            models.CheckConstraint(
                condition=Q(per_activity__gte=1) & Q(per_season__gte=models.F("per_activity")),
                name="buddy_capacity_makes_sense",
            )
        ]

    def __str__(self) -> str:
        return f"Buddy {self.participant}"

    @property
    def language_words(self) -> str:
        return language_names(self.languages)

    @property
    def status(self) -> str:
        """Where the volunteer stands: stopped, vetted, approved or awaiting approval."""
        if not self.active:
            return self.Status.STOPPED
        if self.vetted:
            return self.Status.VETTED
        return self.Status.AWAITING if self.approved_at is None else self.Status.APPROVED

    @property
    def status_words(self) -> str:
        return self.Status(self.status).label


class BuddyProgramme(models.Model):
    """How an organisation runs its buddy programme: whether staff approve volunteers first."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="buddy_programme"
    )
    approval_needed = models.BooleanField(
        default=True,
        help_text=gettext_lazy("New volunteers wait for staff approval before they are matched."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Buddy programme of {self.organisation}"


class BuddyRequest(models.Model):
    """A newcomer or novice asking for a buddy at one activity, or for the whole season."""

    class Status(models.TextChoices):
        ACTIVE = "active", gettext_lazy("Active")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="buddy_requests"
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="buddy_requests",
        help_text=gettext_lazy("Empty: a buddy for the whole season."),
    )
    practices = models.ManyToManyField(Practice, related_name="buddy_requests")
    language = models.CharField(max_length=8, choices=LANGUAGES, default=DEFAULT)
    minor = models.BooleanField(gettext_lazy("Under 18"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    unmatched_code = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "Why the last matching found no buddy, as a code with its parameters."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "activity"],
                condition=Q(status="active"),
                name="one_active_request_per_activity",
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status="active", activity__isnull=True),
                name="one_active_season_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} asks for a buddy at {self.scope_words}"

    @property
    def scope_words(self) -> str:
        return self.activity.title if self.activity_id else _("the whole season")

    @property
    def language_words(self) -> str:
        return language_name(self.language)

    @property
    def unmatched_reason(self) -> str:
        """Why the last matching found no buddy, in words ("" when it did not say)."""
        return stored_words(self.unmatched_code) if self.unmatched_code else ""


class MatchingRun(models.Model):
    """One matching of open requests to buddies, for one activity or the whole season."""

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Waiting to start")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    class Kind(models.TextChoices):
        STAFF = "staff", gettext_lazy("Run by staff")
        REMATCH = "rematch", gettext_lazy("After a decline")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="matching_runs"
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matching_runs",
        help_text=gettext_lazy("Empty: every open request of the season."),
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STAFF)
    meeting_point = models.CharField(
        max_length=200,
        default=DEFAULT_MEETING_POINT,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy(
            "Where pairs meet, e.g. “Foyer, by the cloakroom, 30 minutes before”."
        ),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text=gettext_lazy("Percent done.")
    )
    step = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("What it is doing now.")
    )
    requests = models.PositiveIntegerField(
        default=0, help_text=gettext_lazy("Requests it tried to match.")
    )
    matched = models.PositiveIntegerField(default=0)
    mean_level_gap = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Matching for {self.scope_words} ({self.get_status_display()})"

    @property
    def scope_words(self) -> str:
        return self.activity.title if self.activity_id else _("the whole season")

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def matched_share(self) -> float:
        """Percent of the requests it tried to match that got a buddy."""
        return 100 * self.matched / self.requests if self.requests else 0.0


class BuddyPair(models.Model):
    """A buddy paired with a request: proposed by matching, then published, then answered."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("Proposed")
        PUBLISHED = "published", gettext_lazy("Published")
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        DECLINED = "declined", gettext_lazy("Declined")
        REPLACED = "replaced", gettext_lazy("Replaced")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    class Answer(models.TextChoices):
        PENDING = "pending", gettext_lazy("Not answered yet")
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        DECLINED = "declined", gettext_lazy("Declined")

    LIVE = (Status.PROPOSED, Status.PUBLISHED, Status.ACCEPTED)
    # Kept as they are when matching again: answered, told, or chosen by staff.
    COMMITTED = (Status.PUBLISHED, Status.ACCEPTED)

    request = models.ForeignKey(BuddyRequest, on_delete=models.CASCADE, related_name="pairs")
    buddy = models.ForeignKey(Buddy, on_delete=models.CASCADE, related_name="pairs")
    run = models.ForeignKey(
        MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    locked = models.BooleanField(
        default=False, help_text=gettext_lazy("Kept as it is when matching runs again.")
    )
    reason_codes = models.JSONField(
        default=list, help_text=gettext_lazy("Why this buddy, as codes with their parameters.")
    )
    cost = models.IntegerField(default=0)
    level_gap = models.FloatField(
        default=0.0,
        help_text=gettext_lazy(
            "Mean levels the buddy is above the newcomer, over their practices."
        ),
    )
    meeting_activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buddy_pairs",
        help_text=gettext_lazy("Where they meet: the request's activity, or one both attend."),
    )
    meeting_point = models.CharField(max_length=200, blank=True, validators=[refuse_line_breaks])
    newcomer_answer = models.CharField(
        max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    buddy_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    newcomer_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    buddy_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    newcomer_left_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy("When the newcomer gave up their place, which ended the pair."),
    )
    buddy_told_left_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy("When the buddy was told they no longer need to meet the newcomer."),
    )
    notify_failed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy("When sending a notification last failed."),
    )
    notify_error = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        help_text=gettext_lazy("Why it failed, for staff."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "published", "accepted"]),
                name="one_live_pair_per_request",
            )
        ]
        indexes = [models.Index(fields=["buddy", "status"])]

    def __str__(self) -> str:
        return f"{self.buddy.participant} with {self.request.participant} ({self.status})"

    @property
    def reasons(self) -> list[str]:
        """Why this buddy, in words, in order."""
        return [stored_words(reason) for reason in self.reason_codes]

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


MAX_MESSAGE = 1000


class BuddyMessage(models.Model):
    """A short message between the two sides of a published pair, sent through the site so
    that neither sees the other's email address; the other side is told by email."""

    pair = models.ForeignKey(BuddyPair, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=MAX_MESSAGE)
    sent_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy("When the other side was emailed."),
    )
    notify_failed_at = models.DateTimeField(null=True, blank=True, editable=False)
    notify_error = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["pair", "sent_at"])]

    def __str__(self) -> str:
        return f"Message from {self.sender} ({self.sent_at:%d/%m/%Y %H:%M})"


def side_of(pair: BuddyPair, participant: Participant) -> str | None:
    """ "newcomer" or "buddy": which side of the pair the participant is, if any."""
    if pair.request.participant_id == participant.pk:
        return "newcomer"
    if pair.buddy.participant_id == participant.pk:
        return "buddy"
    return None
