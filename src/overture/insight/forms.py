"""The value-experience survey as a form, and the staff form for when a survey takes answers."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.validators import RegexValidator
from django.utils.functional import Promise
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    OPEN_TEXT_LIMIT,
    QUESTION_TEXT_LIMIT,
    SHORT_ANSWER_LIMIT,
    SurveyQuestion,
    Theme,
    ValueDimension,
)
from .services_questions import answer_error, scale_words

# Submission tokens come from secrets.token_urlsafe.
TOKEN_ALPHABET = r"\A[A-Za-z0-9_-]+\Z"

AGREEMENT = [
    (1, gettext_lazy("Strongly disagree")),
    (2, gettext_lazy("Disagree")),
    (3, gettext_lazy("Neither agree nor disagree")),
    (4, gettext_lazy("Agree")),
    (5, gettext_lazy("Strongly agree")),
]
FIRST_TIME_CHOICES = [
    ("yes", gettext_lazy("Yes")),
    ("no", gettext_lazy("No")),
    ("", gettext_lazy("Prefer not to say")),
]
WHEN = "%Y-%m-%dT%H:%M"
FIRST_TIME_VALUES = {"yes": True, "no": False, "": None}


def dimension_field_name(dimension: ValueDimension) -> str:
    return f"dimension_{dimension.pk}"


def question_field_name(question: SurveyQuestion) -> str:
    return f"question_{question.pk}"


def _question_field(question: SurveyQuestion) -> forms.Field:
    """The answer field of an own question; answering it is optional."""
    if question.kind == SurveyQuestion.Kind.TEXT:
        return forms.CharField(
            label=question.text,
            required=False,
            help_text=_("Optional; up to %(limit)s characters.") % {"limit": SHORT_ANSWER_LIMIT},
            widget=forms.TextInput(attrs={"maxlength": SHORT_ANSWER_LIMIT}),
        )
    if question.kind == SurveyQuestion.Kind.SCALE:
        ends = {1: question.low_label, 5: question.high_label}
        choices = [(str(n), f"{n} {ends[n]}" if ends.get(n) else str(n)) for n in range(1, 6)]
        help_text = _("Optional; from %(scale)s.") % {"scale": scale_words(question)}
    else:
        choices = [(option, option) for option in question.choices]
        help_text = _("Optional; choose one.")
    return forms.ChoiceField(
        label=question.text,
        required=False,
        choices=choices,
        help_text=help_text,
        widget=forms.RadioSelect,
        # The question's own words may hold a "%", which Django would read as a placeholder.
        error_messages={
            "invalid_choice": (answer_error(question, "\x00") or "").replace("%", "%%")
        },
    )


def _open_text(label: Promise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=OPEN_TEXT_LIMIT,
        help_text=format_lazy(
            gettext_lazy("Optional; up to {limit} characters."), limit=OPEN_TEXT_LIMIT
        ),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": OPEN_TEXT_LIMIT}),
        error_messages={
            "max_length": format_lazy(
                gettext_lazy(
                    "Please keep this answer to {limit} characters (it has %(show_value)d)."
                ),
                limit=OPEN_TEXT_LIMIT,
            )
        },
    )


class SurveyForm(forms.Form):
    """One radio group per statement, the two open questions, consent."""

    submission_token = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        validators=[
            RegexValidator(
                TOKEN_ALPHABET,
                gettext_lazy("This form has expired: please reload it."),
                code="expired",
            )
        ],
    )
    worthwhile = _open_text(gettext_lazy("What made it worthwhile?"))
    in_the_way = _open_text(gettext_lazy("What got in the way?"))
    first_time = forms.ChoiceField(
        label=gettext_lazy("Was this your first time with us?"),
        choices=FIRST_TIME_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("Answer anonymously (we won’t link these answers to your name)"),
        required=False,
    )
    consented = forms.BooleanField(
        label=gettext_lazy("I agree to my answers being used as described above"),
        error_messages={
            "required": gettext_lazy("Please tick the box to agree to how we use your answers.")
        },
    )
    may_quote = forms.BooleanField(
        label=gettext_lazy("You may quote what I wrote, without my name, to show what people said"),
        required=False,
    )

    def __init__(
        self,
        dimensions: Sequence[ValueDimension],
        *,
        logged_in: bool,
        allow_anonymous: bool,
        questions: Sequence[SurveyQuestion] = (),
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.dimensions = list(dimensions)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question_field_name(question)] = _question_field(question)
        for dimension in self.dimensions:
            self.fields[dimension_field_name(dimension)] = forms.TypedChoiceField(
                label=dimension.statement,
                choices=AGREEMENT,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose an answer for “%(statement)s”")
                    % {"statement": dimension.statement},
                    "invalid_choice": _(
                        "“%(statement)s”: choose from 1 (strongly disagree) to 5 (strongly agree)."
                    )
                    % {"statement": dimension.statement},
                },
            )
        if not logged_in or not allow_anonymous:
            del self.fields["anonymous"]
        self.order_fields(
            ["submission_token"]
            + [dimension_field_name(d) for d in self.dimensions]
            + [question_field_name(q) for q in self.questions]
            + ["worthwhile", "in_the_way", "first_time", "anonymous", "consented", "may_quote"]
        )

    def statement_fields(self) -> list[forms.BoundField]:
        return [self[dimension_field_name(d)] for d in self.dimensions]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[question_field_name(q)] for q in self.questions]

    def own_answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(question_field_name(q), "") for q in self.questions}

    def clean(self) -> dict:
        data = super().clean()
        for question in self.questions:
            name = question_field_name(question)
            error = answer_error(question, (data.get(name) or "").strip())
            if error and name not in self.errors:
                self.add_error(name, error)
        return data

    def scores(self) -> dict[int, int]:
        return {d.pk: self.cleaned_data[dimension_field_name(d)] for d in self.dimensions}

    def first_time_answer(self) -> bool | None:
        return FIRST_TIME_VALUES.get(self.cleaned_data.get("first_time") or "")


class SurveyWindowForm(forms.Form):
    """When the survey takes answers."""

    opens_at = forms.DateTimeField(
        label=gettext_lazy("Opens"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WHEN),
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Closes"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WHEN),
    )

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data


class ValueStatementForm(forms.ModelForm):
    """One value experience as the organisation words it; its key is made from the label once."""

    class Meta:
        model = ValueDimension
        fields = ["label", "statement", "position", "active"]
        labels = {
            "label": gettext_lazy("Name"),
            "position": gettext_lazy("Order"),
            "active": gettext_lazy("Ask it in new answers"),
        }
        help_texts = {"position": gettext_lazy("Statements are asked from the lowest number up.")}

    def clean_label(self) -> str:
        label = self.cleaned_data["label"]
        if self.instance.pk is None:
            key = slugify(label)[:60]
            if not key:
                raise forms.ValidationError(_("Use at least one letter or digit in the name."))
            taken = ValueDimension.objects.filter(
                organisation_id=self.instance.organisation_id, key=key
            )
            if taken.exists():
                raise forms.ValidationError(_("A statement with this name already exists."))
            self.instance.key = key
        return label


class ThemeForm(forms.ModelForm):
    """A practical theme of the code book; its key is made from the name once."""

    class Meta:
        model = Theme
        fields = ["label", "seed_words", "position", "active"]
        labels = {
            "label": gettext_lazy("Name"),
            "seed_words": gettext_lazy("Words people use for it"),
            "position": gettext_lazy("Order"),
            "active": gettext_lazy("In use"),
        }
        help_texts = {
            "seed_words": gettext_lazy(
                "Separated by commas, e.g. parking, last train. The coder starts "
                "from these words and learns more from the answers you review."
            ),
            "active": gettext_lazy("A theme switched off is no longer suggested; answers keep it."),
        }

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if self.instance.pk is None:
            key = slugify(label)[:60].replace("_", "-").strip("-")
            if not key:
                raise forms.ValidationError(_("Use at least one letter or digit in the name."))
            if Theme.objects.filter(
                organisation_id=self.instance.organisation_id, key=key
            ).exists():
                raise forms.ValidationError(_("A theme with this name already exists."))
            self.instance.key = key
        return label


class StatementChoiceForm(forms.Form):
    """Which of the organisation's active value statements the survey asks."""

    statements = forms.ModelMultipleChoiceField(
        queryset=ValueDimension.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Value statements asked"),
        help_text=gettext_lazy("Every active statement is asked unless you choose fewer."),
        error_messages={
            "required": gettext_lazy("Choose at least one statement to ask."),
            "invalid_choice": gettext_lazy("Choose from the statements listed."),
            "invalid_pk_value": gettext_lazy("Choose from the statements listed."),
        },
    )

    def __init__(self, dimensions: Sequence[ValueDimension], **kwargs) -> None:
        super().__init__(**kwargs)
        field = self.fields["statements"]
        field.queryset = ValueDimension.objects.filter(pk__in=[d.pk for d in dimensions])
        field.label_from_instance = lambda d: d.statement


