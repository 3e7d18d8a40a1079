from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "cesp.contracts"
    label = "contracts"

    def ready(self) -> None:
        from . import audit_labels

        audit_labels.register()
