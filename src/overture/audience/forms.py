"""Forms for participants: signing up, saying how familiar each practice is, how they like
to take part, and party codes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.forms.boundfield import BoundWidget
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from overture.organisations.accounts import PASSWORD_LIMIT, normalise_email
from overture.organisations.inputs import SingleLineField, long_text_field
from overture.season.models import Activity, Practice, Zone
from overture.season.wording import answer_choices, level_word

from .models import ACCESSIBILITY_NEEDS_LIMIT, NormsPreference, Registration


class SignUpForm(forms.Form):
    display_name = SingleLineField(
        label=gettext_lazy("Your name"),
        max_length=120,
        help_text=gettext_lazy("How we greet you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        # The email becomes the username, which holds at most 150 characters.
        max_length=150,
        help_text=gettext_lazy("You log in with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        max_length=PASSWORD_LIMIT,
        help_text=gettext_lazy(
            "At least 8 characters; not only numbers, and not a common password."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        max_length=PASSWORD_LIMIT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent_contact = forms.BooleanField(
        label=gettext_lazy("You may contact me about activities that fit me"), required=False
    )
    consent_research = forms.BooleanField(
        label=gettext_lazy(
            "You may use my answers, anonymised, to improve experiences for everyone"
        ),
        required=False,
    )
    accessibility_needs = long_text_field(
        ACCESSIBILITY_NEEDS_LIMIT,
        rows=3,
        label=gettext_lazy("Anything we should know to welcome you?"),
        required=False,
        help_text=format_lazy(
            gettext_lazy(
                "Optional. For example step-free access, a quiet space, or captions "
                "(up to {limit} characters)."
            ),
            limit=f"{ACCESSIBILITY_NEEDS_LIMIT:,}",
        ),
    )

    def clean_email(self) -> str:
        # Whether the email has an account is never said here: the email tells its owner.
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords don’t match."))
        elif password1:
            # Compared with the name and email, so “Sam Newcomer” cannot use “samnewcomer”.
            user = get_user_model()(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("display_name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


RATHER_NOT_SAY = gettext_lazy("I’d rather not say")
# The value of “I’d rather not say”: not empty, so an unanswered question shows no choice made.
NOT_KNOWN = "not-known"


def _level(value: str) -> int | None:
    return None if value == NOT_KNOWN else int(value)


@dataclass(frozen=True)
class Question:
    """A practice's question as the page shows it: each option with the level word it means."""

    practice: Practice
    field: BoundField
    options: list[tuple[BoundWidget, str]]


class SelfAssessmentForm(forms.Form):
    """One optional question per practice, answered in the practice's own words.

    Each answer means a level (0–3); “I’d rather not say”, or no answer, leaves the level not
    known: nothing is guessed.
    """

    def __init__(
        self,
        practices: Iterable[Practice],
        levels: Mapping[int, int] | None = None,
        data: Mapping[str, object] | None = None,
    ) -> None:
        levels = levels or {}
        self.practices = list(practices)
        initial = {self.field_name(p): levels[p.pk] for p in self.practices if p.pk in levels}
        super().__init__(data=data, initial=initial)
        for practice in self.practices:
            self.fields[self.field_name(practice)] = forms.TypedChoiceField(
                label=practice.assessment_question,
                help_text=practice.summary,
                choices=[*answer_choices(practice), (NOT_KNOWN, RATHER_NOT_SAY)],
                coerce=_level,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": gettext_lazy(
                        "Choose one of the answers listed, or “I’d rather not say”."
                    )
                },
            )

    @staticmethod
    def field_name(practice: Practice) -> str:
        return f"practice_{practice.pk}"

    def questions(self) -> Iterator[Question]:
        """Each practice with its bound question and options, for the template."""
        for practice in self.practices:
            field = self[self.field_name(practice)]
            options = [
                (
                    option,
                    "" if option.data["value"] == NOT_KNOWN else level_word(option.data["value"]),
                )
                for option in field
            ]
            yield Question(practice, field, options)

    def levels(self) -> dict[int, int]:
        """Practice id → level for the answered questions only."""
        return {
            practice.pk: level
            for practice in self.practices
            if (level := self.cleaned_data.get(self.field_name(practice))) is not None
        }

    def not_known(self) -> list[int]:
        """The practices left without an answer, or answered “I’d rather not say”."""
        answered = self.levels()
        return [practice.pk for practice in self.practices if practice.pk not in answered]


