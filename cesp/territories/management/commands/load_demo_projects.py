"""Declare demonstration professional projects for the demo contracts followed in Occitanie.

Idempotent (a second run declares nothing), so it writes by default: ``cesp demo`` calls
it by name after the demo contracts are loaded (``call_command("load_demo_projects")``),
so that the contracts app does not import this one. Then notifies the impacts of the
demo zoning (idempotent too), so the demo mailbox has e-mails to show.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cesp.territories.demo import load_demo_projects, notify_demo_zoning


class Command(BaseCommand):
    help = "Déclare les projets professionnels de démonstration (Occitanie), idempotent."

    def handle(self, *args, **options) -> None:
        created = load_demo_projects()
        self.stdout.write(f"{created} déclarations de projet professionnel créées.")
        notified = notify_demo_zoning()
        self.stdout.write(f"Zonage de démonstration : {notified} impact(s) notifié(s).")
