"""Template helpers for pages outside an organisation's address, such as the login page."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django import template
from django.urls import Resolver404, resolve, reverse

from overture.organisations.models import Organisation

register = template.Library()


def _organisation_slug(next_url: str) -> str | None:
    """The organisation a `next` address belongs to, if it is one of ours."""
    if next_url:
        try:
            slug = resolve(urlsplit(next_url).path).kwargs.get("org")
        except Resolver404:
            slug = None
        if slug and Organisation.objects.filter(slug=slug).exists():
            return slug
    # With a single organisation on the site there is only one place to sign up.
    only = list(Organisation.objects.values_list("slug", flat=True)[:2])
    return only[0] if len(only) == 1 else None


@register.simple_tag
def signup_url_for(next_url: str = "") -> str:
    """The sign-up page for the organisation `next` points into (keeping `next`), or ""."""
    slug = _organisation_slug(next_url or "")
    if slug is None:
        return ""
    url = reverse("signup", kwargs={"org": slug})
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
