from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "cesp.offers"
    label = "offers"
    verbose_name = "Offres de contrat"
