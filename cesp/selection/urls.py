from django.urls import path

from . import views, views_campaign

app_name = "selection"
urlpatterns = [
    path("", views.index, name="index"),
    path("campagnes/ouvrir/", views_campaign.open_campaign, name="open_campaign"),
    path("campagnes/<int:campaign_id>/", views_campaign.campaign_page, name="campaign"),
    path("campagnes/<int:campaign_id>/candidater/", views.apply, name="apply"),
    path("campagnes/<int:campaign_id>/calendrier/", views_campaign.set_milestone, name="milestone"),
    path("campagnes/<int:campaign_id>/seances/", views_campaign.new_session, name="new_session"),
    path(
        "campagnes/<int:campaign_id>/listes/<str:category>/<str:profession>/",
        views_campaign.rank_lists,
        name="lists",
    ),
    path(
        "campagnes/<int:campaign_id>/fongibilite/", views_campaign.fungibility, name="fungibility"
    ),
    path("listes/<int:list_id>/", views_campaign.post_lists, name="post_lists"),
    path("quotas/importer/", views_campaign.import_quotas, name="quota_import"),
    path("dossiers/<int:dossier_id>/", views.dossier_page, name="dossier"),
    path("dossiers/<int:dossier_id>/deposer/", views.file_dossier, name="file"),
    path(
        "dossiers/<int:dossier_id>/sections/<str:section>/",
        views.save_section,
        name="save_section",
    ),
    path("dossiers/<int:dossier_id>/pieces/", views.upload_piece, name="upload_piece"),
    path(
        "dossiers/<int:dossier_id>/pieces/<int:piece_id>/",
        views.download_piece,
        name="piece",
    ),
    path(
        "dossiers/<int:dossier_id>/pieces/<int:piece_id>/retirer/",
        views.delete_piece,
        name="delete_piece",
    ),
    path("dossiers/<int:dossier_id>/etapes/<str:name>/", views.move, name="move"),
]
