from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("boite/", views.mailbox, name="mailbox"),
    path("boite/<int:message_id>/", views.message_detail, name="message"),
    path("preferences/", views.preferences, name="preferences"),
]
