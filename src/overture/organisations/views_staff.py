"""Members and their roles, managed by the organisation's admins on the staff pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .access import role_required
from .forms import InviteForm, PrivacyNoticeForm, RoleForm
from .mail import email_message
from .models import Membership
from .refusals import show_refusal
from .roles import ACTION_WORDS, ROLE_ACTIONS, Action


def _members_url(request: HttpRequest) -> str:
    return reverse("staff_members", kwargs={"org": request.organisation.slug})


@role_required(Action.MANAGE)
def members(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        try:
            membership, new_account = services.invite_member(request.organisation, email, role)
        except services.MembershipRefused as refusal:
            show_refusal(request, refusal, form)
        else:
            _send_invitation(request, membership, new_account)
            return redirect(_members_url(request))
    memberships = (
        Membership.objects.filter(organisation=request.organisation)
        .select_related("user")
        .order_by("user__email", "user__username")
    )
    return render(
        request,
        "organisations/staff/members.html",
        {
            "form": form,
            "memberships": memberships,
            "roles": Membership.Role.choices,
            "matrix": _matrix(),
            "has_errors": bool(form.errors),
            "section": "organisation",
        },
    )


def _matrix() -> list[tuple[str, list[bool]]]:
    """What each role may do, as rows of the table on the members page."""
    roles = Membership.Role.values
    return [
        (ACTION_WORDS[action], [action in ROLE_ACTIONS[role] for role in roles])
        for action in Action
    ]


def _send_invitation(request: HttpRequest, membership: Membership, new_account: bool) -> None:
    user, organisation = membership.user, membership.organisation
    context = {
        "organisation": organisation,
        "role": membership.get_role_display(),
        "inviter": request.user.get_full_name() or request.user.get_username(),
        "staff_url": request.build_absolute_uri(
            reverse("staff_dashboard", kwargs={"org": organisation.slug})
        ),
        "set_password_url": request.build_absolute_uri(
            reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        )
        if new_account
        else "",
    }
    subject = _("You have been added to %(organisation)s on Overture") % {
        "organisation": organisation.name
    }
    body = render_to_string("organisations/email/invitation.txt", context)
    try:
        email_message(subject, body, [user.email]).send()
    except Exception as error:
        messages.warning(
            request,
            _(
                "Added %(email)s as %(role)s, but the invitation could not be sent "
                "(%(error)s). They can use “Forgot your password?” on the "
                "login page to choose a password."
            )
            % {"email": user.email, "role": context["role"], "error": error.__class__.__name__},
        )
    else:
        messages.success(
            request,
            _("Added %(email)s as %(role)s and emailed them.")
            % {"email": user.email, "role": context["role"]},
        )


@role_required(Action.MANAGE)
@require_POST
def change_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, organisation=request.organisation)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect(_members_url(request))
    try:
        services.change_role(membership, form.cleaned_data["role"])
    except services.MembershipRefused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": membership.user.get_username(), "role": membership.get_role_display()},
        )
    return redirect(_members_url(request))


@role_required(Action.MANAGE)
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = Membership.objects.filter(pk=pk, organisation=request.organisation).first()
    if membership is None:  # removed already: nothing to do
        return redirect(_members_url(request))
    try:
        services.remove_member(membership)
    except services.MembershipRefused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(
            request,
            _("%(user)s is no longer a member of the staff here; their account stays.")
            % {"user": membership.user.get_username()},
        )
    return redirect(_members_url(request))


@role_required(Action.MANAGE)
def privacy_notice(request: HttpRequest) -> HttpResponse:
    form = PrivacyNoticeForm(request.POST or None, instance=request.organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved the privacy notice."))
        return redirect("staff_privacy_notice", org=request.organisation.slug)
    return render(
        request,
        "organisations/staff/privacy_form.html",
        {"form": form, "has_errors": bool(form.errors), "section": "organisation"},
    )
