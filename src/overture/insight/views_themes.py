"""The organisation's practical themes on the staff pages: list, add, rename, switch off."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overture.organisations.access import role_required
from overture.organisations.forms import save_unless_taken
from overture.organisations.roles import Action

from .forms import ThemeForm
from .models import Theme


@role_required(Action.MANAGE)
def theme_list(request: HttpRequest) -> HttpResponse:
    themes = Theme.objects.filter(organisation=request.organisation)
    return render(
        request, "insight/staff/theme_list.html", {"themes": themes, "section": "organisation"}
    )


@role_required(Action.MANAGE)
def theme_create(request: HttpRequest) -> HttpResponse:
    last = Theme.objects.filter(organisation=request.organisation).last()
    position = (last.position + 1) if last else 0
    return _theme_form(request, Theme(organisation=request.organisation, position=position))


@role_required(Action.MANAGE)
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _theme_form(request, get_object_or_404(Theme, pk=pk, organisation=request.organisation))


@role_required(Action.MANAGE)
@require_POST
def theme_switch(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch a theme on or off; the form says which, so sending it twice changes nothing."""
    theme = get_object_or_404(Theme, pk=pk, organisation=request.organisation)
    active = request.POST.get("active") == "on"
    Theme.objects.filter(pk=theme.pk).update(active=active)
    switched = (
        _("Switched on the theme “%(theme)s”.")
        if active
        else _("Switched off the theme “%(theme)s”.")
    )
    messages.success(request, switched % {"theme": theme})
    return redirect("staff_themes", org=request.organisation.slug)


def _theme_form(request: HttpRequest, theme: Theme) -> HttpResponse:
    creating = theme.pk is None
    form = ThemeForm(request.POST or None, instance=theme)
    taken = _("A theme with this name already exists.")
    if request.method == "POST" and form.is_valid() and save_unless_taken(form, "label", taken):
        saved = _("Added the theme “%(theme)s”.") if creating else _("Saved the theme “%(theme)s”.")
        messages.success(request, saved % {"theme": theme})
        return redirect("staff_themes", org=request.organisation.slug)
    return render(
        request,
        "insight/staff/theme_form.html",
        {
            "form": form,
            "theme": theme,
            "creating": creating,
            "has_errors": bool(form.errors),
            "section": "organisation",
        },
    )
