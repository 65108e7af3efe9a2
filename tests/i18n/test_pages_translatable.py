"""Each page, rendered under the pseudo-locale, shows no sentence that cannot be translated.

A page joins the check with one line in PAGES: who looks at it and where it lives.
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
    signed_in: bool = False
    status: int = 200


def page(
    name: str,
    path: Callable[[World], str],
    *,
    signed_in: bool = False,
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
    return pytest.param(Page(path, signed_in, status), id=name, marks=marks)


PAGES = [
    page("not found", lambda w: "/no-such-organisation/", status=404),
    page("login", lambda w: "/accounts/login/", python_text="audience/forms.py (login label)"),
]


@pytest.fixture
def world(db) -> World:
    return world_module.build()


@pytest.mark.parametrize("page", PAGES)
def test_every_visible_sentence_is_translatable(page: Page, world: World, client, pseudo_locale):
    if page.signed_in:
        client.force_login(world.participant.user)
    response = client.get(page.path(world))
    assert response.status_code == page.status
    found = untranslated_sentences(response.content.decode())
    assert not found, "Not marked for translation:\n  " + "\n  ".join(found)
