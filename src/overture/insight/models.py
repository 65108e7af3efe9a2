"""Value-experience surveys, their responses, and the codes given to open answers."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from overture.audience.models import Participant
from overture.organisations.inputs import refuse_line_breaks
from overture.organisations.models import Organisation
from overture.season.models import Activity

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
OPEN_TEXT_LIMIT = 2000
CONSENT_TEXT_LIMIT = 2000


def new_survey_token() -> str:
    return secrets.token_urlsafe(12)


class ValueDimension(models.Model):
    """One value experience, asked as a short statement on a 1–5 agreement scale."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="value_dimensions"
    )
    key = models.SlugField(max_length=60, help_text=gettext_lazy("e.g. feeling-welcome"))
    label = models.CharField(
        max_length=80,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("e.g. Feeling welcome"),
    )
    statement = models.CharField(
        max_length=200,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("What people agree or disagree with, e.g. “I felt welcome.”"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="value_dimension_key")
        ]

    def __str__(self) -> str:
        return self.label


class Theme(models.Model):
    """An everyday practical theme people write about (price, seats, queues), in the code book."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(max_length=60, help_text=gettext_lazy("e.g. seating-and-view"))
    label = models.CharField(
        max_length=80,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("e.g. Seating and view"),
    )
    seed_words = models.CharField(
        max_length=400,
        blank=True,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy(
            "Words people use for it, separated by commas, e.g. parking, last train."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="theme_key")]

    def __str__(self) -> str:
        return self.label

    @property
    def code(self) -> str:
        """Its key in the code book, e.g. "theme:seating-and-view"."""
        return f"theme:{self.key}"

    @property
    def seeds(self) -> list[str]:
        return [word.strip().lower() for word in self.seed_words.split(",") if word.strip()]


class Survey(models.Model):
    """The value-experience survey of one activity: after it, or before it."""

    class Moment(models.TextChoices):
        AFTER = "after", gettext_lazy("After the activity")
        BEFORE = "before", gettext_lazy("Before the activity")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="surveys")
    moment = models.CharField(max_length=6, choices=Moment.choices, default=Moment.AFTER)
    token = models.CharField(max_length=32, unique=True, default=new_survey_token, editable=False)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    allow_anonymous = models.BooleanField(
        default=True,
        help_text=gettext_lazy("People may answer without giving their name or logging in."),
    )
    consent_text = models.TextField(
        max_length=CONSENT_TEXT_LIMIT,
        default="Your answers help us make our activities better for everyone. We report them "
        "only in groups, never with your name. You can answer anonymously.",
    )
    statements = models.ManyToManyField(
        ValueDimension,
        blank=True,
        related_name="+",
        help_text=gettext_lazy("The value statements asked; none chosen means every active one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "moment"], name="one_survey_per_moment"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_moment_display()}: {self.activity}"


class SurveyResponse(models.Model):
    """One person's answers to one survey; a submission token makes sending twice harmless."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        help_text=gettext_lazy("Empty for anonymous answers."),
    )
    respondent = models.CharField(
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text=gettext_lazy(
            "A keyed hash of who answered, kept even for anonymous answers so that each "
            "person answers once; it does not reveal who it is. Empty for visitors not logged in."
        ),
    )
    submission_token = models.CharField(max_length=64, unique=True)
    level = models.SmallIntegerField(
        default=-1,
        help_text=gettext_lazy("Level in the activity's key practice when answering; -1 unknown."),
    )
    first_time = models.BooleanField(
        null=True,
        blank=True,
        help_text=gettext_lazy("First activity with the organisation (None: unknown)."),
    )
    worthwhile = models.TextField(
        gettext_lazy("What made it worthwhile?"), blank=True, max_length=OPEN_TEXT_LIMIT
    )
    in_the_way = models.TextField(
        gettext_lazy("What got in the way?"), blank=True, max_length=OPEN_TEXT_LIMIT
    )
    consented = models.BooleanField(default=False)
    may_quote = models.BooleanField(
        gettext_lazy("may quote their words"),
        default=False,
        db_default=False,
        help_text=gettext_lazy(
            "The person agreed that what they wrote may be quoted, without their name."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "participant"],
                condition=Q(participant__isnull=False),
                name="one_response_per_participant",
            ),
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=~Q(respondent=""),
                name="one_response_per_respondent",
            ),
        ]
        indexes = [models.Index(fields=["survey", "created_at"])]

    def __str__(self) -> str:
        return f"Response to {self.survey}"


class Answer(models.Model):
    """A score from 1 (disagree strongly) to 5 (agree strongly) on one value dimension."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    dimension = models.ForeignKey(ValueDimension, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "dimension"], name="one_answer_per_dimension"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="answer_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"


class TextCode(models.Model):
    """A code (practice, value dimension or variable) given to one open answer."""

    class Field(models.TextChoices):
        WORTHWHILE = "worthwhile", gettext_lazy("What made it worthwhile")
        IN_THE_WAY = "in_the_way", gettext_lazy("What got in the way")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", gettext_lazy("Suggested by the model")
        ACCEPTED = "accepted", gettext_lazy("Accepted by staff")
        REJECTED = "rejected", gettext_lazy("Rejected by staff")
        ADDED = "added", gettext_lazy("Added by staff")

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="codes")
    field = models.CharField(max_length=12, choices=Field.choices)
    code = models.CharField(
        max_length=80, help_text=gettext_lazy("e.g. variable:heterogeneity-conflict")
    )
    confidence = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "field", "code"], name="one_code_per_answer_field"
            )
        ]
        indexes = [models.Index(fields=["status", "code"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"


class CodingModel(models.Model):
    """A trained open-text coder of one organisation, with its agreement with staff."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="coding_models"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    trained_on = models.PositiveIntegerField(
        default=0, help_text=gettext_lazy("Reviewed answers used.")
    )
    held_out = models.PositiveIntegerField(default=0)
    kappa = models.FloatField(
        null=True, blank=True, help_text=gettext_lazy("Mean Cohen's kappa, held out.")
    )
    seeds_kappa = models.FloatField(null=True, blank=True)
    data = models.BinaryField(help_text=gettext_lazy("The trained model, signed."))

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Coder of {self.organisation} ({self.created_at:%d %b %Y %H:%M})"


QUESTION_TEXT_LIMIT = 200
SHORT_ANSWER_LIMIT = 300


class SurveyQuestion(models.Model):
    """A question of the organisation's own in one survey: a choice, a 1–5 scale or short text."""

    class Kind(models.TextChoices):
        CHOICE = "choice", gettext_lazy("Choice (one answer from a list)")
        SCALE = "scale", gettext_lazy("Scale from 1 to 5")
        TEXT = (
            "text",
            format_lazy(
                gettext_lazy("Short text (up to {limit} characters)"), limit=SHORT_ANSWER_LIMIT
            ),
        )

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    text = models.CharField(
        max_length=QUESTION_TEXT_LIMIT,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("e.g. Your age band"),
    )
    options = models.TextField(
        blank=True, max_length=2000, help_text=gettext_lazy("For a choice: one option a line.")
    )
    low_label = models.CharField(
        max_length=60,
        blank=True,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("e.g. Not at all"),
    )
    high_label = models.CharField(
        max_length=60,
        blank=True,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("e.g. Very much"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def choices(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class QuestionAnswer(models.Model):
    """One person's answer to one of the organisation's own questions, kept as text."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="question_answers"
    )
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(max_length=SHORT_ANSWER_LIMIT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"
