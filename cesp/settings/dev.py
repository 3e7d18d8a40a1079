"""Local development and ``make demo``."""

from .base import *  # noqa: F403

DEBUG = True
CESP_DEMO_MODE = True

# The demo's local mailbox: e-mails are kept in memory, and every message's stored copy
# is shown on /notifications/boite/; sending runs right after commit, with no worker.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
