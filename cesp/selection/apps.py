"""Dossiers, commissions, listes, quotas et offres (issue 9)."""

from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "cesp.selection"
    label = "selection"
    verbose_name = "Sélection et offres"

    def ready(self) -> None:
        from .notifications import register_kinds

        register_kinds()
