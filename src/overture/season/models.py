"""Practices with their scores, activities with the practices they involve, and zones."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.engines.signposting.labels import AudienceLabel as LabelCode
from overture.organisations.inputs import refuse_line_breaks
from overture.organisations.models import Organisation

from .wording import REQUIRED_LEVEL_WORDS

PRACTICE_TEXT_LIMIT = 3000
DESCRIPTION_LIMIT = 5000
NORMS_LIMIT = 500
ACCESS_NOTES_LIMIT = 1000


class Level(models.IntegerChoices):
    """Competence in one practice."""

    NEWCOMER = 0, gettext_lazy("Newcomer")
    NOVICE = 1, gettext_lazy("Novice")
    REGULAR = 2, gettext_lazy("Regular")
    EXPERT = 3, gettext_lazy("Expert")


def strictness_field(**kwargs) -> models.FloatField:
    return models.FloatField(
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=gettext_lazy("0 = anything goes, 1 = any deviation disturbs others."),
        **kwargs,
    )


def answer_field(verbose_name: Promise, help_text: Promise) -> models.CharField:
    """How the self-assessment question is answered at one level; blank means the standard
    words."""
    return models.CharField(
        verbose_name,
        max_length=80,
        blank=True,
        db_default="",
        validators=[refuse_line_breaks],
        help_text=help_text,
    )


class Practice(models.Model):
    """A recognised way of doing something “around here”, with its score."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="practices"
    )
    name = models.CharField(max_length=120, validators=[refuse_line_breaks])
    slug = models.SlugField(max_length=120)
    summary = models.CharField(max_length=300, blank=True, validators=[refuse_line_breaks])
    procedures = models.TextField(
        gettext_lazy("How to act"),
        max_length=PRACTICE_TEXT_LIMIT,
        help_text=gettext_lazy("Procedures: what people do, step by step."),
    )
    understandings = models.TextField(
        gettext_lazy("How to interpret"),
        max_length=PRACTICE_TEXT_LIMIT,
        help_text=gettext_lazy("Understandings: what to make of what happens."),
    )
    engagements = models.TextField(
        gettext_lazy("Why it matters"),
        max_length=PRACTICE_TEXT_LIMIT,
        help_text=gettext_lazy("Engagements: why people care about doing it this way."),
    )
    assessment_question = models.CharField(
        max_length=200,
        validators=[refuse_line_breaks],
        help_text=gettext_lazy(
            "A plain question for the self-assessment, e.g. "
            "“Have you been to a symphony concert before?”"
        ),
    )
    answer_newcomer = answer_field(
        gettext_lazy("answer for a newcomer"),
        gettext_lazy(
            "How someone who has never done it answers the question, e.g. “No, never”. "
            "Blank: the standard words."
        ),
    )
    answer_novice = answer_field(
        gettext_lazy("answer for a novice"),
        gettext_lazy("E.g. “Once or twice”. Blank: the standard words."),
    )
    answer_regular = answer_field(
        gettext_lazy("answer for a regular"),
        gettext_lazy("E.g. “A few times a year”. Blank: the standard words."),
    )
    answer_expert = answer_field(
        gettext_lazy("answer for an expert"),
        gettext_lazy("E.g. “Often: I could show others”. Blank: the standard words."),
    )
    assessment_order = models.PositiveSmallIntegerField(
        gettext_lazy("place in the self-assessment"),
        default=100,
        db_default=100,
        help_text=gettext_lazy(
            "Lower comes first: put the experiences most people have had first and "
            "the specialist ones last."
        ),
    )
    default_strictness = strictness_field(default=0.5)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="practice_slug_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Format(models.TextChoices):
    """Kinds of activity, ordered from provider-led to consumer-led."""

    SYMPHONY_CONCERT = "symphony_concert", gettext_lazy("Symphony concert")
    CHAMBER_CONCERT = "chamber_concert", gettext_lazy("Chamber concert")
    PRE_CONCERT_TALK = "pre_concert_talk", gettext_lazy("Pre-concert talk")
    LIVESTREAM = "livestream", gettext_lazy("Livestream with chat")
    FAMILY_CONCERT = "family_concert", gettext_lazy("Family concert")
    RELAXED_PERFORMANCE = "relaxed_performance", gettext_lazy("Relaxed performance")
    OPEN_REHEARSAL = "open_rehearsal", gettext_lazy("Open rehearsal")
    COME_AND_SING = "come_and_sing", gettext_lazy("Come and sing")
    PLAY_ALONG = "play_along", gettext_lazy("Play-along workshop")
    COMPOSITION_LAB = "composition_lab", gettext_lazy("Composition lab")


