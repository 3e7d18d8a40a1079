"""``manage.py verify_audit``: check the audit log's hash chain (exit 1 if broken).

A scheduled, read-only job (``cesp.core.jobs``: one run at a time, each run logged)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from cesp.core.audit.cli import verify
from cesp.core.audit.services import verify_chain
from cesp.core.jobs.base import JobCommand, JobResult


class Command(JobCommand):
    help = "Vérifie la chaîne d'empreintes du journal d'audit et signale chaque rupture."
    label = "Vérification de la chaîne d'audit"
    writes = False

    def run(self, *, apply: bool, **options: Any) -> JobResult:
        count, breaks = verify_chain()
        if breaks:
            verify(self.stdout)
            raise CommandError(
                f"La chaîne d'audit est rompue : {len(breaks)} rupture(s) sur {count} entrées."
            )
        return JobResult(f"Chaîne d'audit intègre : {count} entrées vérifiées.", {"entries": count})
