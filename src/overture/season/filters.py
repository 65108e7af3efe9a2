"""The season's filter form: every value is optional, and a bad one is reported and ignored."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from overture.organisations.models import Organisation

from .models import AudienceLabel, Format, Practice
from .practical import ACCESS_FEATURES
from .selectors import SeasonFilters

EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


# Day before month, as people in Britain write dates; ISO dates still work in shared links.
BRITISH_DATE_INPUTS = ["%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y", "%d.%m.%Y", "%Y-%m-%d"]


def _date_field(label: Promise) -> forms.DateField:
    out_of_range = format_lazy(
        gettext_lazy("“{label}” must be a date between 2000 and 2999, so it was ignored."),
        label=label,
    )
    return forms.DateField(
        label=label,
        required=False,
        input_formats=BRITISH_DATE_INPUTS,
        # A text box, not the browser's date picker, which orders day and month by the
        # browser's language rather than the site's.
        widget=forms.DateInput(
            attrs={"inputmode": "numeric", "placeholder": gettext_lazy("dd/mm/yyyy"), "size": 10},
            format="%d/%m/%Y",
        ),
        help_text=gettext_lazy("Day/month/year, e.g. 14/03/2027"),
        validators=[
            MinValueValidator(EARLIEST, message=out_of_range),
            MaxValueValidator(LATEST, message=out_of_range),
        ],
        error_messages={
            "invalid": format_lazy(
                gettext_lazy(
                    "“{label}” isn’t a date we understand (write it as 14/03/2027), "
                    "so it was ignored."
                ),
                label=label,
            )
        },
    )


class SeasonFilterForm(forms.Form):
    date_from = _date_field(gettext_lazy("From"))
    date_to = _date_field(gettext_lazy("To"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        required=False,
        choices=[("", gettext_lazy("Any format")), *Format.choices],
        error_messages={
            "invalid_choice": gettext_lazy("That format isn’t one we offer, so it was ignored.")
        },
    )
    practice = forms.ModelChoiceField(
        label=gettext_lazy("Practice"),
        required=False,
        queryset=Practice.objects.none(),
        empty_label=gettext_lazy("Any practice"),
        error_messages={
            "invalid_choice": gettext_lazy("That practice isn’t one of ours, so it was ignored.")
        },
    )

    audience = forms.TypedChoiceField(
        label=gettext_lazy("Experience asked"),
        required=False,
        choices=[("", pgettext_lazy("experience asked", "Any")), *AudienceLabel.choices],
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": gettext_lazy(
                "That isn’t one of the choices for “Experience asked”, so it was ignored."
            )
        },
    )

    free = forms.BooleanField(label=gettext_lazy("Free only"), required=False)
    access = forms.MultipleChoiceField(
        label=gettext_lazy("Access I need"),
        required=False,
        choices=ACCESS_FEATURES,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only activities that offer everything you tick."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "One of the access needs isn’t one we list, so they were ignored."
            )
        },
    )

    def __init__(self, data: object, organisation: Organisation) -> None:
        super().__init__(data)
        self.fields["practice"].queryset = Practice.objects.filter(organisation=organisation)

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("“To” is before “From”, so it was ignored."))
        return cleaned

    def filters(self) -> SeasonFilters:
        """The valid filters; invalid fields are left out (their errors stay on the form)."""
        self.is_valid()
        cleaned = self.cleaned_data
        practice = cleaned.get("practice")
        return SeasonFilters(
            date_from=cleaned.get("date_from"),
            date_to=cleaned.get("date_to"),
            format=cleaned.get("format") or None,
            practice_id=practice.pk if practice else None,
            audience_label=cleaned.get("audience"),
            free=bool(cleaned.get("free")),
            access=tuple(cleaned.get("access") or ()),
        )

    def access_words(self) -> list[str]:
        """The access needs ticked (and understood), in words."""
        chosen = set(self.filters().access)
        return [str(words) for field, words in ACCESS_FEATURES if field in chosen]

    def ignored(self) -> list[str]:
        """Why some filters were ignored, one sentence each."""
        return [message for errors in self.errors.values() for message in errors]
