"""Who may see what: resolving the organisation from the URL and guarding staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Membership, Organisation
from .roles import ACTION_WORDS, Action, allowed

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


def role_required(action: Action, *, post: Action | None = None) -> Callable[[View], View]:
    """Only members of the URL's organisation whose role allows `action` get through.

    `post` names a stronger action for the view's POST requests (a page that can be read by
    some and changed by fewer).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            role = staff_role(request)
            if role is None:
                raise PermissionDenied(_("This page is for the organisation's staff."))
            needed = post if post is not None and request.method == "POST" else action
            if not allowed(role, needed):
                raise PermissionDenied(
                    _(
                        "Your role here does not let you %(action)s. "
                        "Ask one of the organisation's admins if you need to."
                    )
                    % {"action": ACTION_WORDS[needed]}
                )
            return view(request, *args, **kwargs)

        guarded = organisation_view(wrapped)
        # Read by the role-matrix tests and docs: what each staff URL needs.
        guarded.staff_action = action
        guarded.staff_post_action = post or action
        return guarded

    return decorate
