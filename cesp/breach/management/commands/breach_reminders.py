"""Reminders of the instalment plans (scheduled daily; docs/breach.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from cesp.breach import reminders
from cesp.core.jobs.base import JobCommand, JobResult


class Command(JobCommand):
    help = (
        "Rappelle aux signataires les échéances à venir et impayées de leur échéancier "
        "(simulation par défaut, --apply pour écrire les messages)."
    )
    label = "Rappels des échéanciers de remboursement"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jours", type=int, default=10, help="rappeler N jours avant l'échéance"
        )

    def run(self, *, apply: bool, jours: int = 10, **options: Any) -> JobResult:
        items = reminders.planned(timezone.localdate(), jours)
        late = sum(item.kind == "breach_instalment_late" for item in items)
        if not apply:
            return JobResult(
                f"Simulation : {len(items)} rappel(s), dont {late} échéance(s) impayée(s) "
                "(--apply pour écrire).",
                {"planned": len(items), "late": late},
            )
        written = reminders.send(items)
        return JobResult(
            f"{written} rappel(s) écrits ou déjà écrits, dont {late} échéance(s) impayée(s).",
            {"planned": len(items), "late": late, "written": written},
        )
