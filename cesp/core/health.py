"""Health endpoint for load balancers and monitoring (``/sante/``).

Anonymous, exempt from the login redirect and from the HTTPS redirect (prod settings):
it answers 200 with ``{"statut": "ok"}`` when the database answers a trivial query,
503 otherwise. It reveals nothing else.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """``SELECT 1`` on the default database: 200 when it answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unavailable")
        return JsonResponse({"statut": "indisponible", "base_de_donnees": "erreur"}, status=503)
    return JsonResponse({"statut": "ok", "base_de_donnees": "ok"})
