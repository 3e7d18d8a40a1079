from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "cesp.contracts"
    label = "contracts"
