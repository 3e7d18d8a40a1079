from django.urls import path

from . import views

app_name = "breach"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("lettre/", views.open_letter, name="open_letter"),
    path("signaler/", views.report, name="report"),
    path("export.csv", views.export_csv, name="export"),
    path("<int:pk>/", views.case_page, name="case"),
    path("<int:pk>/etape/<slug:name>/", views.take_step, name="step"),
    path("<int:pk>/envoi/<int:dispatch>/reception/", views.receipt, name="receipt"),
    path("<int:pk>/remboursement/", views.repayment, name="repayment"),
]
