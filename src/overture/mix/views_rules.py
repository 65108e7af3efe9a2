"""Advice rules on the staff pages: the organisation's admins keep them as data."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from overture.organisations.access import role_required
from overture.organisations.forms import save_unless_taken
from overture.organisations.roles import Action

from .forms import NAME_TAKEN, AdviceRuleForm
from .models import AdviceRule


@role_required(Action.MANAGE)
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = AdviceRule.objects.filter(organisation=request.organisation)
    return render(request, "mix/staff/rule_list.html", {"rules": rules, "section": "organisation"})


@role_required(Action.MANAGE)
def rule_create(request: HttpRequest) -> HttpResponse:
    return _rule_form(request, AdviceRule(organisation=request.organisation))


@role_required(Action.MANAGE)
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(AdviceRule, pk=pk, organisation=request.organisation)
    return _rule_form(request, rule)


def _rule_form(request: HttpRequest, rule: AdviceRule) -> HttpResponse:
    creating = rule.pk is None
    form = AdviceRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid() and save_unless_taken(form, "name", NAME_TAKEN):
        messages.success(request, f"{'Added' if creating else 'Saved'} the rule “{rule}”.")
        return redirect("staff_advice_rules", org=request.organisation.slug)
    return render(
        request,
        "mix/staff/rule_form.html",
        {
            "form": form,
            "rule": rule,
            "creating": creating,
            "has_errors": bool(form.errors),
            "section": "organisation",
        },
    )


@role_required(Action.MANAGE)
@require_POST
def rule_switch(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch a rule on or off; the form says which, so sending it twice changes nothing."""
    rule = get_object_or_404(AdviceRule, pk=pk, organisation=request.organisation)
    active = request.POST.get("active") == "on"
    AdviceRule.objects.filter(pk=rule.pk).update(active=active)
    messages.success(request, f"Switched {'on' if active else 'off'} “{rule}”.")
    return redirect("staff_advice_rules", org=request.organisation.slug)


@role_required(Action.MANAGE)
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = AdviceRule.objects.filter(pk=pk, organisation=request.organisation).first()
    if rule is not None:
        rule.delete()
        messages.success(request, f"Deleted the rule “{rule}”.")
    return redirect("staff_advice_rules", org=request.organisation.slug)
