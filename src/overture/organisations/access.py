"""Who may see what: resolving the organisation from the URL and guarding staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Membership, Organisation

View = Callable[..., HttpResponse]


def organisation_view(view: View) -> View:
    """Resolve the `org` URL slug to `request.organisation` (404 when unknown)."""

    @wraps(view)
    def wrapped(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
        request.organisation = get_object_or_404(Organisation, slug=org)
        return view(request, *args, **kwargs)

    return wrapped


def staff_role(request: HttpRequest) -> str | None:
    """The user's staff role in the request's organisation, or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached = getattr(request, "_staff_role", False)
    if cached is not False:
        return cached
    role = (
        Membership.objects.filter(organisation=request.organisation, user=user)
        .values_list("role", flat=True)
        .first()
    )
    request._staff_role = role
    return role


def staff_required(view: View) -> View:
    """Only staff (or admins) of the URL's organisation get through; others are refused."""

    @organisation_view
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if staff_role(request) is None:
            raise PermissionDenied("This page is for the organisation's staff.")
        return view(request, *args, **kwargs)

    return wrapped


def admin_required(view: View) -> View:
    """Only the organisation's admins get through."""

    @organisation_view
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if staff_role(request) != Membership.Role.ADMIN:
            raise PermissionDenied("This page is for the organisation's admins.")
        return view(request, *args, **kwargs)

    return wrapped
