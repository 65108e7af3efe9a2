"""Every URL of the site, as every role, with hostile path, query and form values: no 500.

Hostile values are sampled in rotation (across roles, parameters and fields) so that each
URL meets every kind of value while the whole run stays quick.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator

import pytest
from django.http import HttpResponse
from django.test import Client

from . import fuzz
from .world import World, build_world

LABELS = list(fuzz.HOSTILE)
FORM_LABELS = list(fuzz.FORM_HOSTILE)
# Every field of every form gets these, and one more in rotation.
ALWAYS = ("very_long", "header_injection")
PATH_VALUES_PER_ROLE = 2
# Names no view reads today, sent too so that one reading them later is covered.
COMMON_QUERY_NAMES = {"q", "segment", "sort", "order", "id", "pk", "org", "token"}


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def no_pauses(settings) -> None:
    """Thousands of posts come from one address: let each reach its form, not the 429 page.

    The limits' own code still runs on every post (their keys read the hostile values).
    """
    settings.RATELIMIT_ENABLE = False
    settings.AXES_FAILURE_LIMIT = 10**6


@pytest.fixture(autouse=True)
def quiet_refusals() -> Iterator[None]:
    """Thousands of 404s and 405s are expected here; only errors are worth logging."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def clients(world: World) -> dict[str, Client]:
    """One client per role, logged in as that role's user."""
    made = {}
    for role, user in world.users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        made[role] = client
    return made


def rotation(labels: list[str], start: int, count: int) -> list[str]:
    return [labels[(start + i) % len(labels)] for i in range(count)]


class Failures:
    """Every response of 500 or more (or error while streaming), reported together."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.requests = 0

    def get(self, role: str, what: str, client: Client, url: str) -> HttpResponse | None:
        return self._check(role, what, url, lambda: client.get(url))

    def post(self, role: str, what: str, client: Client, url: str, body: str) -> None:
        self._check(role, what, url, lambda: fuzz.post(client, url, body))

    def _check(
        self, role: str, what: str, url: str, send: Callable[[], HttpResponse]
    ) -> HttpResponse | None:
        self.requests += 1
        try:
            response = fuzz.consumed(send())
        except Exception as error:  # raised while streaming the body
            self.found.append(f"{role} {what} {url[:160]}: {error!r}")
            return None
        if response.status_code >= 500:
            self.found.append(f"{role} {what} {url[:160]}: {response.status_code}")
        return response

    def assert_none(self, what: str) -> None:
        report = "\n".join(self.found[:80])
        assert not self.found, f"{len(self.found)} of {self.requests} {what}:\n{report}"


def test_every_path_parameter_refuses_hostile_values(world):
    failures = Failures()
    routes = fuzz.site_routes()
    assert len(routes) > 50
    for route in routes:
        valid = fuzz.valid_params(route, world.org.slug, world.ids_by_segment)
        for r, (role, client) in enumerate(clients(world).items()):
            # Refused by the URL resolver, whoever asks: each role gets a share of the values.
            for p, param in enumerate(route.params):
                for label in rotation(LABELS, PATH_VALUES_PER_ROLE * r + p, PATH_VALUES_PER_ROLE):
                    url = route.url({**valid, param: fuzz.HOSTILE[label]})
                    failures.get(role, f"GET {param}={label}", client, url)
    failures.assert_none("requests with a hostile path parameter failed")


def test_every_query_parameter_refuses_hostile_values(world):
    every_name = sorted(fuzz.names_in_source(fuzz.QUERY_NAME) | COMMON_QUERY_NAMES)
    assert {"activity", "page", "format", "next"} <= set(every_name)
    failures = Failures()
    for route in fuzz.site_routes():
        url = route.url(fuzz.valid_params(route, world.org.slug, world.ids_by_segment))
        read_here = fuzz.names_in_module(fuzz.view_module(url), fuzz.QUERY_NAME)
        for r, (role, client) in enumerate(clients(world).items()):
            response = failures.get(role, "GET", client, url)
            shown = response is not None and response.status_code == 200
            for label in rotation(LABELS, 3 * r, 3 if shown else 1):
                full = f"{url}?{fuzz.query(dict.fromkeys(every_name, fuzz.HOSTILE[label]))}"
                failures.get(role, f"GET all={label}", client, full)
            if not shown:
                continue  # refused or redirected before any parameter is read
            names = read_here | fuzz.get_form_names(response)
            for n, name in enumerate(sorted(names)):
                for label in rotation(LABELS, r + 2 * n, 1):
                    full = f"{url}?{name}={fuzz.HOSTILE[label]}"
                    failures.get(role, f"GET {name}={label}", client, full)
    failures.assert_none("requests with hostile query parameters failed")


def test_every_form_refuses_hostile_values(world):
    role_clients = clients(world)
    forms = fuzz.site_forms(world, role_clients)
    assert len(forms) >= 25, "the pages should show the site's forms"
    failures = Failures()
    labels = itertools.cycle(FORM_LABELS)
    for form, roles in forms:
        for role in roles:
            failures.post(role, "POST", role_clients[role], form.action, fuzz.encode(form.fields))
        role_cycle = itertools.cycle(roles)
        for name, _ in form.fields:
            for label in (*ALWAYS, next(labels)):
                role = next(role_cycle)
                body = fuzz.encode(form.fields, {name: fuzz.FORM_HOSTILE[label]})
                failures.post(role, f"POST {name}={label}", role_clients[role], form.action, body)
    failures.assert_none("form posts with a hostile field failed")


def test_every_url_takes_hostile_posts(world):
    names = sorted(fuzz.names_in_source(fuzz.POST_NAME))
    failures = Failures()
    for route in fuzz.site_routes():
        url = route.url(fuzz.valid_params(route, world.org.slug, world.ids_by_segment))
        for r, (role, client) in enumerate(clients(world).items()):
            for label in rotation(FORM_LABELS, 2 * r + len(url), 2):
                body = fuzz.encode([], dict.fromkeys(names, fuzz.FORM_HOSTILE[label]))
                failures.post(role, f"POST all={label}", client, url, body)
    failures.assert_none("posts with hostile values failed")
