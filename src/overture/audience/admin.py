"""Django admin for the audience, kept fast with many participants (no full counts)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import services
from .models import Competence, Participant, Registration


class CompetenceInline(admin.TabularInline):
    model = Competence
    autocomplete_fields = ["practice"]
    extra = 0


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "organisation", "assessed_at", "created_at"]
    list_filter = ["organisation", "consent_contact", "consent_research"]
    list_select_related = ["user", "organisation"]
    search_fields = ["display_name", "user__email", "user__username"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["created_at"]
    show_full_result_count = False
    inlines = [CompetenceInline]

    def delete_model(self, request: HttpRequest, obj: Participant) -> None:
        services.delete_participants(Participant.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        services.delete_participants(queryset)


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["participant", "practice", "level", "source", "confidence", "assessed_at"]
    list_filter = ["source", "level", "practice__organisation"]
    list_select_related = ["participant", "practice"]
    search_fields = ["participant__display_name", "participant__user__email", "practice__name"]
    autocomplete_fields = ["participant", "practice"]
    show_full_result_count = False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Registrations change through the registration service, which keeps places_taken true."""

    list_display = ["participant", "activity", "status", "created_at"]
    list_filter = ["status", "activity__organisation", "activity__format"]
    list_select_related = ["participant", "activity"]
    search_fields = ["participant__display_name", "participant__user__email", "activity__title"]
    # Places and status change through the site, which keeps the activity's count with them.
    readonly_fields = ["participant", "activity", "status", "places", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["cancel_registrations"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Registration) -> None:
        services.delete_registrations(Registration.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        services.delete_registrations(queryset)

    @admin.action(
        description=gettext_lazy("Cancel the selected registrations (gives the places back)")
    )
    def cancel_registrations(self, request: HttpRequest, queryset: QuerySet) -> None:
        cancelled = 0
        for registration in queryset.filter(status=Registration.Status.CONFIRMED).select_related(
            "participant", "activity"
        ):
            try:
                services.cancel_registration(registration.participant, registration.activity_id)
            except services.RegistrationRefused as refusal:
                self.message_user(
                    request,
                    _("%(participant)s at %(activity)s: %(reason)s")
                    % {
                        "participant": registration.participant,
                        "activity": registration.activity,
                        "reason": refusal,
                    },
                    messages.WARNING,
                )
            else:
                cancelled += 1
        self.message_user(
            request,
            ngettext(
                "Cancelled %(count)s registration(s).",
                "Cancelled %(count)s registration(s).",
                cancelled,
            )
            % {"count": cancelled},
            messages.SUCCESS,
        )
