"""Account pages of our own (the second factor); Django's auth views are mounted apart."""

from django.urls import path

from . import otp

urlpatterns = [
    path("otp/", otp.otp_verify, name="otp_verify"),
    path("otp/enrolement/", otp.otp_enrol, name="otp_enrol"),
]
