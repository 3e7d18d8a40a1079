"""Load the selection's demo (idempotent): the Montpellier 2026-2027 campaign."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cesp.selection import demo


class Command(BaseCommand):
    help = "Charge la campagne de sélection de démonstration (Montpellier 2026-2027)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo.load()
        if summary.skipped:
            self.stdout.write(f"Sélection : rien chargé ({summary.skipped}).\n")
        elif summary.already_loaded:
            self.stdout.write("Sélection : campagne de démonstration déjà présente.\n")
        else:
            self.stdout.write(
                f"Sélection : campagne Montpellier 2026-2027, {summary.dossiers} dossiers "
                "(compte « candidat », mot de passe « demo »).\n"
            )
