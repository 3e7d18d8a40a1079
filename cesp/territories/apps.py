from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "cesp.territories"
    label = "territories"