# Position on the provider-led (0) ↔ consumer-led (1) scale.
FORMAT_SCALE: dict[str, float] = {
    Format.SYMPHONY_CONCERT: 0.0,
    Format.CHAMBER_CONCERT: 0.1,
    Format.PRE_CONCERT_TALK: 0.2,
    Format.LIVESTREAM: 0.3,
    Format.FAMILY_CONCERT: 0.4,
    Format.RELAXED_PERFORMANCE: 0.5,
    Format.OPEN_REHEARSAL: 0.55,
    Format.COME_AND_SING: 0.75,
    Format.PLAY_ALONG: 0.85,
    Format.COMPOSITION_LAB: 1.0,
}


def scale_band(position: float) -> str:
    """The band of the format scale a position falls in: provider-led, shared or
    participant-led (the keys of SCALE_LABELS)."""
    if position < 0.34:
        return "provider_led"
    if position < 0.67:
        return "shared"
    return "participant_led"


SCALE_LABELS = {
    "provider_led": gettext_lazy("Provider-led"),
    "shared": gettext_lazy("Shared"),
    "participant_led": gettext_lazy("Participant-led"),
}


def scale_label(position: float) -> str:
    return str(SCALE_LABELS[scale_band(position)])


class AudienceLabel(models.IntegerChoices):
    """How much experience an activity asks, for anyone (see engines.signposting.labels)."""

    IDEAL_FIRST_VISIT = (
        LabelCode.IDEAL_FIRST_VISIT,
        REQUIRED_LEVEL_WORDS[LabelCode.IDEAL_FIRST_VISIT],
    )
    SOME_EXPERIENCE_HELPS = (
        LabelCode.SOME_EXPERIENCE_HELPS,
        REQUIRED_LEVEL_WORDS[LabelCode.SOME_EXPERIENCE_HELPS],
    )
    FOR_EXPERIENCED = LabelCode.FOR_EXPERIENCED, REQUIRED_LEVEL_WORDS[LabelCode.FOR_EXPERIENCED]


class ActivityQuerySet(models.QuerySet):
    def published(self) -> ActivityQuerySet:
        return self.filter(status=Activity.Status.PUBLISHED)

    def upcoming(self) -> ActivityQuerySet:
        return self.filter(ends_at__gte=timezone.now())


