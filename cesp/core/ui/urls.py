"""URLs of the UI kit."""

from django.urls import path

from . import views

app_name = "ui"
urlpatterns = [
    path("communes/suggestions/", views.commune_suggestions, name="commune_suggestions"),
]