def zone_choice_label(zone: Zone) -> str:
    """A zone as a participant chooses it: its name, how strict it is, and its norms."""
    return _("%(zone)s (%(keeps)s): %(norms)s") % {
        "zone": zone.name,
        "keeps": zone.keeps_word.lower(),
        "norms": zone.norms,
    }


class PreferencesForm(forms.Form):
    """How the registrant likes to take part and, when the room has zones, where.

    The zones are given (usually already loaded with the activity), so building and showing
    the form costs no query.
    """

    norms_preference = forms.TypedChoiceField(
        label=gettext_lazy("How do you like to take part?"),
        choices=NormsPreference.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose how you like to take part, or “No preference”."),
            "invalid_choice": gettext_lazy("Choose one of the ways to take part listed."),
        },
    )

    def __init__(
        self,
        zones: Iterable[Zone] = (),
        data: Mapping[str, object] | None = None,
        initial: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(data=data, initial=initial)
        self.zones = {zone.pk: zone for zone in zones}
        if self.zones:
            self.fields["zone"] = forms.TypedChoiceField(
                label=gettext_lazy("Which part of the room would you like?"),
                help_text=gettext_lazy("We seat you there whenever there is room."),
                choices=[("", _("No preference"))]
                + [(pk, zone_choice_label(zone)) for pk, zone in self.zones.items()],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": gettext_lazy(
                        "That part of the room is no longer offered; choose "
                        "another, or “No preference”."
                    )
                },
            )

    @classmethod
    def for_registration(
        cls,
        registration: Registration,
        zones: Iterable[Zone] = (),
        data: Mapping[str, object] | None = None,
    ) -> PreferencesForm:
        """The form showing what the registrant said so far."""
        initial = {
            "norms_preference": registration.norms_preference,
            "zone": registration.zone_preference_id or "",
        }
        return cls(zones, data=data, initial=initial)

    def chosen_zone(self) -> Zone | None:
        """The zone chosen, or None for no preference (or a room without zones)."""
        zone_id = self.cleaned_data.get("zone")
        return self.zones.get(zone_id) if zone_id is not None else None


class JoinPartyForm(forms.Form):
    code = SingleLineField(
        label=gettext_lazy("Party code"),
        max_length=20,
        help_text=gettext_lazy("6 letters and digits, from the person who started the party."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": gettext_lazy("Enter the party code you were given.")},
    )


class PlacesForm(forms.Form):
    """How many places to book (or to hold instead): 1 up to what the activity allows now."""

    places = forms.IntegerField(
        label=gettext_lazy("Places"),
        initial=1,
        error_messages={
            "required": gettext_lazy("Enter how many places you would like."),
            "invalid": gettext_lazy("Enter the number of places as a whole number, such as 2."),
        },
    )

    def __init__(
        self, most: int, data: Mapping[str, object] | None = None, initial: int = 1
    ) -> None:
        super().__init__(data=data, initial={"places": initial})
        self.most = max(most, 1)
        field = self.fields["places"]
        field.help_text = (
            _("For you and the people you are coming with: up to %(most)s.") % {"most": self.most}
            if self.most > 1
            else _("One place is left for you.")
        )
        field.widget.attrs.update({"min": 1, "max": self.most, "inputmode": "numeric"})

    def clean_places(self) -> int:
        places = self.cleaned_data["places"]
        if places < 1:
            raise ValidationError(_("Choose at least 1 place."), code="too_few")
        if places > self.most:
            raise ValidationError(
                ngettext(
                    "You can book at most %(most)s place here now.",
                    "You can book at most %(most)s places here now.",
                    self.most,
                )
                % {"most": self.most},
                code="too_many",
            )
        return places


def most_places(activity: Activity, held: int = 0, offered: int = 0) -> int:
    """The most places one booking can hold at the activity now, counting those it holds;
    `offered` places are held for people on the waiting list."""
    free = activity.capacity - activity.places_taken - offered
    # Whoever holds more than the rules now allow may keep them, or give some back.
    return max(min(activity.places_per_booking, free + held), held)
