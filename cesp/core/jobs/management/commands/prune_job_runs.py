"""Delete the log of job runs older than ``--days`` (90 by default). A scheduled job:
dry run unless ``--apply``; idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.core.jobs.models import JobRun


class Command(JobCommand):
    help = "Efface le journal des tâches plus ancien que N jours (simulation par défaut)."
    label = "Purge du journal des tâches"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=90, help="garder N jours (90)")

    def run(self, *, apply: bool, days: int = 90, **options: Any) -> JobResult:
        old = JobRun.objects.filter(started_at__lt=timezone.now() - timedelta(days=days))
        if not apply:
            count = old.count()
            return JobResult(
                f"Simulation : {count} exécution(s) de plus de {days} jours à effacer.",
                {"old": count},
            )
        deleted, _ = old.delete()
        return JobResult(
            f"{deleted} exécution(s) de plus de {days} jours effacée(s).", {"deleted": deleted}
        )
