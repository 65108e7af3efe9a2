"""Staff forms: practices with their score, activities with their requirements and zones."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.organisations.models import Organisation

from .filters import EARLIEST, LATEST
from .models import Activity, Level, Practice, Requirement, Zone, zone_keeps_word
from .services import ACTIVITY_FIELDS, RequirementSpec, ZoneSpec
from .wording import STANDARD_ANSWERS

# The largest value a PositiveSmallIntegerField holds on every database.
ASSESSMENT_ORDER_LIMIT = 32767

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def strictness_form_field(**kwargs: Any) -> forms.FloatField:
    return forms.FloatField(
        min_value=0.0,
        max_value=1.0,
        widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}),
        **kwargs,
    )


CAPACITY_LIMIT = 100_000
CAPACITY_MESSAGE = gettext_lazy("Capacity must be a whole number from 1 to 100,000.")
MINUTE = timedelta(minutes=1)
PAST_START_MESSAGE = gettext_lazy("This date has passed: save again to keep it.")


def capacity_form_field(label: str | Promise, **kwargs: Any) -> forms.IntegerField:
    """Places in an activity or zone, with one message for every way it can be wrong."""
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=CAPACITY_LIMIT,
        widget=forms.NumberInput(attrs={"min": "1", "max": str(CAPACITY_LIMIT)}),
        error_messages={
            code: CAPACITY_MESSAGE for code in ("required", "invalid", "min_value", "max_value")
        },
        **kwargs,
    )


def _within_season_years(value: datetime) -> None:
    # Far-off years overflow when converted to UTC for the database.
    if not EARLIEST.year <= value.year <= LATEST.year:
        raise forms.ValidationError(
            _("Choose a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.year, "latest": LATEST.year},
            code="out_of_range",
        )


def datetime_local_field(label: str | Promise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=format_lazy(
            gettext_lazy("Local time ({zone})."), zone=timezone.get_current_timezone_name()
        ),
        validators=[_within_season_years],
    )


class PracticeForm(forms.ModelForm):
    """A practice and its score, unique by address (slug) within the organisation."""

    slug = forms.SlugField(
        label=gettext_lazy("Address"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Used in links. Leave blank to make it from the name."),
    )
    default_strictness = strictness_form_field(
        help_text=gettext_lazy(
            "0 = anything goes, 1 = any deviation disturbs others. "
            "Activities start from this value."
        )
    )
    assessment_order = forms.IntegerField(
        label=gettext_lazy("Place in the self-assessment"),
        required=False,
        min_value=0,
        max_value=ASSESSMENT_ORDER_LIMIT,
        help_text=gettext_lazy(
            "Lower comes first: put the experiences most people have had (going to a "
            "concert) before the specialist ones (reading a vocal score). Blank keeps its place."
        ),
    )

    class Meta:
        model = Practice
        fields = [
            "name",
            "slug",
            "summary",
            "procedures",
            "understandings",
            "engagements",
            "assessment_question",
            "answer_newcomer",
            "answer_novice",
            "answer_regular",
            "answer_expert",
            "assessment_order",
            "default_strictness",
        ]
        labels = {
            "assessment_question": gettext_lazy("Self-assessment question"),
            "answer_newcomer": gettext_lazy("Answer meaning newcomer (level 0)"),
            "answer_novice": gettext_lazy("Answer meaning novice (level 1)"),
            "answer_regular": gettext_lazy("Answer meaning regular (level 2)"),
            "answer_expert": gettext_lazy("Answer meaning expert (level 3)"),
        }
        widgets = {
            "procedures": forms.Textarea(attrs={"rows": 4}),
            "understandings": forms.Textarea(attrs={"rows": 4}),
            "engagements": forms.Textarea(attrs={"rows": 4}),
        }

    # Shown beside the answer fields: what participants read where an answer is left blank.
    standard_answers = list(STANDARD_ANSWERS.items())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation

    def clean_assessment_order(self) -> int:
        order = self.cleaned_data.get("assessment_order")
        return self.instance.assessment_order if order is None else order

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        made_from_name = not slug
        if made_from_name:
            slug = slugify(self.cleaned_data.get("name") or "")[:120].strip("-")
            if not slug:
                if self.cleaned_data.get("name"):
                    raise forms.ValidationError(
                        _(
                            "Could not make an address from the name; type one "
                            "(letters, numbers, hyphens)."
                        )
                    )
                return slug  # the name's own error says what to fix
        taken = Practice.objects.filter(organisation=self.organisation, slug=slug).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            if made_from_name:
                raise forms.ValidationError(
                    _(
                        "The address made from the name, “%(slug)s”, is already used by another "
                        "practice. Type a different address."
                    )
                    % {"slug": slug}
                )
            raise forms.ValidationError(
                _("Another practice already uses the address “%(slug)s”. Choose a different one.")
                % {"slug": slug}
            )
        return slug


PRICE_LIMIT = Decimal("99999.99")


def price_form_field() -> forms.DecimalField:
    """Pounds and pence, never negative, with messages that say what to type."""
    return forms.DecimalField(
        label=gettext_lazy("Full price (£)"),
        min_value=0,
        max_value=PRICE_LIMIT,  # also keeps it within the column's seven digits
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        help_text=gettext_lazy("One place at full price, in pounds. 0 means free."),
        error_messages={
            "required": gettext_lazy("Enter a price (e.g. 12.50, or 0 if it is free)."),
            "invalid": gettext_lazy(
                "Enter the price as a number of pounds (e.g. 12.50, or 0 if it is free)."
            ),
            "min_value": gettext_lazy("The price can’t be negative: enter 0 if it is free."),
            "max_value": gettext_lazy("Enter a price of at most £99,999.99."),
            "max_decimal_places": gettext_lazy(
                "Enter pounds and pence with at most two decimals, e.g. 12.50."
            ),
        },
    )


class ActivityForm(forms.ModelForm):
    """What, when, where, how many, the price, access and who it suits; the status is changed
    with its own actions."""

    starts_at = datetime_local_field(gettext_lazy("Starts"))
    ends_at = datetime_local_field(gettext_lazy("Ends"))
    price = price_form_field()
    capacity = capacity_form_field(gettext_lazy("Capacity"))
    # Carries the past start a first save warned about, so a second save keeps it.
    keep_past_start = forms.CharField(required=False, widget=forms.HiddenInput)
    places_per_booking = forms.IntegerField(
        label=gettext_lazy("Most places in one booking"),
        min_value=1,
        max_value=20,
        initial=6,
        widget=forms.NumberInput(attrs={"min": "1", "max": "20"}),
        help_text=gettext_lazy(
            "How many places one person can book at once, for family or friends (1–20)."
        ),
        error_messages={
            "required": gettext_lazy("Enter how many places one booking can have (1–20)."),
            "invalid": gettext_lazy("Enter a whole number of places from 1 to 20."),
            "min_value": gettext_lazy("A booking needs at least 1 place."),
            "max_value": gettext_lazy("A booking can have at most 20 places."),
        },
    )

    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        labels = {
            "venue_address": gettext_lazy("Address"),
            "concessions": gettext_lazy("Concessions"),
            "step_free": gettext_lazy("Step-free access"),
            "captioned": gettext_lazy("Captions"),
            "bsl": gettext_lazy("British Sign Language (BSL)"),
            "relaxed": gettext_lazy("Relaxed"),
            "quiet_space": gettext_lazy("Quiet space"),
            "access_notes": gettext_lazy("More about access"),
            "age_guidance": gettext_lazy("Age guidance"),
        }
        help_texts = {
            "venue_address": gettext_lazy(
                "Street, town and postcode. Participants get a link to find it on OpenStreetMap."
            ),
            "concessions": gettext_lazy(
                "Who pays less, and how much, e.g. “£5 for under-26s, free for a "
                "companion”. Leave blank if there are none."
            ),
            "step_free": gettext_lazy(
                "Entrance, seats and toilets can all be reached without steps."
            ),
            "captioned": gettext_lazy("Spoken and sung words are shown as text."),
            "bsl": gettext_lazy("An interpreter signs in British Sign Language."),
            "relaxed": gettext_lazy("Moving, making noise and coming and going are welcome."),
            "quiet_space": gettext_lazy("A calm room to take a break in, open throughout."),
            "access_notes": gettext_lazy(
                "Anything else people need to know to come, e.g. hearing loop, "
                "seating, assistance dogs."
            ),
            "age_guidance": gettext_lazy(
                "E.g. “All ages”, “Best for ages 5–11”, “16+”. Leave blank if it suits any adult."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "access_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"].widget.attrs["min"] = max(self.instance.places_taken, 1)
        if self.instance.places_taken:
            self.fields["capacity"].help_text = _("%(taken)s places are already taken.") % {
                "taken": self.instance.places_taken
            }

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        taken = self.instance.places_taken
        if capacity is not None and capacity < taken:
            raise forms.ValidationError(
                _(
                    "%(taken)s places are already taken, so the capacity can’t be lower "
                    "than %(taken)s."
                )
                % {"taken": taken}
            )
        return capacity

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The activity must end after it starts."))
        self._warn_of_past_start(starts)
        return cleaned

    def _warn_of_past_start(self, starts: datetime | None) -> None:
        """Ask once before saving a start that has already passed; saving again keeps it."""
        self.past_start = ""
        # The form shows whole minutes, so a start saved with seconds comes back unchanged.
        saved = self.instance.starts_at if self.instance.pk else None
        unchanged = saved is not None and starts is not None and abs(starts - saved) < MINUTE
        if starts is None or unchanged or starts >= timezone.now():
            return
        self.past_start = starts.isoformat()
        if self.cleaned_data.get("keep_past_start") != self.past_start:
            self.add_error("starts_at", PAST_START_MESSAGE)


class RequirementForm(forms.ModelForm):
    """One practice the activity involves; a blank strictness takes the practice's default."""

    strictness = strictness_form_field(
        required=False, help_text=gettext_lazy("0–1. Leave blank to use the practice’s default.")
    )

    class Meta:
        model = Requirement
        fields = ["practice", "required_level", "strictness"]
        labels = {"required_level": gettext_lazy("Required level")}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practice = self.fields["practice"]
        practice.queryset = Practice.objects.filter(organisation=organisation)
        practice.error_messages["invalid_choice"] = _(
            "Choose one of this organisation’s practices."
        )
        self.fields["required_level"].choices = Level.choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        practice = cleaned.get("practice")
        if practice is not None and cleaned.get("strictness") is None:
            cleaned["strictness"] = practice.default_strictness
        return cleaned

    @property
    def row_title(self) -> str:
        return str(self.instance.practice) if self.instance.pk else ""

    def validate_unique(self) -> None:
        # Duplicates are checked across the whole formset (RequirementFormSetBase.clean); the
        # service matches rows by practice, so a per-row database check would only get in the way.
        return None


