"""Local development and ``make demo``.

DEBUG is off unless ``CESP_DEBUG=1``: the demo shows the French error pages, never
Django's debug page with the URL map (``cesp demo`` serves static files itself).
"""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("CESP_DEBUG", "0") == "1"
CESP_DEMO_MODE = True

# The demo's local mailbox: e-mails are kept in memory, and every message's stored copy
# is shown on /notifications/boite/; sending runs right after commit, with no worker.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
