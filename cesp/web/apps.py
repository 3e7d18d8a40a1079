from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cesp.web"
    label = "web"
