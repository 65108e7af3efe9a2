"""Response headers for private pages, and a calm 503 when the database turns requests away."""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

GetResponse = Callable[[HttpRequest], HttpResponseBase]

NO_STORE = "private, no-store"
STAFF_ROUTE = "<slug:org>/staff/"

# Seconds a client should wait before trying again; connections free up as requests finish.
RETRY_AFTER_SECONDS = 10

# SQLSTATE classes meaning "no connection for you now": 08 connection exception,
# 53 insufficient resources (53300 too many connections), 57P01-03 server shutting down or starting.
UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "53", "57P01", "57P02", "57P03")
SQLITE_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def is_private(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Staff pages and downloaded files hold personal data no shared cache may keep."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route.startswith(STAFF_ROUTE):
        return True
    return response.get("Content-Disposition", "").startswith("attachment")


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every staff page and every export."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if is_private(request, response):
            response["Cache-Control"] = NO_STORE
        return response


def is_database_unavailable(exc: BaseException | None) -> bool:
    """Whether the database refused the work for want of room, not because the query was wrong.

    SQLite raises OperationalError for bad SQL too, and PostgreSQL for many other reasons, so
    the driver's own error code decides.
    """
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return getattr(cause, "sqlite_errorcode", 0) & 0xFF in SQLITE_BUSY_CODES
    if hasattr(cause, "sqlstate") or hasattr(cause, "pgcode"):  # psycopg 3 or psycopg2
        sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        # A refused or dropped connection carries no SQLSTATE at all.
        return sqlstate is None or sqlstate.startswith(UNAVAILABLE_SQLSTATE_PREFIXES)
    return False


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def busy_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 page: rendered without the request, since its context would query the database."""
    logger.warning("Database unavailable for %s: %s", request.path, first_line(exc))
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A 503 with Retry-After, instead of a 500, when the database has no room for the request.

    Writes run in transaction.atomic blocks, which roll back on the error, so nothing is left
    half-written.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        return busy_response(request, exception)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """The 500 handler, which still answers 503 when the database failed outside a view."""
    exc = sys.exc_info()[1]
    if exc is not None and is_database_unavailable(exc):
        return busy_response(request, exc)
    return defaults.server_error(request, template_name=template_name)
