"""Load the territories demo data: the unofficial doctors' zoning of Occitanie as a
clearly-labelled demonstration zoning version.

Idempotent (a second run changes nothing), so it writes by default — ``cesp demo`` calls
it with ``call_command("load_territories")``; ``--dry-run`` only reports.

Communes, departments and regions need no loading: they are read from the files
shipped in ``cesp/core/geography/data`` (see docs/territories.md).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from cesp.territories import DATA_DIR, services
from cesp.territories.models import ZoningVersion

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


DEMO_PLACES = (
    ("09122", "Maison de santé pluriprofessionnelle de Foix (démo)", "msp", "liberal"),
    ("09225", "Centre de santé de Pamiers (démo)", "centre_de_sante", "salarie"),
    ("32013", "Cabinet médical d'Auch (démo)", "cabinet", "liberal"),
    ("65440", "Centre hospitalier de Tarbes (démo)", "hopital", "salarie"),
    ("12202", "Maison de santé de Rodez (démo)", "msp", "mixte"),
    ("48095", "Cabinet de Mende (démo)", "cabinet", "liberal"),
    ("46042", "Centre de santé de Cahors (démo)", "centre_de_sante", "salarie"),
    ("81004", "Maison de santé d'Albi (démo)", "msp", "liberal"),
)


def load_demo_places() -> int:
    """A few demonstration practice places in Occitanie (idempotent by name)."""
    from cesp.accounts.models import Organisation
    from cesp.territories.models import PracticePlace

    ars = Organisation.objects.filter(kind="ars", region_code="76").first()
    created = 0
    for commune, name, structure, mode in DEMO_PLACES:
        _, new = PracticePlace.objects.get_or_create(
            name=name,
            defaults={
                "commune_code": commune,
                "region": "76",
                "structure": structure,
                "mode": mode,
                "specialty": "médecine générale",
                "profession": "medecine",
                "published_by": ars,
                "published_on": DEMO_START,
            },
        )
        created += new
    return created


class Command(BaseCommand):
    help = "Charge le zonage médecins de démonstration (Occitanie), idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="simuler sans écrire")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        version = load_demo_zoning(apply=not dry_run, stdout=self.stdout)
        if not dry_run:
            self.stdout.write(f"Lieux d'exercice de démonstration créés : {load_demo_places()}.")
        if version is None:
            self.stdout.write("Simulation : rien n'a été écrit.")
        else:
            self.stdout.write(f"Zonage de démonstration en base : {version} (id {version.pk}).")
