"""Refused requests log one line each; server errors keep their traceback."""

from __future__ import annotations

import io
import logging

import pytest
from django.urls import reverse

from overture.config.logfilters import QuietRefusals


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("django.request", "django.security"))]


@pytest.fixture
def console():
    """What the site's console handler writes, captured for the test."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, QuietRefusals) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_participant_refused_a_staff_page_is_one_line_without_traceback(
    participant_client, org, caplog, console
):
    url = reverse("staff_dashboard", kwargs={"org": org.slug})
    assert participant_client.get(url).status_code == 403
    (record,) = request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"Forbidden (Permission denied): {url}"
    assert record.exc_info is None
    assert console.getvalue() == f"Forbidden (Permission denied): {url}\n"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/no-such-organisation/", 404),
        ("get", "/riverside/activities/1/register/", 405),
    ],
)
def test_not_found_and_wrong_method_are_one_line(
    client, org, caplog, console, method, path, status
):
    assert getattr(client, method)(path).status_code == status
    (record,) = request_records(caplog)
    assert record.status_code == status and record.exc_info is None
    assert console.getvalue().count("\n") == 1


def test_a_request_for_a_foreign_host_is_one_line(client, caplog, console):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    (record,) = request_records(caplog)
    assert record.name == "django.security.DisallowedHost"
    assert console.getvalue().startswith("Invalid HTTP_HOST header: 'evil.example'.")
    assert console.getvalue().count("\n") == 1


@pytest.mark.urls("tests.web.urls_failing")
def test_a_server_error_keeps_its_traceback(client, db, caplog, console):
    client.raise_request_exception = False
    assert client.get("/broken/").status_code == 500
    (record,) = request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError
    assert "Traceback (most recent call last)" in console.getvalue()
    assert "ZeroDivisionError: a bug in a page" in console.getvalue()
