from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cesp.accounts"
    label = "accounts"
