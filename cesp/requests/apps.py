from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "cesp.requests"
    label = "requests"
    verbose_name = "Demandes et décisions"
