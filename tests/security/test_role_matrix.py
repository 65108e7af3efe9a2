"""Every staff URL and action needs the role the role matrix gives it, and no more.

The table below is the matrix as people read it (docs/operations.md): the least role that may
open each staff URL (GET) or act on it (POST). A new staff URL fails
`test_every_staff_url_is_in_the_matrix` until it is added here.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from overture.organisations.models import Membership
from tests import factories

VIEWER, STAFF, ADMIN = "viewer", "staff", "admin"
MISSING = 999_999  # ids of nothing: a permitted role gets "not found", a refused one 403

MATRIX: dict[str, dict[str, str]] = {
    "staff_dashboard": {"GET": VIEWER},
    "staff_practices": {"GET": VIEWER},
    "staff_practice_create": {"GET": STAFF, "POST": STAFF},
    "staff_practice_edit": {"GET": STAFF, "POST": STAFF},
    "staff_activities": {"GET": VIEWER},
    "staff_activity_create": {"GET": STAFF, "POST": STAFF},
    "staff_activity_edit": {"GET": STAFF, "POST": STAFF},
    "staff_activity_status": {"POST": ADMIN},
    "staff_activity_registrations": {"GET": STAFF},
    "staff_activity_registrants_csv": {"GET": ADMIN},
    "staff_activity_check_in": {"GET": STAFF, "POST": STAFF},
    "staff_registration_check_in": {"POST": STAFF},
    "staff_signposting": {"GET": VIEWER, "POST": STAFF},
    "staff_buddies": {"GET": STAFF},
    "staff_buddy_run": {"POST": STAFF},
    "staff_buddy_run_status": {"GET": STAFF},
    "staff_buddy_publish": {"POST": ADMIN},
    "staff_buddy_lock": {"POST": STAFF},
    "staff_buddy_change": {"GET": STAFF, "POST": STAFF},
    "staff_buddy_volunteers": {"GET": STAFF},
    "staff_buddy_vetting": {"POST": ADMIN},
    "staff_buddy_volunteer": {"GET": STAFF},
    "staff_buddy_approve": {"POST": ADMIN},
    "staff_buddy_approval_setting": {"POST": ADMIN},
    "staff_buddy_send_notifications": {"POST": STAFF},
    "staff_season_mix": {"GET": VIEWER, "POST": STAFF},
    "staff_activity_mix": {"GET": VIEWER},
    "staff_activity_zoning": {"POST": STAFF},
    "staff_zoning_confirm": {"POST": ADMIN},
    "staff_activity_survey": {"GET": VIEWER, "POST": STAFF},
    "staff_survey_questions": {"GET": STAFF, "POST": STAFF},
    "staff_activity_insight": {"GET": VIEWER},
    "staff_insight": {"GET": VIEWER},
    "staff_insight_csv": {"GET": ADMIN},
    "staff_insight_xlsx": {"GET": ADMIN},
    "staff_insight_review": {"GET": STAFF},
    "staff_insight_code": {"POST": STAFF},
    "staff_insight_retrain": {"POST": ADMIN},
    "staff_insight_code_new": {"POST": STAFF},
    "staff_members": {"GET": ADMIN, "POST": ADMIN},
    "staff_member_role": {"POST": ADMIN},
    "staff_member_remove": {"POST": ADMIN},
    "staff_advice_rules": {"GET": ADMIN},
    "staff_advice_rule_create": {"GET": ADMIN, "POST": ADMIN},
    "staff_advice_rule_edit": {"GET": ADMIN, "POST": ADMIN},
    "staff_advice_rule_preview": {"POST": ADMIN},
    "staff_advice_rule_switch": {"POST": ADMIN},
    "staff_advice_rule_delete": {"POST": ADMIN},
    "staff_value_statements": {"GET": ADMIN},
    "staff_value_statement_create": {"GET": ADMIN, "POST": ADMIN},
    "staff_value_statement_edit": {"GET": ADMIN, "POST": ADMIN},
    "staff_themes": {"GET": ADMIN},
    "staff_theme_create": {"GET": ADMIN, "POST": ADMIN},
    "staff_theme_edit": {"GET": ADMIN, "POST": ADMIN},
    "staff_theme_switch": {"POST": ADMIN},
    "staff_privacy_notice": {"GET": ADMIN, "POST": ADMIN},
}
RANK = {VIEWER: 0, STAFF: 1, ADMIN: 2}
VISITORS = ["anonymous", "participant", "other_admin", VIEWER, STAFF, ADMIN]


def staff_patterns() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif pattern.name and pattern.name.startswith("staff_"):
                found[pattern.name] = pattern

    walk(get_resolver().url_patterns)
    return found


def url_of(name: str, org_slug: str) -> str:
    pattern = staff_patterns()[name]
    kwargs = {key: MISSING for key in pattern.pattern.converters}
    return reverse(name, kwargs={**kwargs, "org": org_slug})


def test_every_staff_url_is_in_the_matrix():
    assert set(staff_patterns()) == set(MATRIX)


def test_every_staff_view_names_the_action_it_needs():
    for name, pattern in staff_patterns().items():
        assert hasattr(pattern.callback, "staff_action"), f"{name} is not guarded by a role"


@pytest.fixture
def people(org, other_org):
    return {
        "participant": factories.participant(org, username="pat").user,
        "other_admin": factories.staff(other_org, role=Membership.Role.ADMIN, username="otto"),
        VIEWER: factories.staff(org, role=Membership.Role.VIEWER, username="vera"),
        STAFF: factories.staff(org, role=Membership.Role.STAFF, username="theo"),
        ADMIN: factories.staff(org, role=Membership.Role.ADMIN, username="ada"),
    }


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_exactly_what_the_matrix_gives(client, org, people, name, visitor):
    if visitor != "anonymous":
        client.force_login(people[visitor])
    url = url_of(name, org.slug)
    for method, least in MATRIX[name].items():
        response = client.get(url) if method == "GET" else client.post(url, {})
        what = f"{visitor} {method} {name}"
        if visitor == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url, what
        elif visitor in RANK and RANK[visitor] >= RANK[least]:
            assert response.status_code not in (403, 500), what
        else:
            assert response.status_code == 403, what