class SurveyQuestionForm(forms.ModelForm):
    """One of the organisation's own questions: its wording, kind, options or scale ends."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of answer"),
        choices=SurveyQuestion.Kind.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SurveyQuestion
        fields = ["text", "kind", "options", "low_label", "high_label", "position"]
        labels = {
            "text": gettext_lazy("Question"),
            "kind": gettext_lazy("Kind of answer"),
            "options": gettext_lazy("Answers to choose from"),
            "low_label": gettext_lazy("Label of 1 (scale)"),
            "high_label": gettext_lazy("Label of 5 (scale)"),
            "position": gettext_lazy("Order"),
        }
        help_texts = {
            "options": gettext_lazy("For a choice: one answer a line, at least two."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "options": forms.Textarea(attrs={"rows": 4}),
            "text": forms.TextInput(attrs={"maxlength": QUESTION_TEXT_LIMIT}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = _(
            "Questions are asked from the lowest number up; leave empty to ask it last."
        )

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        options = [o.strip() for o in (data.get("options") or "").splitlines() if o.strip()]
        if kind == SurveyQuestion.Kind.CHOICE:
            if len(options) < 2:
                self.add_error("options", _("A choice needs at least two answers, one a line."))
            elif len(set(options)) < len(options):
                self.add_error("options", _("Each answer to choose from must differ."))
            elif max(len(o) for o in options) > SHORT_ANSWER_LIMIT:
                self.add_error(
                    "options",
                    _("Keep each answer to %(limit)s characters.") % {"limit": SHORT_ANSWER_LIMIT},
                )
        return data
