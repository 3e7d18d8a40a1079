"""Import a bank return by hand (pain.002 or camt.054), as les-emplois' ``--parse-file``
(workflows-payments.md §2.7): all or nothing, in one transaction. Dry run by default
(reads and checks the file against the transfers sent, writes nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.payments import services
from cesp.payments.returns import ReturnFileError


class Command(JobCommand):
    help = "Importe un retour de la banque (pain.002 ou camt.054). Simulation par défaut."
    label = "Import d'un retour de la banque"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="fichier pain.002 ou camt.054")

    def run(self, *, apply: bool, path: str, **options: Any) -> JobResult:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file.name}")
        try:
            counts = services.import_bank_return(None, file.read_bytes(), file.name, apply=apply)
        except ReturnFileError as error:
            raise CommandError(str(error)) from None
        what = "Import" if apply else "Simulation d'import"
        return JobResult(
            f"{what} de {file.name} : {counts['acknowledged']} virement(s) accepté(s), "
            f"{counts['rejected']} rejeté(s), {counts.get('unchanged', 0)} déjà traité(s).",
            counts,
        )
