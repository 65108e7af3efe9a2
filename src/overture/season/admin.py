"""Django admin for the season: practices, activities with their requirements and zones."""

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Activity, Practice, Requirement, Zone


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "slug", "default_strictness"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["organisation", "name", "slug", "summary"]}),
        (_("Score"), {"fields": ["procedures", "understandings", "engagements"]}),
        (
            _("Self-assessment and strictness"),
            {"fields": ["assessment_question", "default_strictness"]},
        ),
    ]


class RequirementInline(admin.TabularInline):
    model = Requirement
    autocomplete_fields = ["practice"]
    extra = 0


class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "format",
        "status",
        "starts_at",
        "places_taken",
        "capacity",
    ]
    list_filter = ["status", "format", "organisation", "online"]
    list_select_related = ["organisation"]
    search_fields = ["title", "venue"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisation"]
    readonly_fields = ["places_taken", "created_at"]
    inlines = [RequirementInline, ZoneInline]

    def save_model(
        self, request: HttpRequest, obj: Activity, form: ModelForm | None, change: bool
    ) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # The registration service keeps places_taken; writing back the count read when the
        # form was loaded would undo registrations made in the meantime.
        fields = [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key]
        obj.save(update_fields=fields)


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["activity", "practice", "required_level", "strictness"]
    list_filter = ["required_level", "activity__organisation"]
    list_select_related = ["activity", "practice"]
    search_fields = ["activity__title", "practice__name"]
    autocomplete_fields = ["activity", "practice"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "activity", "capacity"]
    list_filter = ["activity__organisation"]
    list_select_related = ["activity"]
    search_fields = ["name", "activity__title"]
    autocomplete_fields = ["activity"]
