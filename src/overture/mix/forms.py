"""The advice rule form: figures to pick from, and the engine's checks in plain words.

Organisation admins edit rules on the staff pages; operators use the same form in the
Django admin, with the organisation to choose.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.engines.mix.advice import FIGURES, SCOPES, check_rule

from . import wording
from .figures import rule_of
from .models import AdviceRule

SCOPE_NAMES = dict(AdviceRule.Scope.choices)
SCOPE_WORDS = {"activity": gettext_lazy("each activity"), "season": gettext_lazy("the season")}
# How each kind of figure reads in the advice.
KIND_WORDS = {
    "index": gettext_lazy("reads like 0.46, from 0 to 1"),
    "share": gettext_lazy("reads like 34 %"),
    "count": gettext_lazy("reads like 1,234"),
    "number": gettext_lazy("reads like 0.25"),
    "level": gettext_lazy("reads as newcomer, novice, regular or expert"),
    "text": gettext_lazy("a name; advice naming it is left out when there is none"),
}


def figure_choices(blank: bool = False) -> list:
    """Figure names grouped by scope, each with what it means."""
    groups = [
        (
            SCOPE_NAMES[scope],
            [
                (
                    figure.name,
                    _("%(figure)s — %(meaning)s")
                    % {"figure": figure.words, "meaning": figure.description},
                )
                for figure in FIGURES.values()
                if figure.scope == scope and figure.kind != "text"
            ],
        )
        for scope in SCOPES
    ]
    return [("", "—"), *groups] if blank else groups


def figures_help() -> SafeString:
    """An HTML list of every figure a rule can use, per scope, with its meaning."""
    sections = []
    for scope in SCOPES:
        items = format_html_join(
            "",
            _("<li><code>{{{}}}</code> — {} <span class='quiet'>({})</span></li>"),
            (
                (f.words, f.description, KIND_WORDS[f.kind])
                for f in FIGURES.values()
                if f.scope == scope
            ),
        )
        sections.append(
            format_html(_("<h3>Figures of {}</h3><ul>{}</ul>"), SCOPE_WORDS[scope], items)
        )
    intro = mark_safe(
        _(
            "<p>What to do, with figures named between braces, e.g. “Only <code>{newcomer share}"
            "</code> of the audience are newcomers at <code>{activity}</code>”. Each figure is "
            "shown the way it reads best: shares as percentages, counts with commas, levels in "
            "words. A rule applies when every condition holds; a figure that is not known yet "
            "never holds. Conditions and text use the figures of the rule's scope.</p>"
        )
    )
    return intro + format_html_join("", "{}", ((section,) for section in sections))


# Which field a problem shown in words belongs to, by how it starts (for the preview).
PROBLEM_FIELDS = (
    ("There is no figure called", "advice"),
    ("When:", "when_figure"),
    ("And when:", "and_figure"),
    ("In the advice text", "advice"),
    ('In "', "advice"),
    ('"{', "advice"),
    ("The advice text", "advice"),
    ("Write the advice text", "advice"),
    ("The weight", "weight"),
)


def problem_field(problem: str) -> str | None:
    for start, field in PROBLEM_FIELDS:
        if problem.startswith(start):
            return field
    return None


# The fields that make up a rule as the engine checks it.
RULE_FIELDS = (
    "name",
    "variable",
    "scope",
    "when_figure",
    "when_comparison",
    "when_value",
    "and_figure",
    "and_comparison",
    "and_value",
    "advice",
    "weight",
)


class FigureField(forms.ChoiceField):
    """A figure picked from the list; any other name is left to `check_rule`, which says
    in plain words what is wrong with it (and which figure was probably meant)."""

    def valid_value(self, value: str) -> bool:
        return True


FIGURE_HELP = gettext_lazy(
    "A figure of the rule's scope; the list of figures says what each one means."
)


NAME_TAKEN = gettext_lazy("Another rule already has this name; choose another.")


class AdviceRuleForm(forms.ModelForm):
    when_figure = FigureField(
        label=gettext_lazy("When"), choices=figure_choices, help_text=FIGURE_HELP
    )
    and_figure = FigureField(
        label=gettext_lazy("And when"),
        choices=lambda: figure_choices(blank=True),
        required=False,
        help_text=gettext_lazy("Optional: a second condition that must hold as well."),
    )

    class Meta:
        model = AdviceRule
        fields = [*RULE_FIELDS, "active"]
        labels = {
            "when_comparison": gettext_lazy("Comparison"),
            "when_value": gettext_lazy("Value"),
            "and_comparison": gettext_lazy("Comparison"),
            "and_value": gettext_lazy("Value"),
        }
        widgets = {"advice": forms.Textarea(attrs={"rows": 4, "cols": 90})}

    def __init__(self, *args, figures_beside: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The staff page lists the figures beside the text; the admin lists them under it.
        self.fields["advice"].help_text = (
            _(
                "Name figures between braces, e.g. {newcomer share}; the list of figures says "
                "what each one means and how it reads."
            )
            if figures_beside
            else figures_help()
        )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if self.instance.organisation_id is not None:
            others = AdviceRule.objects.filter(
                organisation_id=self.instance.organisation_id, name=name
            ).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(NAME_TAKEN)
        return name

    def _get_validation_exclusions(self) -> set[str]:
        # The organisation is set on the instance by the staff page, so the per-organisation
        # check of the rule's name still runs where the form does not show the field.
        exclusions = super()._get_validation_exclusions()
        if self.instance.organisation_id is not None:
            exclusions.discard("organisation")
        return exclusions

    def clean(self) -> dict:
        data = super().clean()
        self._check_second_condition(data)
        if self.errors:
            return data
        fields = {name: data.get(name) for name in RULE_FIELDS}
        fields["and_figure"] = fields["and_figure"] or ""
        fields["and_comparison"] = fields["and_comparison"] or ""
        for problem in check_rule(rule_of(AdviceRule(**fields))):
            self.add_error(
                wording.problem_field(problem), ValidationError(wording.problem_words(problem))
            )
        return data

    def _check_second_condition(self, data: dict) -> None:
        parts = {
            "and_figure": data.get("and_figure"),
            "and_comparison": data.get("and_comparison"),
            "and_value": data.get("and_value"),
        }
        given = {name for name, value in parts.items() if value not in ("", None)}
        if given and len(given) < len(parts):
            for name in parts.keys() - given:
                self.add_error(
                    name,
                    _(
                        "Give the second condition in full — figure, comparison and value — "
                        "or leave all three empty."
                    ),
                )


class RulePreviewForm(AdviceRuleForm):
    """The rule as typed so far, to preview how it reads (its name does not matter here)."""

    class Meta(AdviceRuleForm.Meta):
        fields = [name for name in RULE_FIELDS if name != "name"]

    def problems(self) -> list[str]:
        """The form's errors as sentences that say which part of the rule they are about."""
        found = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                starts_with_part = name == "advice" or problem_field(error) is not None
                found.append(
                    error
                    if starts_with_part or not label
                    else _("%(part)s: %(error)s") % {"part": label, "error": error}
                )
        return list(dict.fromkeys(found))
