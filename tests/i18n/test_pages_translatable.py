"""Each page, rendered under the pseudo-locale, shows no sentence that cannot be translated.

A page joins the check with one entry in PAGES: where it lives and who looks at it
(nobody signed in, "participant" or "staff", the organisation's admin).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from . import world as world_module
from .pseudo import untranslated_sentences
from .world import World


@dataclass(frozen=True)
class Page:
    path: Callable[[World], str]
    who: str | None = None
    status: int = 200


def page(
    name: str,
    path: Callable[[World], str],
    *,
    who: str | None = None,
    status: int = 200,
    python_text: str = "",
):
    """One page to check. `python_text` names the Python module whose text the page still
    shows unmarked; the page is then expected to fail until that module is marked."""
    marks = (
        [pytest.mark.xfail(strict=False, reason=f"unmarked text from {python_text}")]
        if python_text
        else []
    )
    return pytest.param(Page(path, who, status), id=name, marks=marks)


# Python text still shown unmarked, by module (the page's own template is marked).
SEASON_WORDS = "season/practical.py, season/filters.py, season/models.py, engines/signposting"
FORM_WORDS = "audience/forms.py"

PAGES = [
    page("not found", lambda w: "/no-such-organisation/", status=404),
    page("login", lambda w: "/accounts/login/"),
    page("password reset", lambda w: "/accounts/password/reset/"),
    page("privacy", lambda w: f"/{w.slug}/privacy/"),
    page("season", lambda w: f"/{w.slug}/"),
    page("season signed in", lambda w: f"/{w.slug}/", who="participant"),
    page(
        "activity",
        lambda w: f"/{w.slug}/activities/{w.evening.pk}/",
    ),
    page(
        "activity signed in",
        lambda w: f"/{w.slug}/activities/{w.evening.pk}/",
        who="participant",
    ),
    page(
        "activity booked",
        lambda w: f"/{w.slug}/activities/{w.workshop.pk}/",
        who="participant",
    ),
    page("sign-up", lambda w: f"/{w.slug}/signup/"),
    page(
        "self-assessment",
        lambda w: f"/{w.slug}/me/experience/",
        who="participant",
    ),
    page(
        "for you",
        lambda w: f"/{w.slug}/me/for-you/",
        who="participant",
    ),
    page(
        "how to get there",
        lambda w: f"/{w.slug}/me/how-to-get-there/?activity={w.evening.pk}",
        who="participant",
    ),
    page(
        "my activities",
        lambda w: f"/{w.slug}/me/activities/",
        who="participant",
    ),
    page(
        "ticket",
        lambda w: f"/{w.slug}/activities/{w.workshop.pk}/ticket/",
        who="participant",
    ),
    page("buddies", lambda w: f"/{w.slug}/buddies/", who="participant"),
    page(
        "get a buddy",
        lambda w: f"/{w.slug}/buddies/ask/",
        who="participant",
    ),
    page(
        "become a buddy",
        lambda w: f"/{w.slug}/buddies/volunteer/",
        who="participant",
    ),
    page(
        "survey",
        lambda w: f"/{w.slug}/surveys/{w.survey.token}/",
    ),
]


@pytest.fixture
def world(db) -> World:
    return world_module.build()


@pytest.mark.parametrize("page", PAGES)
def test_every_visible_sentence_is_translatable(page: Page, world: World, client, pseudo_locale):
    if page.who:
        client.force_login(world.users[page.who])
    response = client.get(page.path(world))
    assert response.status_code == page.status
    found = untranslated_sentences(response.content.decode())
    assert not found, "Not marked for translation:\n  " + "\n  ".join(found)
