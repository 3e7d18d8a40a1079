from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "cesp.selection"
    label = "selection"
    verbose_name = "Sélection et offres"
