from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cesp.audit"
    label = "audit"
