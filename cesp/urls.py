"""Root URLs: each app mounts its own."""

from django.contrib import admin
from django.urls import include, path

from cesp.api import api
from cesp.core.health import health

urlpatterns = [
    path("sante/", health, name="health"),
    path("admin/", admin.site.urls),
    path("accounts/", include("cesp.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", api.urls),
    path("contrats/", include("cesp.contracts.urls")),
    path("documents/", include("cesp.core.documents.urls")),
    path("ui/", include("cesp.core.ui.urls")),
    path("territoires/", include("cesp.territories.urls")),
    path("selection/", include("cesp.selection.urls")),
    path("offres/", include("cesp.offers.urls")),
    path("paiements/", include("cesp.payments.urls")),
    path("ruptures/", include("cesp.breach.urls")),
    path("suivi/", include("cesp.followup.urls")),
    path("demandes/", include("cesp.requests.urls")),
    path("observatoire/", include("cesp.observatory.urls")),
    path("notifications/", include("cesp.core.notifications.urls")),
    path("taches/", include("cesp.core.jobs.urls")),
    path("", include("cesp.web.urls")),
]
