from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "cesp.payments"
    label = "payments"
    verbose_name = "Allocations versées"
