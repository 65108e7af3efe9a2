"""Django admin: each organisation words its own value dimensions; answers are read-only."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Answer, Survey, SurveyResponse, ValueDimension


@admin.register(ValueDimension)
class ValueDimensionAdmin(admin.ModelAdmin):
    list_display = ["label", "statement", "organisation", "position", "active"]
    list_editable = ["statement", "position", "active"]
    list_filter = ["organisation", "active"]
    list_select_related = ["organisation"]
    search_fields = ["label", "statement", "key"]
    ordering = ["organisation", "position", "pk"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Responses change only through the survey itself."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["dimension", "score"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["activity", "moment", "opens_at", "closes_at", "allow_anonymous"]
    list_filter = ["moment", "activity__organisation"]
    list_select_related = ["activity"]
    search_fields = ["activity__title"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["survey", "participant", "level", "first_time", "created_at"]
    list_filter = ["survey__activity__organisation", "first_time"]
    list_select_related = ["survey__activity", "participant"]
    search_fields = ["survey__activity__title", "worthwhile", "in_the_way"]
    inlines = [AnswerInline]
