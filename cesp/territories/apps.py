from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "cesp.territories"
    label = "territories"

    def ready(self) -> None:
        from . import attestation  # noqa: F401  (declares the attestation's document kind)
