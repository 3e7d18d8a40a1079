from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "cesp.core.ui"
    label = "ui"
    verbose_name = "Kit d'interface"
