from django.http import HttpRequest

from .access import staff_role


def organisation(request: HttpRequest) -> dict:
    """The current organisation and whether the visitor is its staff, for the page chrome."""
    org = getattr(request, "organisation", None)
    if org is None:
        return {}
    return {"organisation": org, "is_staff_member": staff_role(request) is not None}
