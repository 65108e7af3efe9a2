"""Django admin for advice rules (staff edit them as data) and, read-only, zoning runs.

Superusers see every organisation's rows; other admin users only those of the organisations
they are an admin of.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from overture.engines.advice import FIGURES, SCOPES, check_rule
from overture.organisations.models import Membership, Organisation

from .figures import rule_of
from .models import AdviceRule, ZoningRun

SCOPE_NAMES = dict(AdviceRule.Scope.choices)
SCOPE_WORDS = {"activity": "each activity", "season": "the season"}
# How each kind of figure reads, with a placeholder for it; FIGURE stands for its name.
KIND_WORDS = {
    "index": "index 0–1, e.g. {FIGURE:.2f}",
    "share": "share 0–1, e.g. {FIGURE:.0%}",
    "count": "count, e.g. {FIGURE}",
    "number": "number, e.g. {FIGURE:.2f}",
    "text": "a name, e.g. {FIGURE}; text only, and advice naming it is left out when there is none",
}


def own_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """The organisations whose rows the user may see in the admin."""
    if request.user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=request.user, memberships__role=Membership.Role.ADMIN
    )


def figure_choices(blank: bool = False) -> list:
    """Figure names grouped by scope, each with what it means."""
    groups = [
        (
            SCOPE_NAMES[scope],
            [
                (figure.name, f"{figure.name} — {figure.description}")
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
            "<li><code>{{{}}}</code> — {} <span class='quiet'>({})</span></li>",
            (
                (f.name, f.description, KIND_WORDS[f.kind].replace("FIGURE", f.name))
                for f in FIGURES.values()
                if f.scope == scope
            ),
        )
        sections.append(
            format_html(
                "<p><strong>Figures of {}</strong></p><ul>{}</ul>", SCOPE_WORDS[scope], items
            )
        )
    intro = mark_safe(
        "<p>What to do, with the figures between braces, e.g. <code>{free_buddies}</code> or "
        "<code>{newcomer_share:.0%}</code> for a percentage. A rule applies when every "
        "condition holds; a figure that is not known yet never holds. Conditions and text "
        "use the figures of the rule's scope.</p>"
    )
    return intro + format_html_join("", "{}", ((section,) for section in sections))


# Which field each of check_rule's problems belongs to, by how it starts.
PROBLEM_FIELDS = (
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


FIGURE_HELP = "A figure of the rule's scope; the list under the advice text says what each means."


class AdviceRuleForm(forms.ModelForm):
    when_figure = FigureField(label="When", choices=figure_choices, help_text=FIGURE_HELP)
    and_figure = FigureField(
        label="And when",
        choices=lambda: figure_choices(blank=True),
        required=False,
        help_text="Optional: a second condition that must hold as well.",
    )

    class Meta:
        model = AdviceRule
        fields = ["organisation", *RULE_FIELDS, "active"]
        labels = {
            "when_comparison": "Comparison",
            "when_value": "Value",
            "and_comparison": "Comparison",
            "and_value": "Value",
        }
        widgets = {"advice": forms.Textarea(attrs={"rows": 4, "cols": 90})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advice"].help_text = figures_help()

    def clean(self) -> dict:
        data = super().clean()
        self._check_second_condition(data)
        if self.errors:
            return data
        fields = {name: data.get(name) for name in RULE_FIELDS}
        fields["and_figure"] = fields["and_figure"] or ""
        fields["and_comparison"] = fields["and_comparison"] or ""
        problems = check_rule(rule_of(AdviceRule(**fields)))
        for problem in problems:
            self.add_error(problem_field(problem), ValidationError(problem))
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
                    "Give the second condition in full — figure, comparison and value — "
                    "or leave all three empty.",
                )


@admin.register(AdviceRule)
class AdviceRuleAdmin(admin.ModelAdmin):
    form = AdviceRuleForm
    list_display = ["name", "variable", "scope", "weight", "active", "organisation"]
    list_filter = [
        "variable",
        "scope",
        "active",
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organisation"]
    search_fields = ["name", "advice"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["switch_on", "switch_off"]
    fieldsets = [
        (None, {"fields": ["organisation", "name", "variable", "scope", "weight", "active"]}),
        (
            "Conditions",
            {
                "fields": [
                    ("when_figure", "when_comparison", "when_value"),
                    ("and_figure", "and_comparison", "and_value"),
                ],
                "description": "The advice applies when the first condition holds and, if "
                "given, the second one too.",
            },
        ),
        ("Advice", {"fields": ["advice"]}),
        ("Changes", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_fieldsets(self, request: HttpRequest, obj: AdviceRule | None = None):
        return self.fieldsets if obj else self.fieldsets[:-1]  # no changes before it exists

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        own = list(own_organisations(request)[:2])
        if len(own) == 1:  # the usual case: an admin of one organisation
            initial.setdefault("organisation", own[0].pk)
        return initial

    def get_queryset(self, request: HttpRequest) -> QuerySet[AdviceRule]:
        return super().get_queryset(request).filter(organisation__in=own_organisations(request))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = own_organisations(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description="Switch the selected rules on")
    def switch_on(self, request: HttpRequest, queryset: QuerySet[AdviceRule]) -> None:
        changed = queryset.update(active=True)
        self.message_user(request, f"Switched on {changed} rule(s).", messages.SUCCESS)

    @admin.action(description="Switch the selected rules off")
    def switch_off(self, request: HttpRequest, queryset: QuerySet[AdviceRule]) -> None:
        changed = queryset.update(active=False)
        self.message_user(request, f"Switched off {changed} rule(s).", messages.SUCCESS)


@admin.register(ZoningRun)
class ZoningRunAdmin(admin.ModelAdmin):
    """Read-only: zonings are run and confirmed on the activity's audience mix page."""

    list_display = [
        "activity",
        "status",
        "registrants",
        "seated",
        "conflict_before",
        "conflict_after",
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["status", ("activity__organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["activity"]
    search_fields = ["activity__title"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ZoningRun]:
        return (
            super()
            .get_queryset(request)
            .filter(activity__organisation__in=own_organisations(request))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ZoningRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ZoningRun | None = None) -> bool:
        return False
