from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "cesp.observatory"
    label = "observatory"
