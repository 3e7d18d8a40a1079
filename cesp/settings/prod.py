"""Production: PostgreSQL from DATABASE_URL, secure cookies, HTTPS only.

Served by gunicorn (deploy/gunicorn.conf.py); static files collected into STATIC_ROOT
and served by WhiteNoise with hashed, compressed names. Every secret comes from the
environment: see docs/deploy.md.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, DEFAULT_FROM_EMAIL, MIDDLEWARE

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
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CESP_DEMO_MODE = False
CESP_REQUIRE_OTP_FOR_AGENTS = True
CESP_API_DOCS_PUBLIC = False

# Mail goes out through the organisation's SMTP relay (docs/deploy.md).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

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
