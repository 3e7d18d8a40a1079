from django.urls import path

from . import views

app_name = "offers"
urlpatterns = [
    path("", views.index, name="index"),
    path("mon-offre/", views.mine, name="mine"),
    path("listes/<int:list_id>/", views.round_page, name="round"),
    path("listes/<int:list_id>/lancer/", views.start, name="start"),
    path("<int:offer_id>/contrat.pdf", views.contract_pdf, name="contract"),
    path("<int:offer_id>/repondre/<str:action>/", views.answer, name="answer"),
    path("<int:offer_id>/<str:action>/", views.act, name="act"),
]
