"""Demo of the offers (idempotent; after ``load_demo_selection``): see ``cesp.offers.demo``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cesp.offers import demo


class Command(BaseCommand):
    help = "Prépare la démonstration des offres de contrat (campagne Montpellier 2026-2027)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo.load()
        if summary.skipped:
            self.stdout.write(f"Offres : démonstration non chargée ({summary.skipped}).")
            return
        self.stdout.write(
            f"Offres : {summary.lists_waiting} liste(s) attendent leur quota. Compte "
            f"« national » : importer « {demo.QUOTA_FILE.name} » (Sélection → importer un "
            "arrêté de quotas), puis « Offres de contrat » → lancer les offres."
            + (
                f" Le candidat « {summary.candidate} » (mot de passe demo) y répond."
                if summary.candidate
                else ""
            )
        )
