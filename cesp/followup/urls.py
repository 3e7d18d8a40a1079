from django.urls import path

from . import views, views_convocation

app_name = "followup"
urlpatterns = [
    path("", views.home, name="home"),
    path("passation/", views.hand_over, name="handover"),
    path("contrat/<int:pk>/", views.contract_followup, name="contract"),
    path("contrat/<int:pk>/planifier/", views.plan_meeting, name="plan"),
    path("contrat/<int:pk>/echange/", views.record_meeting, name="record"),
    path(
        "contrat/<int:pk>/echange/<int:meeting_id>/",
        views.record_meeting,
        name="record_planned",
    ),
    path(
        "contrat/<int:pk>/echange/<int:meeting_id>/annuler/",
        views.cancel_meeting,
        name="cancel",
    ),
    path("contrat/<int:pk>/referent/", views.assign, name="assign"),
    path("contrat/<int:pk>/conversation/", views.new_thread, name="new_thread"),
    path("contrat/<int:pk>/convocation/", views_convocation.open_case, name="convoke"),
    path("convocation/<int:pk>/", views_convocation.case, name="convocation"),
    path("conversations/", views.threads, name="threads"),
    path("conversation/<int:pk>/", views.thread, name="thread"),
]
