"""Test settings: strict guardrails.

An undefined template variable fails the test; fast password hashing; login
throttling off except where a test turns it on.
"""

from .base import *  # noqa: F403
from .base import TEMPLATES


class InvalidTemplateVariable(str):
    """Raise on any undefined variable a template tries to render.

    Django calls ``string_if_invalid % name`` for an undefined ``{{ name }}`` (only when
    the string is truthy, so it must stay truthy); ``{% if name %}`` resolves with
    ``ignore_failures`` and never reaches it.
    """

    def __mod__(self, other: object) -> str:
        raise NameError(f"Variable de gabarit indéfinie : {other!r}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
CESP_DEMO_MODE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The DSFR site configuration is read on every page, so that a page's query count does
# not depend on the tests run before it (a test of the memo turns it on).
CESP_SITE_CONFIG_SECONDS = 0
