from django.urls import path

from . import views

app_name = "requests"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouvelle/<int:contract_id>/", views.new, name="new"),
    path("voeux-6e-annee.csv", views.wishes_export, name="wishes_export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/avis/", views.opinion, name="opinion"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/retrait/", views.withdraw, name="withdraw"),
    path("<int:pk>/justificatifs/<int:proof_id>/", views.proof, name="proof"),
]
