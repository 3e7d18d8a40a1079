"""Contract pages (mounted at /contrats/)."""

from django.urls import path

from . import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("export/", views.contract_export, name="export"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/historique/", views.contract_history, name="history"),
    path("<int:pk>/explication.txt", views.contract_explanation, name="explanation"),
    path("<int:pk>/evenement/", views.event_types, name="event_types"),
    path("<int:pk>/evenement/<slug:event_type>/", views.event_create, name="event_create"),
]
