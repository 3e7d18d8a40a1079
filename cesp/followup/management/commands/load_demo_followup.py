"""Load the demonstration follow-up (idempotent; ``cesp demo`` calls it by name)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cesp.followup.demo import load_demo_followup


class Command(BaseCommand):
    help = "Charge le suivi de démonstration : référents, échanges et messages (idempotent)."

    def handle(self, *args, **options) -> None:
        summary = load_demo_followup()
        if summary.already_loaded:
            self.stdout.write("Suivi de démonstration déjà présent : rien à faire.")
            return
        if summary.missing:
            self.stdout.write(f"Suivi de démonstration non chargé : {summary.missing}.")
            return
        for line in summary.created:
            self.stdout.write(f"Suivi de démonstration : {line}.")
