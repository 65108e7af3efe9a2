"""Forms for the buddy programme: becoming a buddy, asking for one, and staff choices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.organisations.inputs import SingleLineField
from overture.season.models import Activity, Practice

from .languages import DEFAULT, LANGUAGES
from .models import DEFAULT_MEETING_POINT, MAX_MESSAGE, MAX_PER_ACTIVITY, MAX_PER_SEASON, Buddy
from .services import level_words

SEASON_CHOICE = ""


def _when(activity: Activity) -> str:
    return date_format(timezone.localtime(activity.starts_at), "D j M, H:i")


def practice_choices(practices: Sequence[Practice], levels: Mapping[int, int]) -> list:
    """Each practice with the participant's level, e.g. “Singing in a choir (you: regular)”."""
    return [
        (
            p.pk,
            _("%(practice)s (you: %(level)s)")
            % {"practice": p.name, "level": level_words(levels.get(p.pk, -1))},
        )
        for p in practices
    ]


def activity_choices(activities: Iterable[Activity]) -> list:
    return [
        (a.pk, _("%(activity)s — %(when)s") % {"activity": a.title, "when": _when(a)})
        for a in activities
    ]


class VolunteerForm(forms.Form):
    practices = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Practices you can help newcomers with"),
        help_text=gettext_lazy("Those you know as a regular or an expert."),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one practice you can help newcomers with.")
        },
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages you speak"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one language you speak.")},
    )
    activities = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Activities where you can be a buddy"),
        help_text=gettext_lazy(
            "Upcoming activities you have a place at. A buddy for the whole season "
            "meets their newcomer at one you both attend."
        ),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    per_activity = forms.IntegerField(
        label=gettext_lazy("Newcomers at one activity"),
        min_value=1,
        max_value=MAX_PER_ACTIVITY,
        initial=1,
        help_text=format_lazy(
            gettext_lazy("How many you can look after at once (1 to {most})."),
            most=MAX_PER_ACTIVITY,
        ),
    )
    per_season = forms.IntegerField(
        label=gettext_lazy("Newcomers over the season"),
        min_value=1,
        max_value=MAX_PER_SEASON,
        initial=3,
        help_text=format_lazy(
            gettext_lazy("In total, across all activities (up to {most})."), most=MAX_PER_SEASON
        ),
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
                    _(
                        "Over the season you can look after at least as many newcomers as at "
                        "one activity."
                    ),
                    code="too_few",
                ),
            )
        return cleaned


class RequestForm(forms.Form):
    activity = forms.TypedChoiceField(
        label=gettext_lazy("Where would you like a buddy?"),
        help_text=gettext_lazy("At one activity you have a place at, or for the whole season."),
        coerce=int,
        empty_value=None,
        required=False,
    )
    practices = forms.TypedMultipleChoiceField(
        label=gettext_lazy("What would you like help with?"),
        help_text=gettext_lazy(
            "Practices that are new to you: a buddy who knows them well shows you how "
            "things are done here."
        ),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one practice you would like help with."),
            "invalid_choice": gettext_lazy(
                "Choose among the practices listed: %(value)s is not one of them."
            ),
        },
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Your language"), choices=LANGUAGES, initial=DEFAULT
    )
    minor = forms.BooleanField(
        label=gettext_lazy("I am under 18"),
        required=False,
        help_text=gettext_lazy("Under-18s are only paired with buddies our staff have checked."),
    )

    def __init__(
        self,
        practices: Sequence[Practice],
        levels: Mapping[int, int],
        places: Iterable[Activity],
        data: Mapping | None = None,
        activity: Activity | None = None,
        refresh_url: str = "",
    ) -> None:
        """`activity`: the one chosen, whose practices alone are offered (all for the season);
        `refresh_url`: where the page fetches the practices again when the choice changes."""
        super().__init__(data=data, initial={"activity": activity.pk if activity else None})
        if refresh_url:
            self.fields["activity"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-select": "#ask-practices",
                    "hx-target": "#ask-practices",
                    "hx-swap": "outerHTML",
                }
            )
        self.fields["activity"].choices = [
            (SEASON_CHOICE, _("The whole season")),
            *activity_choices(places),
        ]
        if activity is not None:
            involved = {r.practice_id for r in activity.requirements.all()}
            practices = [p for p in practices if p.pk in involved]
            self.fields["practices"].help_text = _(
                "Practices %(activity)s involves that are new to you: a buddy who knows "
                "them well shows you how things are done here."
            ) % {"activity": activity.title}
        self.fields["practices"].choices = practice_choices(practices, levels)


class RunForm(forms.Form):
    activity = forms.TypedChoiceField(
        label=gettext_lazy("Match requests for"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    meeting_point = SingleLineField(
        label=gettext_lazy("Meeting point"),
        max_length=200,
        initial=DEFAULT_MEETING_POINT,
        help_text=gettext_lazy(
            "Where and how long before the start pairs meet, e.g. “Foyer, by the "
            "cloakroom, 30 minutes before”. Sent to both sides when you publish."
        ),
    )

    def __init__(self, activities: Iterable[Activity], data=None, meeting_point: str = "") -> None:
        super().__init__(data=data, initial={"meeting_point": meeting_point or None})
        self.fields["activity"].choices = [
            (SEASON_CHOICE, _("The whole season (every activity, then season requests)")),
            *[
                (
                    a.pk,
                    _("%(activity)s — %(when)s (%(open)s open)")
                    % {"activity": a.title, "when": _when(a), "open": a.open_requests},
                )
                for a in activities
            ],
        ]


class ChangeBuddyForm(forms.Form):
    buddy = forms.TypedChoiceField(label=gettext_lazy("Buddy"), coerce=int)

    def __init__(
        self, choices: Sequence[tuple[int, str]], data=None, initial=None, pair_id: int = 0
    ) -> None:
        # Several of these forms can be open on the staff page at once: ids per pair.
        super().__init__(data=data, initial={"buddy": initial}, auto_id=f"id_pair{pair_id}_%s")
        self.fields["buddy"].choices = list(choices)


class VolunteerFilter(forms.Form):
    """Search and filters of the staff volunteers list (GET)."""

    q = forms.CharField(label=gettext_lazy("Name"), max_length=120, required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Still volunteering")), *Buddy.Status.choices],
    )
    practice = forms.TypedChoiceField(
        label=gettext_lazy("Helps with"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, practices: Sequence[Practice], data: Mapping | None = None) -> None:
        super().__init__(data=data)
        self.fields["practice"].choices = [
            ("", _("Any practice")),
            *[(p.pk, p.name) for p in practices],
        ]


class VettingForm(forms.Form):
    """Staff record a check of a volunteer: when, and what it was."""

    checked_on = forms.DateField(
        label=gettext_lazy("Date of the check"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Give the date of the check."),
            "invalid": gettext_lazy(
                "Give the date of the check as day/month/year, e.g. 14/03/2026."
            ),
        },
    )
    reference = SingleLineField(
        label=gettext_lazy("What the check was"),
        max_length=200,
        help_text=gettext_lazy("E.g. a DBS certificate number, or “met in person”."),
        error_messages={"required": gettext_lazy("Say what the check was.")},
    )


class ApprovalSettingForm(forms.Form):
    approval_needed = forms.BooleanField(
        label=gettext_lazy("New volunteers wait for staff approval before they are matched"),
        required=False,
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            gettext_lazy("Up to {most} characters. Your email address is not shared."),
            most=f"{MAX_MESSAGE:,}",
        ),
        error_messages={"required": gettext_lazy("Write a message first.")},
    )
