from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "cesp.core.workflow"
    label = "workflow"
    verbose_name = "Circuits de décision"
