"""The Django admin is for the installation's operators (superusers) only.

Organisation admins manage their own organisation on the staff pages; the Django admin sees
every organisation's rows and can grant any flag, so no one else may use it, whatever their
`is_staff` flag or model permissions say.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class OperatorsAdminSite(AdminSite):
    site_header = _("Overture operators")
    site_title = _("Overture operators")

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser


class OperatorsAdminConfig(AdminConfig):
    default_site = "overture.organisations.admin_site.OperatorsAdminSite"
