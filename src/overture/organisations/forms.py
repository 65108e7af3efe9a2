"""Forms for logging in, and for an organisation's admins: inviting members and changing
their roles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .accounts import PASSWORD_LIMIT, username_for_login
from .models import Membership, Organisation

ROLE_HELP = _(
    "Admin: everything, including publishing and managing members. Staff: prepares the "
    "season, buddies, zones and surveys. Viewer: reads the figures only."
)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=150,
        help_text=_("We email them a link; a new account chooses its password there."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial="staff", help_text=ROLE_HELP
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


def save_unless_taken(form: forms.ModelForm, field: str, taken: str) -> bool:
    """Save a valid model form; if a unique value was taken a moment ago, say so on `field`."""
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:  # the same value saved a moment ago by someone else
        form.add_error(field, taken)
        return False
    return True


class PrivacyNoticeForm(forms.ModelForm):
    """The organisation's own privacy notice; blank shows the one made from what is kept."""

    class Meta:
        model = Organisation
        fields = ["privacy_notice"]
        widgets = {"privacy_notice": forms.Textarea(attrs={"rows": 16})}
        labels = {"privacy_notice": _("Your privacy notice")}


class LoginForm(AuthenticationForm):
    """Log in with the email signed up with, in whatever case it is typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email or username")
        password = self.fields["password"]
        password.max_length = PASSWORD_LIMIT
        password.validators.append(MaxLengthValidator(PASSWORD_LIMIT))

    def clean_username(self) -> str:
        return username_for_login(self.cleaned_data.get("username", ""))
