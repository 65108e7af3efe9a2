"""Value statements on the staff pages: each organisation words what it asks people."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from overture.organisations.access import role_required
from overture.organisations.forms import save_unless_taken
from overture.organisations.roles import Action

from .forms import ValueStatementForm
from .models import ValueDimension


@role_required(Action.MANAGE)
def statement_list(request: HttpRequest) -> HttpResponse:
    statements = ValueDimension.objects.filter(organisation=request.organisation)
    return render(
        request,
        "insight/staff/statement_list.html",
        {"statements": statements, "section": "organisation"},
    )


@role_required(Action.MANAGE)
def statement_create(request: HttpRequest) -> HttpResponse:
    last = ValueDimension.objects.filter(organisation=request.organisation).last()
    position = (last.position + 1) if last else 0
    return _statement_form(
        request, ValueDimension(organisation=request.organisation, position=position)
    )


@role_required(Action.MANAGE)
def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(ValueDimension, pk=pk, organisation=request.organisation)
    return _statement_form(request, statement)


def _statement_form(request: HttpRequest, statement: ValueDimension) -> HttpResponse:
    creating = statement.pk is None
    form = ValueStatementForm(request.POST or None, instance=statement)
    taken = _("A statement with this name already exists.")
    if request.method == "POST" and form.is_valid() and save_unless_taken(form, "label", taken):
        saved = (
            _("Added the statement “%(statement)s”.")
            if creating
            else _("Saved the statement “%(statement)s”.")
        )
        messages.success(request, saved % {"statement": statement})
        return redirect("staff_value_statements", org=request.organisation.slug)
    return render(
        request,
        "insight/staff/statement_form.html",
        {
            "form": form,
            "statement": statement,
            "creating": creating,
            "has_errors": bool(form.errors),
            "section": "organisation",
        },
    )
