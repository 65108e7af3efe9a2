"""Django admin for the buddy programme; pairs change through the staff pages' services."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from .models import Buddy, BuddyPair, BuddyProgramme, BuddyRequest, MatchingRun


@admin.register(Buddy)
class BuddyAdmin(admin.ModelAdmin):
    list_display = ["participant", "vetted", "active", "per_activity", "per_season", "created_at"]
    list_filter = ["vetted", "active", "participant__organisation"]
    list_select_related = ["participant"]
    search_fields = ["participant__display_name", "participant__user__email"]
    autocomplete_fields = ["participant", "practices", "activities"]
    readonly_fields = [
        "vetted_at",
        "vetted_by",
        "approved_at",
        "approved_by",
        "stopped_at",
        "created_at",
        "updated_at",
    ]
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Buddy, form, change: bool) -> None:
        if "vetted" in form.changed_data:
            obj.vetted_at = timezone.now() if obj.vetted else None
        super().save_model(request, obj, form, change)


@admin.register(BuddyProgramme)
class BuddyProgrammeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "approval_needed", "updated_at"]


@admin.register(BuddyRequest)
class BuddyRequestAdmin(admin.ModelAdmin):
    list_display = ["participant", "activity", "language", "minor", "status", "created_at"]
    list_filter = ["status", "minor", "language", "participant__organisation"]
    list_select_related = ["participant", "activity"]
    search_fields = ["participant__display_name", "participant__user__email"]
    autocomplete_fields = ["participant", "activity", "practices"]
    readonly_fields = ["unmatched_reason", "created_at", "withdrawn_at"]
    exclude = ["unmatched_code"]
    show_full_result_count = False


@admin.register(BuddyPair)
class BuddyPairAdmin(admin.ModelAdmin):
    """Read-only: publishing, answers and changes go through the services (notifications)."""

    list_display = ["request", "buddy", "status", "locked", "newcomer_answer", "buddy_answer"]
    list_filter = ["status", "locked", "request__participant__organisation"]
    list_select_related = ["request__participant", "request__activity", "buddy__participant"]
    search_fields = ["request__participant__display_name", "buddy__participant__display_name"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "activity",
        "kind",
        "status",
        "requests",
        "matched",
        "created_at",
    ]
    list_filter = ["status", "kind", "organisation"]
    list_select_related = ["organisation", "activity"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
