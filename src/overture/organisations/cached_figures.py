"""Figures for staff pages that take a while to work out: kept in the cache per organisation
for a few minutes, and worked out again at once with the page's button.

A page of such figures is a `CachedFigures` and a view decorated with `refreshable`: a GET
shows the figures from the cache (working them out when they are missing or stale), a POST
works them out again now and comes back to the page with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.views.decorators.http import require_http_methods

from .models import Organisation

T = TypeVar("T")
FIGURES_SECONDS = 600  # how long worked-out figures are shown before they are worked out again


@dataclass(frozen=True)
class CachedFigures(Generic[T]):
    """Figures of one kind, worked out per organisation by `work_out`."""

    name: str  # what the figures are, in their cache key
    work_out: Callable[[Organisation], T]
    # Changes whenever the data behind the figures changes, so such a change shows at once.
    version: Callable[[Organisation], object]
    seconds: int = FIGURES_SECONDS

    @property
    def minutes(self) -> int:
        return self.seconds // 60

    def key(self, organisation: Organisation) -> str:
        # The creation time keeps apart organisations that reuse an id (a database reset).
        created = int(organisation.created_at.timestamp() * 1e6)
        return f"overture:{self.name}:{organisation.pk}:{created}:{self.version(organisation)}"

    def get(self, organisation: Organisation, *, refresh: bool = False) -> T:
        """The organisation's figures, from the cache unless they are missing or `refresh`."""
        key = self.key(organisation)
        result = None if refresh else cache.get(key)
        if result is None:
            result = self.work_out(organisation)
            cache.set(key, result, self.seconds)
        return result


FiguresView = Callable[..., HttpResponse]


def refreshable(
    figures: CachedFigures[T], *, done: str | Promise
) -> Callable[[FiguresView], FiguresView]:
    """A staff page of cached figures: GET calls the view with the figures as its second
    argument; POST works them out again now, says `done` and shows the page again."""

    def decorate(view: FiguresView) -> FiguresView:
        @wraps(view)
        @require_http_methods(["GET", "POST"])
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                figures.get(request.organisation, refresh=True)
                messages.success(request, done)
                return redirect(request.path)
            return view(request, figures.get(request.organisation), *args, **kwargs)

        return wrapped

    return decorate
