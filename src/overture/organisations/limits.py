"""Abuse limits: how often anyone may try to log in, sign up, reset a password, answer a survey
or book places.

Every limit is counted in the cache (Redis when REDIS_URL is set, so all workers share the
counts) by django-ratelimit; failed logins are also counted per account and address by
django-axes, which locks that pair out for a short cool-off. Real people never come near these
numbers; docs/operations.md lists them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from .accounts import normalise_email, username_for_login

KeyFunction = Callable[[HttpRequest], str]


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _posted_email(request: HttpRequest) -> str:
    return normalise_email(request.POST.get("email", ""))[:254]


def _account(request: HttpRequest) -> str:
    return str(request.user.pk) if request.user.is_authenticated else ""


def _survey(request: HttpRequest) -> str:
    match = request.resolver_match
    return str(match.kwargs.get("token", "")) if match else ""


@dataclass(frozen=True)
class Limit:
    """At most `rate` ("count/period", e.g. "30/10m") requests per value of `key`."""

    group: str
    rate: str
    key: KeyFunction
    what: str | Promise  # what was done too often, in the words of the 429 page


LOGIN_PER_ADDRESS = Limit("login.address", "30/10m", _address, _("tried to log in"))
LOGIN_PER_ACCOUNT = Limit(
    "login.account",
    "20/15m",
    lambda request: login_username(request),
    _("tried to log in"),
)
SIGNUP_PER_ADDRESS = Limit("signup.address", "10/h", _address, _("signed up"))
SIGNUP_PER_EMAIL = Limit("signup.email", "3/h", _posted_email, _("signed up"))
RESET_PER_ADDRESS = Limit("reset.address", "10/h", _address, _("asked for a password reset"))
RESET_PER_EMAIL = Limit("reset.email", "3/h", _posted_email, _("asked for a password reset"))
SURVEY_PER_ADDRESS = Limit("survey.address", "30/10m", _address, _("answered surveys"))
SURVEY_PER_SURVEY = Limit("survey.survey", "500/10m", _survey, _("answered this survey"))
# Each booking, change or cancellation sends an email: these keep a mailbox from being flooded.
BOOKING_PER_ADDRESS = Limit("booking.address", "60/10m", _address, _("booked or changed places"))
BOOKING_PER_ACCOUNT = Limit("booking.account", "20/10m", _account, _("booked or changed places"))

LOGIN = (LOGIN_PER_ADDRESS, LOGIN_PER_ACCOUNT)
SIGNUP = (SIGNUP_PER_ADDRESS, SIGNUP_PER_EMAIL)
PASSWORD_RESET = (RESET_PER_ADDRESS, RESET_PER_EMAIL)
SURVEY_ANSWERS = (SURVEY_PER_ADDRESS, SURVEY_PER_SURVEY)
BOOKING = (BOOKING_PER_ADDRESS, BOOKING_PER_ACCOUNT)


@dataclass(frozen=True)
class Exceeded:
    limit: Limit
    retry_after: int  # seconds


def count(request: HttpRequest, limits: tuple[Limit, ...]) -> Exceeded | None:
    """Count this request against each limit; the first one it goes over, if any."""
    for limit in limits:
        value = limit.key(request)
        if not value:
            continue
        usage = get_usage(
            request,
            group=limit.group,
            key=lambda _g, _r, v=value: v,
            rate=limit.rate,
            increment=True,
        )
        if usage and usage["should_limit"]:
            return Exceeded(limit, max(1, usage["time_left"]))
    return None


def too_many(
    request: HttpRequest, *, what: str, seconds: int, locked_out: bool = False
) -> HttpResponse:
    """The 429 page: what was done too often and when to try again."""
    context = {"what": what, "minutes": max(1, math.ceil(seconds / 60)), "locked_out": locked_out}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def limit_posts(*limits: Limit) -> Callable:
    """Refuse a view's POSTs with the 429 page once any of `limits` is exceeded."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                exceeded = count(request, limits)
                if exceeded:
                    return too_many(request, what=exceeded.limit.what, seconds=exceeded.retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The account a login attempt is for, as django-axes counts it: one name per account."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    return username_for_login(str(typed).strip()[:254]).lower()


def cool_off() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """django-axes' lockout: the 429 page, with the way out through a password reset."""
    return too_many(
        request,
        what=_("typed a wrong password for this account"),
        seconds=int(cool_off().total_seconds()),
        locked_out=True,
    )
