"""The payment ledger: monthly runs, SEPA files, bank returns, statements and attestations
(issue 10).
"""

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "cesp.payments"
    label = "payments"
    verbose_name = "Allocations versées"

    def ready(self) -> None:
        from cesp.contracts import figures  # app registry ready: models importable

        from . import (
            documents,  # noqa: F401  (declares the payment documents' kinds)
            ledger,
        )
        from .delay_notifications import register_kinds as register_delay_kinds

        register_delay_kinds()
        figures.register_payments_provider(ledger.payments_made)
