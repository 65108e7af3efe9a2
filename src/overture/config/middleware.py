"""Response headers for private pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

GetResponse = Callable[[HttpRequest], HttpResponseBase]

NO_STORE = "private, no-store"
STAFF_ROUTE = "<slug:org>/staff/"


def is_private(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Staff pages and downloaded files hold personal data no shared cache may keep."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route.startswith(STAFF_ROUTE):
        return True
    return response.get("Content-Disposition", "").startswith("attachment")


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every staff page and every export."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if is_private(request, response):
            response["Cache-Control"] = NO_STORE
        return response
