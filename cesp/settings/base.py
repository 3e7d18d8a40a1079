"""Settings shared by every environment.

One database setting, read from ``DATABASE_URL``: SQLite by default (``make demo`` on a
bare machine), PostgreSQL in production and CI.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "widget_tweaks",
    "dsfr",
    "django_htmx",
    "axes",
    "csp",
    "ninja",  # its own Swagger files (no CDN: the CSP allows our static files only)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks.backends.database",
    "cesp.web",
    "cesp.accounts",
    "cesp.core.ui",
    "cesp.core.audit",
    "cesp.core.jobs",
    "cesp.core.documents",
    "cesp.core.notifications",
    "cesp.core.workflow",
    "cesp.contracts",
    "cesp.territories",
    "cesp.requests",
    "cesp.followup",
    "cesp.breach",
    "cesp.payments",
    "cesp.selection",
    "cesp.offers",
    "cesp.observatory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "cesp.core.nul.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cesp.core.headers.NoStoreForAuthenticatedMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cesp.accounts.otp.AgentSecondFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cesp.accounts.sessions.AbsoluteSessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cesp.urls"
WSGI_APPLICATION = "cesp.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cesp.core.ui.site_config.site_config",  # dsfr's, read once a minute
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (reliability.md): 5 failures, then a 15-minute cool-off, never a
# permanent lock that would let anyone lock out an agent.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]

# Sessions: idle timeout 30 minutes (renewed on each request); the absolute 12-hour
# limit is enforced by cesp.accounts.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4): scripts and styles from our own static files
# only, no inline code at all (no nonce needed: behaviours live in static/web/cesp.js).
# Browser tests fail on any violation (tests/browser/conftest.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` writes (production: served by WhiteNoise, see docs/deploy.md).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = BASE_DIR / "media"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "ne-pas-repondre@cesp.sante.gouv.fr"
# The address of the site, for the links in e-mails.
CESP_SITE_URL = os.environ.get("CESP_SITE_URL", "http://127.0.0.1:8000")

# The outbox worker (docs/notifications.md): notifications are enqueued after commit and
# sent by `manage.py db_worker` (django-tasks, database backend); `send_outbox` sweeps.
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}

# How long a worker keeps the DSFR site configuration it read (cesp.core.ui.site_config).
CESP_SITE_CONFIG_SECONDS = 60

# Demo accounts (password "demo") exist only when this is true.
CESP_DEMO_MODE = os.environ.get("CESP_DEMO_MODE", "0") == "1"

# /api/docs and /api/openapi.json open to anonymous callers (off in prod).
CESP_API_DOCS_PUBLIC = True

# Agents (every role but student) need a TOTP second factor when true (prod only).
CESP_REQUIRE_OTP_FOR_AGENTS = False
OTP_TOTP_ISSUER = "cesp"

# Key of the research pseudonyms (observatory extracts), a secret distinct from
# SECRET_KEY so that an extract id cannot be linked to the platform's pseudonyms
# (issue 12 §3). Required in production (prod.py); this default is for dev and tests.
CESP_RESEARCH_PSEUDONYM_KEY = os.environ.get(
    "CESP_RESEARCH_PSEUDONYM_KEY", "insecure-dev-research-pseudonym-key"
)

# Key of the audit chain's HMAC, kept outside the database: a database writer without it
# cannot rehash the chain. The head is anchored daily (`manage.py anchor_audit --apply`)
# to an append-only file that `cesp audit verify` checks (docs/platform.md, Audit).
# Both are required in production (prod.py); these defaults are for dev and tests.
CESP_AUDIT_KEY = os.environ.get("CESP_AUDIT_KEY", "insecure-dev-audit-key")
CESP_AUDIT_ANCHOR_FILE = Path(
    os.environ.get("CESP_AUDIT_ANCHOR_FILE", BASE_DIR / "var" / "audit-anchors.jsonl")
)

# Tabular uploads and files (cesp.core.tabular, docs/tabular.md): a file over one of these
# is refused with a French message that states the limit.
CESP_TABULAR_MAX_BYTES = 50 * 1024 * 1024  # as received, compressed or not
CESP_TABULAR_MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024  # after gunzip / inside an XLSX
CESP_TABULAR_MAX_ROWS = 200_000  # records, the header included

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
