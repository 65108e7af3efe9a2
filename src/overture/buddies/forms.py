"""Forms for the buddy programme: becoming a buddy, asking for one, and staff choices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format

from overture.organisations.inputs import SingleLineField
from overture.season.models import Activity, Practice

from .languages import DEFAULT, LANGUAGES
from .models import DEFAULT_MEETING_POINT, MAX_PER_ACTIVITY, MAX_PER_SEASON, Buddy
from .services import level_words

SEASON_CHOICE = ""


def _when(activity: Activity) -> str:
    return date_format(timezone.localtime(activity.starts_at), "D j M, H:i")


def practice_choices(practices: Sequence[Practice], levels: Mapping[int, int]) -> list:
    """Each practice with the participant's level, e.g. “Singing in a choir (you: regular)”."""
    return [(p.pk, f"{p.name} (you: {level_words(levels.get(p.pk, -1))})") for p in practices]


def activity_choices(activities: Iterable[Activity]) -> list:
    return [(a.pk, f"{a.title} — {_when(a)}") for a in activities]


class VolunteerForm(forms.Form):
    practices = forms.TypedMultipleChoiceField(
        label="Practices you can help newcomers with",
        help_text="Those you know as a regular or an expert.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one practice you can help newcomers with."},
    )
    languages = forms.MultipleChoiceField(
        label="Languages you speak",
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one language you speak."},
    )
    activities = forms.TypedMultipleChoiceField(
        label="Activities where you can be a buddy",
        help_text="Upcoming activities you have a place at. A buddy for the whole season "
        "meets their newcomer at one you both attend.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    per_activity = forms.IntegerField(
        label="Newcomers at one activity",
        min_value=1,
        max_value=MAX_PER_ACTIVITY,
        initial=1,
        help_text=f"How many you can look after at once (1 to {MAX_PER_ACTIVITY}).",
    )
    per_season = forms.IntegerField(
        label="Newcomers over the season",
        min_value=1,
        max_value=MAX_PER_SEASON,
        initial=3,
        help_text=f"In total, across all activities (up to {MAX_PER_SEASON}).",
    )

    def __init__(
        self,
        practices: Sequence[Practice],
        levels: Mapping[int, int],
        places: Iterable[Activity],
        buddy: Buddy | None = None,
        data: Mapping | None = None,
    ) -> None:
        initial: dict = {"languages": [DEFAULT]}
        if buddy is not None:
            initial = {
                "practices": [p.pk for p in buddy.practices.all()],
                "languages": buddy.languages,
                "activities": [a.pk for a in buddy.activities.all()],
                "per_activity": buddy.per_activity,
                "per_season": buddy.per_season,
            }
        super().__init__(data=data, initial=initial)
        self.fields["practices"].choices = practice_choices(practices, levels)
        self.fields["activities"].choices = activity_choices(places)

    def clean(self) -> dict:
        cleaned = super().clean()
        per_activity, per_season = cleaned.get("per_activity"), cleaned.get("per_season")
        if per_activity and per_season and per_season < per_activity:
            self.add_error(
                "per_season",
                ValidationError(
                    "Over the season you can look after at least as many newcomers as at one "
                    "activity.",
                    code="too_few",
                ),
            )
        return cleaned


class RequestForm(forms.Form):
    activity = forms.TypedChoiceField(
        label="Where would you like a buddy?",
        help_text="At one activity you have a place at, or for the whole season.",
        coerce=int,
        empty_value=None,
        required=False,
    )
    practices = forms.TypedMultipleChoiceField(
        label="What would you like help with?",
        help_text="Practices that are new to you: a buddy who knows them well shows you how "
        "things are done here.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one practice you would like help with."},
    )
    language = forms.ChoiceField(label="Your language", choices=LANGUAGES, initial=DEFAULT)
    minor = forms.BooleanField(
        label="I am under 18",
        required=False,
        help_text="Under-18s are only paired with buddies our staff have checked.",
    )

    def __init__(
        self,
        practices: Sequence[Practice],
        levels: Mapping[int, int],
        places: Iterable[Activity],
        data: Mapping | None = None,
        initial_activity: int | None = None,
    ) -> None:
        super().__init__(data=data, initial={"activity": initial_activity})
        self.fields["activity"].choices = [
            (SEASON_CHOICE, "The whole season"),
            *activity_choices(places),
        ]
        self.fields["practices"].choices = practice_choices(practices, levels)


class RunForm(forms.Form):
    activity = forms.TypedChoiceField(
        label="Match requests for",
        coerce=int,
        empty_value=None,
        required=False,
    )
    meeting_point = SingleLineField(
        label="Meeting point",
        max_length=200,
        initial=DEFAULT_MEETING_POINT,
        help_text="Where and how long before the start pairs meet, e.g. “Foyer, by the "
        "cloakroom, 30 minutes before”. Sent to both sides when you publish.",
    )

    def __init__(self, activities: Iterable[Activity], data=None, meeting_point: str = "") -> None:
        super().__init__(data=data, initial={"meeting_point": meeting_point or None})
        self.fields["activity"].choices = [
            (SEASON_CHOICE, "The whole season (every activity, then season requests)"),
            *[(a.pk, f"{a.title} — {_when(a)} ({a.open_requests} open)") for a in activities],
        ]


class ChangeBuddyForm(forms.Form):
    buddy = forms.TypedChoiceField(label="Buddy", coerce=int)

    def __init__(
        self, choices: Sequence[tuple[int, str]], data=None, initial=None, pair_id: int = 0
    ) -> None:
        # Several of these forms can be open on the staff page at once: ids per pair.
        super().__init__(data=data, initial={"buddy": initial}, auto_id=f"id_pair{pair_id}_%s")
        self.fields["buddy"].choices = list(choices)
