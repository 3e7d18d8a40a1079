"""The breach procedure: cases, adversarial steps, statement of sums, appeals, instalment
plans (issue 10).
"""

from django.apps import AppConfig


class BreachConfig(AppConfig):
    name = "cesp.breach"
    label = "breach"
    verbose_name = "Procédure de rupture"

    def ready(self) -> None:
        from cesp.contracts.permissions import register_contract_ability

        from . import documents, notifications, permissions

        documents.register_kinds()
        notifications.register_kinds()
        # the contract page links to the contract's cases and to the report form
        register_contract_ability("breach", permissions.can_report)