class Activity(models.Model):
    """An event or programme item that people take part in."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        PUBLISHED = "published", gettext_lazy("Published")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(max_length=200, validators=[refuse_line_breaks])
    description = models.TextField(blank=True, max_length=DESCRIPTION_LIMIT)
    format = models.CharField(max_length=30, choices=Format.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True, validators=[refuse_line_breaks])
    online = models.BooleanField(default=False, help_text=gettext_lazy("Takes place online."))
    venue_address = models.CharField(
        max_length=300,
        blank=True,
        db_default="",
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("Street, town and postcode, for the map link."),
    )
    price = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=0,
        db_default=0,
        validators=[MinValueValidator(0)],
        help_text=gettext_lazy("Full price of one place in pounds; 0 means free."),
    )
    concessions = models.CharField(
        max_length=200,
        blank=True,
        db_default="",
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("E.g. “£5 for under-26s, free for a companion”."),
    )
    step_free = models.BooleanField(
        gettext_lazy("step-free access"), default=False, db_default=False
    )
    captioned = models.BooleanField(gettext_lazy("captions"), default=False, db_default=False)
    bsl = models.BooleanField(
        gettext_lazy("British Sign Language"), default=False, db_default=False
    )
    relaxed = models.BooleanField(
        gettext_lazy("relaxed"),
        default=False,
        db_default=False,
        help_text=gettext_lazy("Moving, making noise and coming and going are welcome."),
    )
    quiet_space = models.BooleanField(gettext_lazy("quiet space"), default=False, db_default=False)
    access_notes = models.TextField(
        gettext_lazy("more about access"),
        blank=True,
        db_default="",
        max_length=ACCESS_NOTES_LIMIT,
        help_text=gettext_lazy(
            "Anything else people need to know to come, e.g. hearing loop, seating, "
            "assistance dogs."
        ),
    )
    age_guidance = models.CharField(
        max_length=120,
        blank=True,
        db_default="",
        validators=[refuse_line_breaks],
        help_text=gettext_lazy("E.g. “All ages”, “Best for ages 5–11”, “16+”."),
    )
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    places_per_booking = models.PositiveSmallIntegerField(
        default=6,
        db_default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=gettext_lazy("The most places one person can book at once, for a party."),
    )
    places_taken = models.PositiveIntegerField(
        default=0, editable=False, help_text=gettext_lazy("Places booked, kept with each change.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    practices = models.ManyToManyField(Practice, through="Requirement", related_name="activities")
    audience_label = models.SmallIntegerField(
        choices=AudienceLabel.choices,
        default=AudienceLabel.IDEAL_FIRST_VISIT,
        editable=False,
        help_text=gettext_lazy(
            "Worked out from the requirements and the format each time they are saved."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name_plural = gettext_lazy("activities")
        indexes = [
            models.Index(fields=["organisation", "status", "starts_at"]),
            # The season filtered by label: equal organisation and label, in order of start.
            models.Index(
                fields=["organisation", "audience_label", "starts_at"],
                name="activity_org_label_starts",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(places_taken__lte=models.F("capacity")),
                name="activity_never_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activity", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    @property
    def places_free(self) -> int:
        """Places anyone can book now: left, less those held for people on the waiting list
        where the query counted them (`places_held`)."""
        return max(self.places_left - (getattr(self, "places_held", 0) or 0), 0)

    @property
    def is_full(self) -> bool:
        return self.places_taken >= self.capacity

    @property
    def scale_position(self) -> float:
        return FORMAT_SCALE.get(self.format, 0.5)

    @property
    def scale_label(self) -> str:
        return scale_label(self.scale_position)

    @property
    def where(self) -> str:
        if self.online:
            return (
                _("Online and at %(venue)s") % {"venue": self.venue} if self.venue else _("Online")
            )
        return self.venue or _("Venue to be announced")


class Requirement(models.Model):
    """A practice an activity involves, at a required level and strictness."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="requirements")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="requirements")
    required_level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.NEWCOMER)
    strictness = strictness_field()

    class Meta:
        ordering = ["-required_level", "practice__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "practice"], name="one_requirement_per_practice"
            )
        ]

    def __str__(self) -> str:
        return _("%(practice)s at %(level)s for %(activity)s") % {
            "practice": self.practice,
            "level": self.get_required_level_display(),
            "activity": self.activity,
        }


# Strictness from which each word applies, strictest first; the choices staff set zones with
# (1.0, 0.7, 0.3, 0.0) each fall in the middle of their word's band.
ZONE_KEEPS_WORDS: tuple[tuple[float, Promise], ...] = (
    (0.85, gettext_lazy("Traditional")),
    (0.5, gettext_lazy("Mostly kept")),
    (0.15, gettext_lazy("Relaxed")),
    (float("-inf"), gettext_lazy("Anything goes")),
)


def zone_keeps_word(strictness: float) -> str:
    """The word for a zone of this strictness, e.g. 0.7 → "Mostly kept"."""
    return str(next(word for least, word in ZONE_KEEPS_WORDS if strictness >= least))


class Zone(models.Model):
    """A part of the room (or stream) with its own capacity and norms."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(max_length=120, validators=[refuse_line_breaks])
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    norms = models.TextField(
        max_length=NORMS_LIMIT,
        help_text=gettext_lazy("What is welcome here, e.g. “moving and talking welcome”."),
    )
    strictness = models.FloatField(
        gettext_lazy("how strictly norms are kept"),
        default=1.0,
        db_default=1.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=gettext_lazy(
            "1 = the activity's norms as everywhere else in it (traditional), "
            "0 = anything goes (relaxed)."
        ),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "name"], name="zone_name_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.activity})"

    @property
    def is_relaxed(self) -> bool:
        return self.strictness < 0.5

    @property
    def keeps_word(self) -> str:
        """How strictly the zone keeps the activity's norms, in the words staff choose it by."""
        return zone_keeps_word(self.strictness)
