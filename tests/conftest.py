import os

import pytest

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM is used there too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def org(db):
    return factories.organisation(slug="riverside")


@pytest.fixture
def other_org(db):
    return factories.organisation(name="Hilltop Choir", slug="hilltop")


@pytest.fixture
def staff_user(org):
    """The organisation's admin, who may do every staff action (tests/security pins the roles)."""
    return factories.staff(org, role="admin", username="stella")


@pytest.fixture
def participant(org):
    return factories.participant(org, name="Sam Newcomer", username="sam")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def participant_client(client, participant):
    client.force_login(participant.user)
    return client


@pytest.fixture(autouse=True)
def _fresh_abuse_counts():
    """Rate-limit and lockout counts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
