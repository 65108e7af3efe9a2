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
    page("dashboard", "staff_dashboard", python_text="season/models.py (format names)"),
    page(
        "activity registrations",
        "staff_activity_registrations",
        on_activity=True,
        python_text="season/selectors_staff.py (level names), season/wording.py (strictness), "
        "audience/selectors_check_in.py (door counts)",
    ),
    page(
        "check-in door",
        "staff_activity_check_in",
        on_activity=True,
        python_text="audience/selectors_check_in.py (door counts)",
    ),
    page(
        "activity mix",
        "staff_activity_mix",
        on_activity=True,
        python_text="mix/selectors.py and engines/mix/indices.py (index names, meanings, numbers), "
        "season/wording.py (strictness)",
    ),
    page(
        "season mix",
        "staff_season_mix",
        python_text="mix/views_season.py (bands), engines/mix/advice.py (season figures), "
        "season/models.py (format names)",
    ),
    page(
        "signposting coverage",
        "staff_signposting",
        python_text="signposting/coverage.py and signposting/views_coverage.py (segments, chart)",
    ),
    page("buddy matching", "staff_buddies", python_text="buddies/forms.py (run form)"),
    page(
        "volunteers",
        "staff_buddy_volunteers",
        python_text="buddies/forms.py (filters), buddies/models.py (status), buddies/languages.py",
    ),
    page(
        "survey setup",
        "staff_activity_survey",
        on_activity=True,
        python_text="insight/forms.py, insight/views_staff_survey.py (QR title) and the "
        "participants' insight/_survey_body.html in the preview",
    ),
    page("insight", "staff_insight", python_text="season/models.py (format names)"),
    page(
        "review queue",
        "staff_insight_review",
        python_text="engines/text_coding/seeds.py and mix/models.py (code book)",
    ),
    page(
        "members",
        "staff_members",
        python_text="organisations/forms.py, organisations/roles.py, organisations/models.py",
    ),
    page(
        "advice rules", "staff_advice_rules", python_text="mix/models.py (figure and scope names)"
    ),
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
