"""The referents' daily digest (weekdays at 8:00; docs/followup.md)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.followup import reminders


class Command(JobCommand):
    help = (
        "Envoie à chaque référent, les jours ouvrés, le récapitulatif de ce qui est arrivé "
        "depuis le précédent (rien s'il est vide ; simulation par défaut, --apply pour écrire)."
    )
    label = "Récapitulatif quotidien du suivi"

    def run(self, *, apply: bool, **options: Any) -> JobResult:
        today = timezone.localdate()
        if today.weekday() >= 5:
            return JobResult("Pas de récapitulatif le samedi ni le dimanche.", {"planned": 0})
        items = reminders.digests(today)
        if not apply:
            return JobResult(
                f"Simulation : {len(items)} récapitulatif(s) (--apply pour écrire).",
                {"planned": len(items)},
            )
        written = reminders.send_digests(items, today)
        return JobResult(
            f"{written} récapitulatif(s) écrits.", {"planned": len(items), "written": written}
        )
