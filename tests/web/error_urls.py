"""The project's URLs plus three views that fail, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from cesp.urls import urlpatterns as project_urls


def broken(request):
    raise RuntimeError("panne simulée")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("essai/panne/", broken),
    path("essai/interdit/", forbidden),
    *project_urls,
]
