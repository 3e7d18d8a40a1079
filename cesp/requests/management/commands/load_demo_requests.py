"""Load the requests' demo (idempotent): requests at every step, Occitanie and Bretagne."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from cesp.requests import demo


class Command(BaseCommand):
    help = "Charge des demandes de démonstration à chaque étape (Occitanie et Bretagne)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo.load(timezone.localdate())
        if summary.missing:
            self.stdout.write(f"Demandes : rien chargé ({summary.missing}).\n")
            return
        if summary.already_loaded:
            self.stdout.write("Demandes : démonstration déjà présente.\n")
            return
        self.stdout.write(
            f"Demandes : {summary.filed} étapes chargées (comptes « signataire-report », "
            "« signataire-bretagne », « ars-bretagne-directeur », mot de passe « demo »).\n"
        )
        for skipped in summary.skipped:
            self.stdout.write(f"  non chargé — {skipped}\n")
