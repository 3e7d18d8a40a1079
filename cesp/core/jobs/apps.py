from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cesp.core.jobs"
    label = "jobs"
    verbose_name = "Tâches planifiées"
