"""Template helpers for the season pages: plain words for scores and practical information,
and page links."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from overture.season import practical, wording
from overture.season.models import Activity

register = template.Library()

register.filter("required_level_words", wording.required_level_words)
register.filter("strictness_words", wording.strictness_words)
register.filter("price_words", practical.price_words)
register.filter("map_link", practical.map_link)
register.filter("access_words", practical.access_words)
register.filter("taking_part_words", practical.taking_part_words)


@register.filter
def duration_words(activity: Activity) -> str:
    """How long the activity lasts, in words."""
    return practical.duration_words(activity.starts_at, activity.ends_at)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, key: str, value: object) -> str:
    """The current query string with one parameter replaced, e.g. for pagination links.

    Keeps the visitor's filters: ``?format=come_and_sing&page=2``.
    """
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query[key] = str(value)
    return "?" + query.urlencode()
