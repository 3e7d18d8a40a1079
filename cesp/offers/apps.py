"""Offers of contracts in rank order, lapses and the cascade down the lists, signature and
countersignature (issue 9; interfaces.md §4)."""

from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "cesp.offers"
    label = "offers"
    verbose_name = "Offres de contrat"

    def ready(self) -> None:
        from . import contract_document  # noqa: F401  (declares the contract's document kind)
        from .notifications import register_kinds

        register_kinds()
