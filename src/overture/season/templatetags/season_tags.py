"""Template helpers for the season pages: plain words for scores, and page links."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from overture.season import wording

register = template.Library()

register.filter("required_level_words", wording.required_level_words)
register.filter("strictness_words", wording.strictness_words)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, key: str, value: object) -> str:
    """The current query string with one parameter replaced, e.g. for pagination links.

    Keeps the visitor's filters: ``?format=come_and_sing&page=2``.
    """
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query[key] = str(value)
    return "?" + query.urlencode()
