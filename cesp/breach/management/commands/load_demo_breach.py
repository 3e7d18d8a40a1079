"""Load the demonstration breach cases (idempotent; ``cesp demo`` calls it by name)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cesp.breach.demo import load_demo_breach


class Command(BaseCommand):
    help = "Charge les dossiers de rupture de démonstration, à chaque étape (idempotent)."

    def handle(self, *args, **options) -> None:
        summary = load_demo_breach()
        if summary.already_loaded:
            self.stdout.write("Dossiers de rupture de démonstration déjà présents : rien à faire.")
            return
        if summary.missing:
            self.stdout.write(f"Dossiers de rupture non chargés : {summary.missing}.")
            return
        self.stdout.write(f"{len(summary.created)} dossiers de rupture de démonstration créés.")
        for line in summary.created:
            self.stdout.write(f"  {line}")
        for label in summary.skipped:
            self.stdout.write(f"  non chargé (aucun contrat ne convient) : {label}")
