"""``manage.py verify_audit``: check the audit log's hash chain (exit 1 if broken)."""

from django.core.management.base import BaseCommand, CommandError

from cesp.core.audit.cli import verify


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du journal d'audit et signale chaque rupture."

    def handle(self, *args, **options) -> None:
        if verify(self.stdout) != 0:
            raise CommandError("La chaîne d'audit est rompue.")
