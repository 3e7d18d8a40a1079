"""The monthly payment run (workflows-payments.md §2.8; docs/payments.md).

Dry run by default: computes the month's lines with the rule and says what would be
paid, writing nothing. ``--apply`` writes the lines (idempotent: a second run, or several
at once, pays nothing twice) and builds the run's transfers, leaving the run as a draft
to check, order and export. ``--month YYYY-MM`` (default: the current month).
A scheduled job (``cesp.core.jobs``): one run at a time, each run logged.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.payments import services
from cesp.payments.runs import RunClosed
from cesp.rules.months import Month


class Command(JobCommand):
    help = (
        "Calcule le versement mensuel de l'allocation (lignes et virements). Simulation par défaut."
    )
    label = "Versement mensuel de l'allocation"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="mois du versement, AAAA-MM (défaut : ce mois-ci)")

    def run(self, *, apply: bool, month: str | None = None, **options: Any) -> JobResult:
        try:
            target = Month.parse(month) if month else Month.of(timezone.localdate())
        except ValueError:
            raise CommandError(
                f"--month : mois attendu au format AAAA-MM, reçu « {month} »."
            ) from None
        try:
            outcome = services.prepare_run(target, apply=apply, heartbeat=self.heartbeat)
        except RunClosed as closed:
            return JobResult(str(closed), {"lines": 0})
        summary = outcome.summary()
        if not apply:
            summary += " (--apply pour écrire)"
        return JobResult(
            summary,
            {
                "contracts": outcome.contracts,
                "lines": outcome.lines,
                "anomalies": len(outcome.anomalies),
                "transfers": outcome.transfers,
            },
        )
