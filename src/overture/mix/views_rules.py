"""Advice rules on the staff pages: the organisation's admins keep them as data, and see how
a rule's advice reads now while they write it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overture.organisations.access import role_required
from overture.organisations.forms import save_unless_taken
from overture.organisations.roles import Action

from .figures import rule_of
from .forms import NAME_TAKEN, AdviceRuleForm, RulePreviewForm, figures_help
from .models import AdviceRule
from .selectors_rules import rule_preview as read_rule

PREVIEW_TEMPLATE = "mix/staff/_rule_preview.html"


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
    form = AdviceRuleForm(request.POST or None, instance=rule, figures_beside=True)
    previewing = "preview" in request.POST
    saving = request.method == "POST" and not previewing
    if saving and form.is_valid() and save_unless_taken(form, "name", NAME_TAKEN):
        saved = _("Added the rule “%(rule)s”.") if creating else _("Saved the rule “%(rule)s”.")
        messages.success(request, saved % {"rule": rule})
        return redirect("staff_advice_rules", org=request.organisation.slug)
    posted = request.POST if request.method == "POST" else None
    return render(
        request,
        "mix/staff/rule_form.html",
        {
            "form": form,
            "rule": rule,
            "creating": creating,
            "has_errors": saving and bool(form.errors),
            "section": "organisation",
            "figure_list": figures_help(),
            **_preview(request, posted, rule),
        },
    )


@role_required(Action.MANAGE)
@require_POST
def rule_preview(request: HttpRequest) -> HttpResponse:
    """The preview of the rule as typed so far (the rule form sends it as staff type)."""
    return render(request, PREVIEW_TEMPLATE, _preview(request, request.POST, None))


def _preview(request: HttpRequest, data: QueryDict | None, stored: AdviceRule | None) -> dict:
    """The preview's context: of the posted rule, else of the stored one."""
    if data is not None:
        form = RulePreviewForm(
            data, instance=AdviceRule(organisation=request.organisation), figures_beside=True
        )
        if not form.is_valid():
            return {"preview": None, "preview_problems": form.problems()}
        rule = rule_of(form.instance)
    elif stored is not None and stored.pk is not None:
        rule = rule_of(stored)
    else:
        return {"preview": None, "preview_problems": []}
    activity_id = (data or {}).get("preview_activity", "")
    chosen = int(activity_id) if activity_id.isascii() and activity_id.isdigit() else None
    return {"preview": read_rule(request.organisation, rule, chosen), "preview_problems": []}


@role_required(Action.MANAGE)
@require_POST
def rule_switch(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch a rule on or off; the form says which, so sending it twice changes nothing."""
    rule = get_object_or_404(AdviceRule, pk=pk, organisation=request.organisation)
    active = request.POST.get("active") == "on"
    AdviceRule.objects.filter(pk=rule.pk).update(active=active)
    switched = _("Switched on “%(rule)s”.") if active else _("Switched off “%(rule)s”.")
    messages.success(request, switched % {"rule": rule})
    return redirect("staff_advice_rules", org=request.organisation.slug)


@role_required(Action.MANAGE)
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = AdviceRule.objects.filter(pk=pk, organisation=request.organisation).first()
    if rule is not None:
        rule.delete()
        messages.success(request, _("Deleted the rule “%(rule)s”.") % {"rule": rule})
    return redirect("staff_advice_rules", org=request.organisation.slug)
