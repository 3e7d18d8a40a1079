from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("", views.index, name="index"),
    path("mes-allocations/", views.mine, name="mine"),
    path("contrat/<int:contract_id>/", views.contract_payments, name="contract"),
    path("contrat/<int:contract_id>/releve/<str:month>/", views.statement, name="statement"),
    path(
        "contrat/<int:contract_id>/attestation/<int:year>/",
        views.attestation,
        name="attestation",
    ),
    path("contrat/<int:contract_id>/situation/", views.certificate, name="certificate"),
    path("retards/", views.delays_page, name="delays"),
]
