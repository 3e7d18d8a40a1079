"""Load the demo payments (idempotent: nothing when a run already exists); called by
``cesp demo`` after the contracts (cesp/contracts/demo_cli.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cesp.payments.demo import load_demo_payments


class Command(BaseCommand):
    help = "Charge les paiements de démonstration (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(load_demo_payments().summary())
