"""Production: PostgreSQL from DATABASE_URL, secure cookies, HTTPS only.

Served by gunicorn (deploy/gunicorn.conf.py); static files collected into STATIC_ROOT
and served by WhiteNoise with hashed, compressed names. Every secret comes from the
environment: see docs/deploy.md.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
CESP_RESEARCH_PSEUDONYM_KEY = os.environ["CESP_RESEARCH_PSEUDONYM_KEY"]
if CESP_RESEARCH_PSEUDONYM_KEY == SECRET_KEY:
    raise ImproperlyConfigured("CESP_RESEARCH_PSEUDONYM_KEY doit différer de DJANGO_SECRET_KEY.")
CESP_AUDIT_KEY = os.environ["CESP_AUDIT_KEY"]
if CESP_AUDIT_KEY in (SECRET_KEY, CESP_RESEARCH_PSEUDONYM_KEY):
    raise ImproperlyConfigured("CESP_AUDIT_KEY doit être une clé propre au journal d'audit.")
CESP_AUDIT_ANCHOR_FILE = Path(os.environ["CESP_AUDIT_ANCHOR_FILE"])
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
# The load balancer probes the health endpoint over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CESP_DEMO_MODE = False
CESP_REQUIRE_OTP_FOR_AGENTS = True

# Static files: WhiteNoise right after SecurityMiddleware, serving what `collectstatic`
# wrote to STATIC_ROOT under hashed names (cached forever) with gzip/brotli copies.
# Dev and test settings keep Django's default storage: no collectstatic needed there.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
