from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "cesp.followup"
    label = "followup"
    verbose_name = "Suivi des signataires"
