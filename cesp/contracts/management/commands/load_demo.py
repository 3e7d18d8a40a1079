"""``manage.py load_demo``: the synthetic demo dataset (idempotent)."""

from django.core.management.base import BaseCommand

from cesp.contracts.demo_cli import prepare


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et les comptes en mode démo."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--contracts", type=int, default=3000, help="nombre de contrats")
        parser.add_argument(
            "--skip-territories", action="store_true", help="ne pas charger les territoires"
        )

    def handle(self, *args, contracts: int, skip_territories: bool, **options) -> None:
        prepare(self.stdout, total=contracts, territories=not skip_territories)
