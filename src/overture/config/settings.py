"""Settings, read from the environment in this one module.

DATABASE_URL  default: SQLite in OVERTURE_DATA_DIR (a per-user data directory)
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"true" turns debug on (default off)
ALLOWED_HOSTS comma-separated (default: localhost names)
REDIS_URL     optional; used as the cache when set
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .paths import data_dir

BASE_DIR = Path(__file__).resolve().parent.parent

INSECURE_KEY_PREFIX = "django-insecure-"


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_flag("OVERTURE_ALLOW_INSECURE_KEY"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = INSECURE_KEY_PREFIX + "local-development-only"
elif not DEBUG and SECRET_KEY.startswith(INSECURE_KEY_PREFIX):
    raise ImproperlyConfigured("SECRET_KEY looks like a development key; set a real one.")

ALLOWED_HOSTS = [
    h.strip()
    for h in (os.environ.get("ALLOWED_HOSTS") or "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "overture.organisations.admin_site.OperatorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_ratelimit",
    "overture.organisations",
    "overture.season",
    "overture.audience",
    "overture.signposting",
    "overture.buddies",
    "overture.mix",
    "overture.insight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common, as Django asks; it picks a language from LANGUAGES.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Near the end, as django-axes asks: it turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "overture.config.urls"
ASGI_APPLICATION = "overture.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "overture.organisations.context_processors.organisation",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir() / 'overture.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # BEGIN IMMEDIATE takes the write lock up front, so capacity checks cannot interleave.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("OVERTURE_TEST_SQLITE", "")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How open survey answers are coded: "tfidf" (built in) or "embeddings" (overture[embeddings]).
OVERTURE_TEXT_CODER = os.environ.get("OVERTURE_TEXT_CODER", "tfidf")
if OVERTURE_TEXT_CODER not in ("tfidf", "embeddings"):
    raise ImproperlyConfigured('OVERTURE_TEXT_CODER must be "tfidf" or "embeddings".')

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first (Django's recommendation); older hashes still verify and are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations use the same links: three days

# Abuse limits (docs/operations.md, "Abuse limits"). Failed logins are counted per account
# and address together, so nobody elsewhere can lock a real person out; the lock lifts by
# itself after the cool-off, or at once with a password reset.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "overture.organisations.limits.login_username"
AXES_LOCKOUT_CALLABLE = "overture.organisations.limits.locked_out"
# The ASGI server resolves trusted proxies into REMOTE_ADDR (docs/operations.md); headers a
# client can set are never trusted here.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False
RATELIMIT_IP_META_KEY = "REMOTE_ADDR"
# Without REDIS_URL each process counts on its own (documented); with it, every worker shares
# the counts.
SILENCED_SYSTEM_CHECKS = (
    [] if REDIS_URL else ["axes.W001", "django_ratelimit.E003", "django_ratelimit.W001"]
)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The source language is British English. A language is offered here once its catalogue
# under src/overture/locale is translated (docs/operations.md, "Translations").
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times in each language's words and order (British English: day-month-year, 24-hour).
FORMAT_MODULE_PATH = ["overture.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE") or "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or data_dir() / "static")
# The project-wide assets (site.css) live beside the templates, outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the app and package folders; no collectstatic step needed for the demo.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "overture@localhost"
# Where the site lives, for links in mail sent outside a request (offers from the waiting list).
OVERTURE_SITE_URL = os.environ.get("OVERTURE_SITE_URL") or "http://localhost:8000"
# How long a place offered from a waiting list is held (shorter close to the start).
WAITING_LIST_HOLD_HOURS = float(os.environ.get("WAITING_LIST_HOLD_HOURS") or 24)

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and env_flag("OVERTURE_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30

# Security headers and overload. Scripts and styles come only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE[_after_security:_after_security] = [
    "csp.middleware.CSPMiddleware",
    "overture.config.middleware.PrivateNoStoreMiddleware",
]
# Innermost, so it turns a database that refuses the request into a 503 before anything else.
MIDDLEWARE.append("overture.config.middleware.DatabaseUnavailableMiddleware")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_refusals": {"()": "overture.config.logfilters.QuietRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet_refusals"]}},
    "loggers": {"django.request": {"filters": ["quiet_refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL") or "WARNING"},
}
