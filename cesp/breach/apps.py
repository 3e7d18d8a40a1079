"""The breach procedure: cases, adversarial steps, statement of sums, appeals, instalment
plans (issue 10).
"""

from django.apps import AppConfig


class BreachConfig(AppConfig):
    name = "cesp.breach"
    label = "breach"
    verbose_name = "Procédure de rupture"

    def ready(self) -> None:
        from . import documents, notifications

        documents.register_kinds()
        notifications.register_kinds()
