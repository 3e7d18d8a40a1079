"""Signatories' requests (suspensions, deferral, change of place, sixth-year wishes)
instructed and decided online (issue 11).
"""

from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "cesp.requests"
    label = "requests"
    verbose_name = "Demandes et décisions"

    def ready(self) -> None:
        from . import (
            decision,  # noqa: F401  (declares the decision's document kind)
        )
        from .notifications import register_kinds

        register_kinds()
