"""A database with no room for a request: a 503 page with Retry-After, nothing half-written."""

from __future__ import annotations

import os
import sqlite3
import time

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from overture.audience.models import Registration
from overture.season.models import Activity
from tests import factories


@pytest.fixture
def concert(org):
    return factories.activity(org, title="Late-night Bach", capacity=10)


def register(client, org, activity):
    return client.post(reverse("register", kwargs={"org": org.slug, "pk": activity.pk}))


def assert_busy_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "busy right now" in html and "please try again in a moment" in html


def assert_nothing_written(activity: Activity) -> None:
    assert not Registration.objects.filter(activity=activity).exists()
    activity.refresh_from_db()
    assert activity.places_taken == 0


# ---- SQLite: another process holds the write lock ----


@pytest.fixture
def locked_sqlite(transactional_db):
    """The test database, with another connection holding its write lock until released."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 100")  # wait 0.1 s, not 20, before giving up
    holder = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    holder.close()


def test_registering_while_the_database_is_locked_gets_a_503_and_no_place(
    participant_client, org, concert, locked_sqlite, caplog
):
    assert_busy_page(register(participant_client, org, concert))
    assert "Database unavailable for /riverside/activities/" in caplog.text
    locked_sqlite.execute("ROLLBACK")
    assert_nothing_written(concert)

    assert register(participant_client, org, concert).status_code == 302
    assert Registration.objects.filter(activity=concert).count() == 1


# ---- PostgreSQL: every connection the role may open is taken ----


class _Held:
    """The role's one connection, held by someone else until `close`."""

    def __init__(self, holder, admin, role: str) -> None:
        self.holder, self.admin, self.role = holder, admin, role

    def close(self) -> None:
        """Free the connection, and wait until the server has let go of it too (it does so
        a moment after the client closes, longer on a busy machine)."""
        self.holder.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            row = self.admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", [self.role]
            ).fetchone()
            if row[0] == 0:
                return
            time.sleep(0.05)


@pytest.fixture
def role_out_of_connections(transactional_db):
    """Django connects as a role whose only allowed connection someone else holds.

    A role of its own keeps the rest of the server (and other databases on it) unaffected.
    """
    settings = connection.settings_dict
    role = f"overture_busy_{os.getpid()}"
    admin = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )
    admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'busy' CONNECTION LIMIT 1")
    for grant in (
        f'GRANT CONNECT ON DATABASE "{settings["NAME"]}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ):
        admin.execute(grant)
    as_role = {"user": role, "password": "busy"}
    holder = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        **as_role,
    )
    own = (settings["USER"], settings["PASSWORD"])

    def use(user: str, password: str) -> None:
        connection.close()
        settings.update(USER=user, PASSWORD=password)

    use(role, "busy")
    try:
        yield _Held(holder, admin, role)
    finally:
        use(*own)
        holder.close()
        admin.execute(f"DROP OWNED BY {role}")
        admin.execute(f"DROP ROLE {role}")
        admin.close()


@pytest.mark.postgres
def test_registering_when_no_connection_is_left_gets_a_503_and_no_place(
    participant_client, org, concert, role_out_of_connections, caplog
):
    assert_busy_page(register(participant_client, org, concert))
    assert 'too many connections for role "overture_busy_' in caplog.text

    role_out_of_connections.close()  # a connection frees up: the same request now succeeds
    assert register(participant_client, org, concert).status_code == 302
    assert Registration.objects.filter(activity=concert).count() == 1


@pytest.mark.postgres
def test_a_refused_write_leaves_no_rows(participant_client, org, concert, role_out_of_connections):
    assert_busy_page(register(participant_client, org, concert))
    connection.close()
    role_out_of_connections.close()
    assert_nothing_written(concert)


@pytest.mark.postgres
def test_pages_that_fail_outside_a_view_also_say_busy(
    participant_client, org, role_out_of_connections, caplog
):
    # The "not found" page shows who is logged in, which needs the session from the database.
    participant_client.raise_request_exception = False
    assert_busy_page(participant_client.get("/riverside/no-such-page/"))
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.status_code, r.exc_info) for r in logged] == [(503, None)]


@pytest.mark.postgres
def test_an_anonymous_visitor_gets_the_busy_page_too(client, org, role_out_of_connections):
    assert_busy_page(client.get(reverse("season", kwargs={"org": org.slug})))


@pytest.mark.urls("tests.web.urls_failing")
def test_a_wrong_query_is_still_a_server_error_not_busy(client, db):
    client.raise_request_exception = False
    response = client.get("/wrong-query/")
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
