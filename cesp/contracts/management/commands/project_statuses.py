"""Rebuild the derived status projection (docs/platform.md, Performance; docs/jobs.md).

Dry run by default: counts the contracts whose projection is missing or stale today.
``--apply`` recomputes them with the rules, in batches (one transaction each);
idempotent: a second run on the same day finds nothing to do. ``--all`` recomputes
every contract. Run it each night (the status depends on the date) and after a bulk
import; the list is correct without it, only slower on status and phase filters.
A scheduled job (``cesp.core.jobs``): one run at a time, each run logged.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils import timezone

from cesp.contracts import projection
from cesp.contracts.models import Contract
from cesp.core.jobs.base import JobCommand, JobResult

BATCH = 2000


class Command(JobCommand):
    help = "Recalcule la projection des statuts (dérivée, reconstructible). Simulation par défaut."
    label = "Recalcul de la projection des statuts"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="tout recalculer")

    def run(self, *, apply: bool, all: bool = False, **options: Any) -> JobResult:
        today = timezone.localdate()
        todo = Contract.objects.all() if all else projection.stale(today)
        ids = list(todo.order_by("pk").values_list("pk", flat=True))
        if not apply:
            return JobResult(
                f"Simulation : {len(ids)} contrat(s) à recalculer au {today:%d/%m/%Y} "
                "(--apply pour écrire).",
                {"to_refresh": len(ids)},
            )
        written = 0
        for start in range(0, len(ids), BATCH):
            batch = Contract.objects.filter(pk__in=ids[start : start + BATCH])
            with transaction.atomic():
                written += projection.refresh(batch.with_facts(rules_only=True), today)
            self.heartbeat()
        return JobResult(
            f"{len(ids)} contrat(s) recalculé(s), {written} statut(s) projeté(s) au "
            f"{today:%d/%m/%Y} ({len(ids) - written} refusé(s) par les règles : évalués "
            "à la demande).",
            {"recomputed": len(ids), "projected": written, "refused": len(ids) - written},
        )
