from django.http import HttpRequest

from .access import staff_role
from .roles import can


def organisation(request: HttpRequest) -> dict:
    """The current organisation, whether the visitor is its staff and what their role allows."""
    org = getattr(request, "organisation", None)
    if org is None:
        return {}
    role = staff_role(request)
    return {"organisation": org, "is_staff_member": role is not None, "can": can(role)}
