"""Signing up: the form, the email that confirms it, and the link that opens the account.

The page says the same whether or not the email already has an account; the email tells its
owner which it is, so nobody learns from the site who has an account.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from overture.organisations.access import organisation_view
from overture.organisations.accounts import account_for_email
from overture.organisations.inputs import parse_id
from overture.organisations.limits import SIGNUP, limit_posts
from overture.organisations.mail import email_message

from . import services
from .forms import SignUpForm
from .views import _safe_next, _season_url

logger = logging.getLogger(__name__)


class SignUpTokenGenerator(PasswordResetTokenGenerator):
    """Links that open a waiting account; used once, since opening it changes `is_active`."""

    key_salt = "overture.audience.signup"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{timestamp}"


signup_tokens = SignUpTokenGenerator()


@organisation_view
@limit_posts(*SIGNUP)
def signup(request: HttpRequest) -> HttpResponse:
    """The sign-up form; any valid sending leads to “check your email”."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        messages.info(request, _("You’re already logged in."))
        return redirect(next_url or _season_url(request))
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant = services.sign_up(
            request.organisation,
            display_name=data["display_name"],
            email=data["email"],
            password=data["password1"],
            consent_contact=data["consent_contact"],
            consent_research=data["consent_research"],
            accessibility_needs=data["accessibility_needs"],
        )
        if participant is not None:
            _send_confirmation(request, participant.user, next_url)
        else:
            _send_account_exists(request, data["email"], next_url)
        request.session["signup_email"] = data["email"]
        return redirect(reverse("signup_sent", kwargs={"org": request.organisation.slug}))
    return render(request, "audience/signup.html", {"form": form, "next": next_url})


@organisation_view
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "audience/signup_sent.html", {"email": request.session.get("signup_email", "")}
    )


@organisation_view
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Open the waiting account, log its owner in and ask about their experience."""
    user = _user_from_uid(uidb64)
    if user is None or user.is_active or not signup_tokens.check_token(user, token):
        return render(request, "audience/signup_link_invalid.html", status=400)
    services.confirm_sign_up(user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    participant = services.participant_for(user, request.organisation)
    messages.success(
        request,
        _(
            "Welcome, %(name)s! A few quick questions help us suggest "
            "activities that fit you — skip any you like."
        )
        % {"name": participant.display_name},
    )
    url = reverse("self_assessment", kwargs={"org": request.organisation.slug})
    next_url = _safe_next(request)
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


def _user_from_uid(uidb64: str):
    try:
        pk = parse_id(force_str(urlsafe_base64_decode(uidb64)))
    except ValueError:  # not base64, or not text
        return None
    return get_user_model().objects.filter(pk=pk).first() if pk else None


def _confirm_url(request: HttpRequest, user, next_url: str) -> str:
    path = reverse(
        "signup_confirm",
        kwargs={
            "org": request.organisation.slug,
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": signup_tokens.make_token(user),
        },
    )
    return request.build_absolute_uri(
        f"{path}?{urlencode({'next': next_url})}" if next_url else path
    )


def _send_confirmation(request: HttpRequest, user, next_url: str) -> None:
    _send(
        request,
        user.email,
        _("Confirm your sign-up to %(organisation)s") % {"organisation": request.organisation.name},
        "audience/email/signup_confirm.txt",
        {"confirm_url": _confirm_url(request, user, next_url), "name": user.first_name},
    )


def _send_account_exists(request: HttpRequest, email: str, next_url: str) -> None:
    user = account_for_email(email)
    if user is not None and not user.is_active and user.last_login is None:
        # Signed up before but never confirmed: a fresh link opens the account.
        _send_confirmation(request, user, next_url)
        return
    login_url = reverse("login")
    _send(
        request,
        email,
        _("You already have an account for %(organisation)s")
        % {"organisation": request.organisation.name},
        "audience/email/signup_account_exists.txt",
        {
            "login_url": request.build_absolute_uri(
                f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url
            ),
            "reset_url": request.build_absolute_uri(reverse("password_reset")),
        },
    )


def _send(request: HttpRequest, to: str, subject: str, template: str, context: dict) -> None:
    body = render_to_string(template, {"organisation": request.organisation, **context})
    try:
        email_message(subject, body, [to]).send()
    except Exception:  # the page must not say whether this email has an account
        logger.exception("Could not send the sign-up email")
