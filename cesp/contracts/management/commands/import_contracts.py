"""``manage.py import_contracts FILE [--commit]``: dry run unless --commit."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cesp.contracts.services import import_contracts
from cesp.core.tabular import TabularError, read_file


class Command(BaseCommand):
    help = (
        "Importe des contrats depuis un fichier au format cohorte (interfaces.md §2 ; CSV, "
        "XLSX ou .gz). "
        "Essai à blanc par défaut ; --commit écrit, tout ou rien."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="écrire (sinon essai à blanc)")

    def handle(self, *args, file: Path, commit: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            data = read_file(file)
        except TabularError as error:
            raise CommandError(str(error)) from None
        report = import_contracts(None, data, commit=commit, source=file.name)
        self.stdout.write(report.to_text())
        if report.errors:
            raise CommandError(f"{len(report.errors)} erreur(s) : rien n'a été importé.")
