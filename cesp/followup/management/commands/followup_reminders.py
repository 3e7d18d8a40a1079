"""Reminders of the yearly exchanges (scheduled daily; docs/followup.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from cesp.contracts.models import Contract
from cesp.core.jobs.base import JobCommand, JobResult
from cesp.followup import reminders


class Command(JobCommand):
    help = (
        "Rappelle aux signataires leur échange annuel à venir et aux référents les échanges "
        "en retard (simulation par défaut, --apply pour écrire les messages)."
    )
    label = "Rappels des échanges annuels de suivi"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jours", type=int, default=30, help="rappeler N jours avant l'échéance"
        )

    def run(self, *, apply: bool, jours: int = 30, **options: Any) -> JobResult:
        today = timezone.localdate()
        items = reminders.planned(Contract.objects.all(), today, jours)
        late = sum(item.kind == "followup_exchange_overdue" for item in items)
        counts = {"planned": len(items), "late": late}
        if not apply:
            return JobResult(
                f"Simulation : {len(items)} rappel(s), dont {late} échange(s) en retard "
                "(--apply pour écrire).",
                counts,
            )
        written = reminders.send(items, today)
        return JobResult(
            f"{written} rappel(s) écrits, dont {late} échange(s) en retard.",
            {**counts, "written": written},
        )
