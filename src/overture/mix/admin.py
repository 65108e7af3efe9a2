"""Django admin (operators only) for advice rules and, read-only, zoning runs.

Organisation admins edit their own rules on the staff pages (views_rules.py).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import RULE_FIELDS, AdviceRuleForm
from .models import AdviceRule, ZoningRun


class OperatorAdviceRuleForm(AdviceRuleForm):
    class Meta(AdviceRuleForm.Meta):
        fields = ["organisation", *RULE_FIELDS, "active"]


@admin.register(AdviceRule)
class AdviceRuleAdmin(admin.ModelAdmin):
    form = OperatorAdviceRuleForm
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
            gettext_lazy("Conditions"),
            {
                "fields": [
                    ("when_figure", "when_comparison", "when_value"),
                    ("and_figure", "and_comparison", "and_value"),
                ],
                "description": gettext_lazy(
                    "The advice applies when the first condition holds and, if "
                    "given, the second one too."
                ),
            },
        ),
        (gettext_lazy("Advice"), {"fields": ["advice"]}),
        (
            gettext_lazy("Changes"),
            {"fields": ["created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    def get_fieldsets(self, request: HttpRequest, obj: AdviceRule | None = None):
        return self.fieldsets if obj else self.fieldsets[:-1]  # no changes before it exists

    @admin.action(description=gettext_lazy("Switch the selected rules on"))
    def switch_on(self, request: HttpRequest, queryset: QuerySet[AdviceRule]) -> None:
        changed = queryset.update(active=True)
        self.message_user(
            request, _("Switched on %(count)s rule(s).") % {"count": changed}, messages.SUCCESS
        )

    @admin.action(description=gettext_lazy("Switch the selected rules off"))
    def switch_off(self, request: HttpRequest, queryset: QuerySet[AdviceRule]) -> None:
        changed = queryset.update(active=False)
        self.message_user(
            request, _("Switched off %(count)s rule(s).") % {"count": changed}, messages.SUCCESS
        )


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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ZoningRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ZoningRun | None = None) -> bool:
        return False
