from django.urls import path

from . import views, views_bank_account, views_runs

app_name = "payments"
urlpatterns = [
    path("", views.index, name="index"),
    path("mes-allocations/", views.mine, name="mine"),
    path("mon-compte-bancaire/", views_bank_account.bank_account, name="bank_account"),
    path("contrat/<int:contract_id>/", views.contract_payments, name="contract"),
    path("contrat/<int:contract_id>/releve/<str:month>/", views.statement, name="statement"),
    path(
        "contrat/<int:contract_id>/attestation/<int:year>/",
        views.attestation,
        name="attestation",
    ),
    path("contrat/<int:contract_id>/situation/", views.certificate, name="certificate"),
    path("retards/", views.delays_page, name="delays"),
    path("versements/", views_runs.runs, name="runs"),
    path("versements/<int:run_id>/", views_runs.run_detail, name="run"),
    path("versements/<int:run_id>/etape/<str:step>/", views_runs.run_step, name="run_step"),
    path("fichiers/<int:file_id>/", views_runs.file_download, name="file"),
    path("retours/", views_runs.bank_return, name="returns"),
]
