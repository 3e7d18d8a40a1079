"""Daily: tell the UFR (and the manager once late) that lists are not yet transmitted."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.selection import alerts


class Command(JobCommand):
    help = (
        "Alerte sur la transmission des listes de la commission avant l'échéance (D5, "
        "15 janvier par défaut). Simulation par défaut."
    )
    label = "Alerte sur l'échéance de transmission des listes"

    def run(self, *, apply: bool, **options: Any) -> JobResult:
        today = timezone.localdate()
        due = alerts.alerts_due(today)
        late = sum(a.passed for a in due)
        if not apply:
            return JobResult(
                f"Simulation : {len(due)} campagne(s) à alerter au {today:%d/%m/%Y}, dont "
                f"{late} en retard (--apply pour envoyer).",
                {"campaigns": len(due), "late": late},
            )
        sent = sum(alerts.send(alert) for alert in due)
        return JobResult(
            f"{len(due)} campagne(s) alertée(s) au {today:%d/%m/%Y}, dont {late} en retard ; "
            f"{sent} message(s) écrits ou déjà écrits.",
            {"campaigns": len(due), "late": late, "messages": sent},
        )
