"""Public and home pages."""

from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("mon-espace/", views.space, name="space"),
    path("mon-espace/<int:contract_id>/", views.space, name="space_contract"),
    path("simulateur/", views.simulator, name="simulator"),
    path("accessibilite/", views.accessibility, name="accessibility"),
]
