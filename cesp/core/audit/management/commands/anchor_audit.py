"""``manage.py anchor_audit [--apply]``: anchor today's head of the audit chain (daily job)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from cesp.core.audit.services import anchor_head
from cesp.core.jobs.base import JobCommand, JobResult


class Command(JobCommand):
    help = (
        "Ancre la tête de la chaîne d'audit du jour dans le fichier d'ancrage "
        "(une ligne par jour, jamais réécrite). Simulation sans --apply."
    )

    def run(self, *, apply: bool, **options: Any) -> JobResult:
        anchor, already = anchor_head(timezone.localdate(), apply=apply)
        written = apply and not already
        if already:
            summary = f"L'ancrage du {anchor.day_label} existe déjà : rien à écrire."
        elif written:
            where = settings.CESP_AUDIT_ANCHOR_FILE
            summary = f"Ancrage du {anchor.day_label} écrit : {anchor.length} entrées ({where})."
        else:
            summary = (
                f"Simulation : l'ancrage du {anchor.day_label} ({anchor.length} entrées) "
                "serait écrit ; relancer avec --apply."
            )
        return JobResult(summary=summary, counts={"anchors_written": int(written)})
