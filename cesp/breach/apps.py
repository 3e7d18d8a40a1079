from django.apps import AppConfig


class BreachConfig(AppConfig):
    name = "cesp.breach"
    label = "breach"
    verbose_name = "Procédure de rupture"
