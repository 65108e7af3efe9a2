"""Account recovery and upkeep: logging in, resetting a forgotten password, changing it.

Django's own views and tokens do the work; these add the abuse limits, let invited members
(who have no password yet) use the reset link to choose one, and lift a login lockout once
the password is reset.
"""

from __future__ import annotations

from collections.abc import Iterator

from axes.utils import reset as reset_login_failures
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from .accounts import normalise_email
from .limits import LOGIN, PASSWORD_RESET, limit_posts


class RecoveryForm(PasswordResetForm):
    """Reset links go to every active account with this email, also those without a password."""

    def get_users(self, email: str) -> Iterator:
        return iter(
            get_user_model().objects.filter(email__iexact=normalise_email(email), is_active=True)
        )


@method_decorator(limit_posts(*LOGIN), name="dispatch")
class LoginView(auth_views.LoginView):
    pass


@method_decorator(limit_posts(*PASSWORD_RESET), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = RecoveryForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    post_reset_login = False

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        reset_login_failures(
            ip=self.request.META.get("REMOTE_ADDR"), username=form.user.get_username().lower()
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")
