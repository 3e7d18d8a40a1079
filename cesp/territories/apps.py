from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "cesp.territories"
    label = "territories"

    def ready(self) -> None:
        from cesp.contracts.permissions import register_contract_ability

        from . import (
            attestation,  # noqa: F401  (declares the attestation's document kind)
            permissions,
        )
        from .notifications import register_kinds

        # the contract page, the API and the menu read these with the contract's own
        register_contract_ability("view_attestation", permissions.can_view_contract_territory)
        register_contract_ability("declare_project", permissions.can_declare_project)
        register_kinds()
