"""The CSV of the notified breach sums, for the recovering body (CPAM, CNG or ASP)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from cesp.breach import exports
from cesp.breach.enums import Creditor
from cesp.breach.models import BreachCase
from cesp.core.jobs.base import JobCommand, JobResult


class Command(JobCommand):
    help = "Exporte en CSV les sommes de rupture notifiées, par organisme créancier."
    label = "Export des sommes de rupture notifiées"
    writes = False

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--creancier", default="", help="cpam, cng ou asp (tous sinon)")
        parser.add_argument("--sortie", default="", help="fichier CSV (sinon la sortie)")

    def run(self, *, apply: bool, creancier: str = "", sortie: str = "", **options: Any):
        if creancier and creancier not in Creditor.values:
            raise CommandError(f"Organisme créancier inconnu : « {creancier} » (cpam, cng, asp).")
        cases = exports.exported_cases(BreachCase.objects.all())
        body = exports.to_csv(cases, timezone.localdate(), creancier)
        lines = body.count("\n") - 1
        if sortie:
            Path(sortie).write_text(body, encoding="utf-8")
        else:
            self.stdout.write(body, ending="")
        return JobResult(f"{lines} dossier(s) exporté(s).", {"rows": lines})
