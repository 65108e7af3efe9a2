"""Requests for every URL pattern of the site with hostile values, and the forms they show.

Values are kept percent-encoded, so the same list serves paths, query strings and form
bodies, and invalid UTF-8 (which no Python string holds) can be sent as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, quote_plus, urlsplit

from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

import overture

# Label → percent-encoded value.
HOSTILE: dict[str, str] = {
    "nul": quote("ab\x00cd"),
    "huge": "9" * 23,
    "above_max_id": str(2**63),
    "superscript_digit": quote("²"),
    "arabic_digit": quote("٣"),
    "long": "x" * 5000,
    "invalid_utf8": "%ff%fe",
    "negative": "-1",
    "exponent": "1e3",
    "line_break": quote("a\r\nb"),
}
# What forms get in a field: the values above, text with line breaks, and far too much text.
FORM_HOSTILE: dict[str, str] = {
    **HOSTILE,
    "header_injection": quote_plus("Evensong\r\nBcc: someone@example.org"),
    "very_long": "y" * 20_000,
    "empty": "",
}
SKIPPED_PREFIXES = ("admin/", "static/")
PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
SOURCE = Path(overture.__file__).parent
# request.GET.get("x"), request.GET["x"], query_id(request.GET, "x"), "x" in request.GET …
QUERY_NAME = re.compile(
    r"""request\.GET(?:\.get|\.getlist)?[\[(]\s*["'](\w+)["']"""
    r"""|request\.GET,\s*["'](\w+)["']"""
    r"""|["'](\w+)["']\s+in\s+request\.GET"""
)
POST_NAME = re.compile(r"""request\.POST(?:\.get|\.getlist)?[\[(]\s*["'](\w+)["']""")


@dataclass(frozen=True)
class Route:
    template: str
    name: str

    @property
    def params(self) -> list[str]:
        return [m["name"] for m in PARAM.finditer(self.template)]

    def url(self, values: dict[str, str]) -> str:
        return "/" + PARAM.sub(lambda m: values[m["name"]], self.template)


def site_routes() -> list[Route]:
    """Every URL pattern of the site but Django's admin and static files."""

    def walk(patterns: list, prefix: str) -> Iterator[Route]:
        for pattern in patterns:
            template = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, template)
            elif isinstance(pattern, URLPattern):
                yield Route(template, pattern.name or template)

    return [
        r
        for r in walk(get_resolver().url_patterns, "")
        if not r.template.startswith(SKIPPED_PREFIXES)
    ]


def names_in_source(pattern: re.Pattern[str]) -> set[str]:
    """The parameter names read anywhere in the site's code."""
    return {
        group
        for path in SOURCE.rglob("*.py")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
        for group in match.groups()
        if group
    }


def segment_before(template: str, param: str) -> str:
    head = template.split(f":{param}>")[0]
    segments = [s for s in head.split("/")[:-1] if s and "<" not in s]
    return segments[-1] if segments else ""


def valid_params(route: Route, org_slug: str, ids_by_segment: dict[str, str]) -> dict[str, str]:
    """Values that name things that exist: the organisation, then ids by the path segment."""
    values = {}
    for param in route.params:
        if param == "org":
            values[param] = org_slug
        else:
            values[param] = ids_by_segment.get(segment_before(route.template, param), "1")
    return values


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, str] = field(default_factory=dict)
    button: tuple[str, str] | None = None


class FormParser(HTMLParser):
    """The forms of a page with what a browser would send for them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None or not name:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox",) and "checked" not in a:
                return
            if kind == "radio":
                if "checked" in a or name not in form.radios:
                    form.radios[name] = a.get("value", "on")
                return
            if kind in ("submit", "image", "button", "file"):
                return
            form.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "button" and form.button is None:
            form.button = (name, a.get("value", ""))
        elif tag == "select":
            self._select, self._select_value = name, None
        elif tag == "textarea":
            self._textarea, self._text = name, ""

    def _option(self, a: dict[str, str]) -> None:
        if "selected" in a or self._select_value is None:
            self._select_value = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            self._form.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._form.fields += list(self._form.radios.items())
            if self._form.button:
                self._form.fields.append(self._form.button)
            self._form = None


def page_forms(html: str, page: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        form.action = form.action or page
    return parser.forms


def route_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).url_name
    except Resolver404:
        return None


def encode(fields: list[tuple[str, str]], hostile: dict[str, str] | None = None) -> str:
    """A form body; the fields named in `hostile` get those (already encoded) values."""
    hostile = hostile or {}
    parts = [
        f"{quote_plus(name)}={hostile[name] if name in hostile else quote_plus(value)}"
        for name, value in fields
    ]
    parts += [f"{quote_plus(n)}={v}" for n, v in hostile.items() if n not in dict(fields)]
    return "&".join(parts)


def post(client: Client, url: str, body: str) -> HttpResponse:
    return client.generic(
        "POST", url, body.encode("ascii"), content_type="application/x-www-form-urlencoded"
    )


def query(params: dict[str, str]) -> str:
    return "&".join(f"{name}={value}" for name, value in params.items())


def consumed(response: HttpResponse) -> HttpResponse:
    """The response with any streamed body read, so an error while streaming shows."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def names_in_module(module: str, pattern: re.Pattern[str]) -> set[str]:
    """The parameter names one view module reads."""
    path = SOURCE.parent.joinpath(*module.split(".")).with_suffix(".py")
    if not path.exists():
        return set()
    return {g for m in pattern.finditer(path.read_text(encoding="utf-8")) for g in m.groups() if g}


def view_module(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).func.__module__
    except Resolver404:
        return ""


def get_form_names(response: HttpResponse) -> set[str]:
    """The field names of the page's GET forms (filters), which views read from the query."""
    if "html" not in response.get("Content-Type", ""):
        return set()
    forms = page_forms(response.content.decode(), "")
    return {name for form in forms if form.method == "get" for name, _ in form.fields}


def site_forms(world, clients: dict[str, Client]) -> list[tuple[Form, list[str]]]:
    """Each POST form the site's pages show, once, with the roles it is shown to."""
    found: dict[tuple, tuple[Form, list[str]]] = {}
    for route in site_routes():
        url = route.url(valid_params(route, world.org.slug, world.ids_by_segment))
        for role, client in clients.items():
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in page_forms(response.content.decode(), url):
                if form.method != "post":
                    continue
                key = (route_name(form.action), tuple(sorted(name for name, _ in form.fields)))
                entry = found.setdefault(key, (form, []))
                if role not in entry[1]:
                    entry[1].append(role)
    return list(found.values())
