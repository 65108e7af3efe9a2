"""Each main staff page, rendered under the pseudo-locale, shows no sentence that cannot be
translated. A page joins the check with one line in PAGES: its URL name and arguments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from . import staff_world
from .pseudo import untranslated_sentences
from .staff_world import StaffWorld


def page(name: str, url_name: str, *, on_activity: bool = False, python_text: str = ""):
    """One staff page to check. `python_text` names the Python module whose text the page
    still shows unmarked; the page is then expected to fail until that module is marked."""
    marks = (
        [pytest.mark.xfail(strict=False, reason=f"unmarked text from {python_text}")]
        if python_text
        else []
    )
    return pytest.param((url_name, on_activity), id=name, marks=marks)


PAGES = [
    page("dashboard", "staff_dashboard"),
    page(
        "activity registrations",
        "staff_activity_registrations",
        on_activity=True,
    ),
    page(
        "check-in door",
        "staff_activity_check_in",
        on_activity=True,
    ),
    page(
        "activity mix",
        "staff_activity_mix",
        on_activity=True,
    ),
    page(
        "season mix",
        "staff_season_mix",
        python_text="engines/mix/advice.py (the names of the season figures)",
    ),
    page(
        "signposting coverage",
        "staff_signposting",
    ),
    page("buddy matching", "staff_buddies"),
    page(
        "volunteers",
        "staff_buddy_volunteers",
    ),
    page(
        "survey setup",
        "staff_activity_survey",
        on_activity=True,
        python_text="insight/defaults.py (the default survey introduction in the preview)",
    ),
    page("insight", "staff_insight"),
    page(
        "review queue",
        "staff_insight_review",
        python_text="engines/text_coding/seeds.py (the default code labels of the code book)",
    ),
    page(
        "members",
        "staff_members",
        python_text="staff_world.py (the staff member's user name is not marked as data)",
    ),
    page("advice rules", "staff_advice_rules"),
    page("statements", "staff_value_statements"),
    page("themes", "staff_themes"),
]


@pytest.fixture
def world(db) -> StaffWorld:
    return staff_world.build()


@pytest.mark.parametrize("page", PAGES)
def test_every_visible_sentence_is_translatable(page, world: StaffWorld, client, pseudo_locale):
    url_name, on_activity = page
    kwargs = {"org": world.slug} | ({"pk": world.activity.pk} if on_activity else {})
    client.force_login(world.admin)
    response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
    found = untranslated_sentences(response.content.decode())
    assert not found, "Not marked for translation:\n  " + "\n  ".join(found)
