"""The organisation every row belongs to, and who works for it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PRIVACY_NOTICE_LIMIT = 20000
RESERVED_SLUGS = frozenset({"admin", "accounts", "static", "media", "api", "staff"})


def validate_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved for the site; choose another address.") % {"slug": slug}
        )


class Organisation(models.Model):
    """An orchestra, choir, theatre, museum or festival that runs a season on Overture."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, validators=[validate_not_reserved])
    privacy_notice = models.TextField(
        blank=True,
        db_default="",
        max_length=PRIVACY_NOTICE_LIMIT,
        help_text=gettext_lazy(
            "What the organisation does with participants' data, shown on its privacy "
            "page. Blank: a notice made from what Overture stores."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A staff role held by a user in one organisation (what each role may do: roles.py)."""

    class Role(models.TextChoices):
        ADMIN = "admin", gettext_lazy("Admin")
        STAFF = "staff", gettext_lazy("Staff")
        VIEWER = "viewer", gettext_lazy("Viewer")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return _("%(user)s — %(role)s at %(organisation)s") % {
            "user": self.user,
            "role": self.get_role_display(),
            "organisation": self.organisation,
        }
