from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cesp.core.audit"
    label = "audit"
