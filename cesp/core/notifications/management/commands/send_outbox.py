"""Send the notifications that are due: retries after their backoff, and any message whose
enqueue after commit was lost. A scheduled job (docs/jobs.md): dry run unless ``--apply``,
one run at a time, idempotent (a sent message is never sent again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.core.notifications import outbox


class Command(JobCommand):
    help = "Envoie les notifications en attente (simulation par défaut, --apply pour envoyer)."
    label = "Envoi des notifications en attente"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="au plus N messages")

    def run(self, *, apply: bool, limit: int = 500, **options: Any) -> JobResult:
        if not apply:
            count = outbox.due().count()
            return JobResult(
                f"Simulation : {count} message(s) à envoyer (--apply pour envoyer).",
                {"due": count},
            )
        counts = outbox.send_due(limit=limit)
        return JobResult(
            f"{counts['sent']} message(s) envoyé(s), {counts['pending']} à réessayer plus "
            f"tard, {counts['failed']} en échec définitif.",
            counts,
        )
