"""Load the territories demo data: the unofficial doctors' zoning of Occitanie as a
clearly-labelled demonstration zoning version.

Idempotent (a second run changes nothing), so it writes by default — ``cesp demo`` calls
it with ``call_command("load_territories")``; ``--dry-run`` only reports.

Communes, departments and regions need no loading: they are read from the files
shipped in ``cesp/territories/data`` (see docs/territories.md).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from cesp.territories import services
from cesp.territories.models import ZoningVersion
from cesp.territories.reference import DATA_DIR

DEMO_FILE = "zonage_mg_communes_occitanie.csv.gz"
DEMO_ACT = "DÉMONSTRATION — zonage médecins Occitanie non officiel (ZonageMed, vers 2023-2024)"
DEMO_LABEL = (
    "Données de démonstration : classement par commune issu d'un projet personnel "
    "(github.com/Alternantsauvage/ZonageMed), sans licence ni date ; structure du zonage de "
    "l'arrêté ARS Occitanie du 4 mai 2022. Ce n'est pas le zonage légal."
)
DEMO_START = dt.date(2022, 5, 4)


def load_demo_zoning(apply: bool = True, stdout=None):
    """Import the demo zoning once; return the version (existing or new) or None."""
    existing = ZoningVersion.objects.filter(
        region="76", profession="medecine", is_demo=True, valid_from=DEMO_START
    ).first()
    if existing is not None:
        return existing
    data = (DATA_DIR / DEMO_FILE).read_bytes()
    result = services.import_zoning(
        data,
        DEMO_FILE,
        region="76",
        profession="medecine",
        valid_from=DEMO_START,
        act=DEMO_ACT,
        is_demo=True,
        label=DEMO_LABEL,
        allow_missing=True,
        dry_run=not apply,
    )
    if stdout is not None:
        stdout.write(result.report.as_text())
    if not result.ok:
        raise CommandError(result.report.as_text())
    return result.versions[0] if result.versions else None


class Command(BaseCommand):
    help = "Charge le zonage médecins de démonstration (Occitanie), idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="simuler sans écrire")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        version = load_demo_zoning(apply=not dry_run, stdout=self.stdout)
        if version is None:
            self.stdout.write("Simulation : rien n'a été écrit.")
        else:
            self.stdout.write(f"Zonage de démonstration en base : {version} (id {version.pk}).")