class RequirementFormSetBase(forms.BaseInlineFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Requirement.objects.select_related("practice"))
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext_lazy("Remove this practice")

    def clean(self) -> None:
        seen: dict[int, str] = {}
        for form in kept_forms(self):
            practice = form.cleaned_data.get("practice")
            if practice is None:
                continue
            if practice.pk in seen:
                form.add_error(
                    "practice",
                    _("“%(practice)s” is already required above; each practice can appear once.")
                    % {"practice": practice},
                )
                raise forms.ValidationError(_("Each practice can appear only once."))
            seen[practice.pk] = practice.name

    def specs(self) -> list[RequirementSpec]:
        """The requirements the activity should have once saved."""
        return [
            RequirementSpec(
                practice_id=form.cleaned_data["practice"].pk,
                required_level=int(form.cleaned_data["required_level"]),
                strictness=float(form.cleaned_data["strictness"]),
            )
            for form in kept_forms(self)
        ]


# How strictly a zone keeps the activity's norms, as a programme manager chooses it.
# The words are the ones participants and staff see for the zone (Zone.keeps_word).
ZONE_STRICTNESS_CHOICES: list[tuple[float, Promise]] = [
    (1.0, gettext_lazy("Traditional — the activity’s norms in full (1.0)")),
    (0.7, gettext_lazy("Mostly kept — small departures are fine (0.7)")),
    (0.3, gettext_lazy("Relaxed — moving and talking welcome (0.3)")),
    (0.0, gettext_lazy("Anything goes (0.0)")),
]
DEFAULT_ZONE_STRICTNESS = 1.0


