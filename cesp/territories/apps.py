from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "cesp.territories"
    label = "territories"

    def ready(self) -> None:
        from cesp.contracts import page_extensions

        from . import attestation  # noqa: F401  (declares the attestation's document kind)
        from .permissions import contract_page_abilities

        page_extensions.register(contract_page_abilities)
