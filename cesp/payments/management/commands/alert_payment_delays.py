"""Alert the payer and the ARS when a signed contract has no payment after
``CESP_FIRST_PAYMENT_ALERT_DAYS`` days (workflows-payments.md §2.9-3; docs/jobs.md).

Dry run by default: counts the contracts overdue. ``--apply`` writes one notification per
contract and recipient through the kernel outbox, keyed on the contract: idempotent, a
second run (or the next day's) notifies nothing twice. Run it each day.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.payments import delays
from cesp.payments.delay_notifications import alert_overdue


class Command(JobCommand):
    help = (
        "Alerte sur les contrats signés sans aucun versement après le délai d'alerte. "
        "Simulation par défaut."
    )
    label = "Alerte des premiers versements en retard"

    def run(self, *, apply: bool, **options: Any) -> JobResult:
        today = timezone.localdate()
        days = delays.alert_days()
        overdue, messages = alert_overdue(today, apply=apply)
        if not apply:
            return JobResult(
                f"Simulation : {overdue} contrat(s) signé(s) depuis {days} jours ou plus sans "
                f"versement au {today:%d/%m/%Y} (--apply pour alerter).",
                {"overdue": overdue},
            )
        return JobResult(
            f"{overdue} contrat(s) sans versement {days} jours après la signature au "
            f"{today:%d/%m/%Y} : {messages} message(s) écrits ou déjà envoyés.",
            {"overdue": overdue, "messages": messages},
        )