def zone_strictness_label(value: float) -> str:
    """The option for a strictness set some other way (the admin, an import), kept as it is."""
    return _("As set before — %(keeps)s (%(value)s)") % {
        "keeps": zone_keeps_word(value).lower(),
        "value": f"{value:.2f}",
    }


class StrictnessChoiceField(forms.TypedChoiceField):
    """A select of strictness values; "1" and "1.0" are the same choice."""

    def valid_value(self, value: Any) -> bool:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        # Exact: a value set elsewhere gets its own option, so saving never nudges it.
        return any(key != "" and number == float(key) for key, _ in self.choices)


class ZoneForm(forms.ModelForm):
    capacity = capacity_form_field(gettext_lazy("Places in the zone"))
    strictness = StrictnessChoiceField(
        label=gettext_lazy("How strictly the zone keeps the activity’s norms"),
        choices=ZONE_STRICTNESS_CHOICES,
        coerce=float,
        empty_value=None,
        required=False,
        initial=DEFAULT_ZONE_STRICTNESS,
        help_text=gettext_lazy(
            "Relaxed zones are offered to people who like moving and talking; "
            "traditional ones to those who prefer quiet."
        ),
        error_messages={"invalid_choice": gettext_lazy("Choose one of the listed settings.")},
    )

    class Meta:
        model = Zone
        fields = ["name", "capacity", "norms", "strictness"]
        labels = {"name": gettext_lazy("Zone name")}
        widgets = {
            "norms": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.strictness if self.instance.pk else None
        field = self.fields["strictness"]
        if current is not None and not field.valid_value(current):
            field.choices = [*ZONE_STRICTNESS_CHOICES, (current, zone_strictness_label(current))]

    def clean_strictness(self) -> float:
        value = self.cleaned_data.get("strictness")
        if value is None:  # not sent: a zone keeps its setting, a new one is traditional
            return self.instance.strictness if self.instance.pk else DEFAULT_ZONE_STRICTNESS
        return value

    def has_changed(self) -> bool:
        # A blank new row shows the default setting; that alone does not make it a zone.
        changed = self.changed_data
        if self.instance.pk is None:
            changed = [name for name in changed if name != "strictness"]
        return bool(changed)

    @property
    def row_title(self) -> str:
        return self.instance.name if self.instance.pk else ""


class ZoneFormSetBase(forms.BaseInlineFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext_lazy("Remove this zone")

    def clean(self) -> None:
        seen: set[str] = set()
        for form in kept_forms(self):
            name = (form.cleaned_data.get("name") or "").strip()
            if not name:
                continue
            if name.casefold() in seen:
                form.add_error(
                    "name", _("There is already a zone called “%(name)s”.") % {"name": name}
                )
                raise forms.ValidationError(_("Each zone needs its own name."))
            seen.add(name.casefold())

    def specs(self) -> list[ZoneSpec]:
        """The zones the activity should have once saved (existing ones keep their id)."""
        return [
            ZoneSpec(
                name=form.cleaned_data["name"].strip(),
                capacity=form.cleaned_data["capacity"],
                norms=form.cleaned_data["norms"],
                zone_id=form.instance.pk,
                strictness=form.cleaned_data["strictness"],
            )
            for form in kept_forms(self)
        ]


def kept_forms(formset: forms.BaseFormSet) -> list[forms.Form]:
    """Rows filled in and not marked for removal; blank extra rows are ignored."""
    kept = []
    for index, form in enumerate(formset.forms):
        cleaned = getattr(form, "cleaned_data", None)
        if not cleaned or cleaned.get("DELETE"):
            continue
        if index >= formset.initial_form_count() and not form.has_changed():
            continue
        kept.append(form)
    return kept


RequirementFormSet = forms.inlineformset_factory(
    Activity,
    Requirement,
    form=RequirementForm,
    formset=RequirementFormSetBase,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)

ZoneFormSet = forms.inlineformset_factory(
    Activity,
    Zone,
    form=ZoneForm,
    formset=ZoneFormSetBase,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)
