from django.urls import path

from . import views, views_manage

app_name = "territories"
urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public_lookup, name="public_lookup"),
    path("aides/", views.aids, name="aids"),
    path("carte/", views.zoning_map_page, name="map"),
    path("carte.svg", views.zoning_map_svg, name="map_svg"),
    path("installations/", views.installations_map_page, name="installations"),
    path("notifications/", views.notifications, name="notifications"),
    path("attestation/<int:contract_id>/", views.attestation, name="attestation"),
    path("zonages/", views_manage.zonings, name="zonings"),
    path("zonages/importer/", views_manage.zoning_import, name="zoning_import"),
    path("lieux/", views_manage.place_list, name="places"),
    path("lieux/<int:place_id>/choisir/", views_manage.place_choose, name="place_choose"),
    path("choix/<int:choice_id>/decider/", views_manage.choice_decide, name="choice_decide"),
    path("projet/<int:contract_id>/", views_manage.project, name="project"),
]
