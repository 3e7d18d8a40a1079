"""The REST API (django-ninja, OpenAPI 3 at /api/docs and /api/openapi.json).

Each app defines a ``router`` in its ``api.py``; mount it here, one line each.
"""

from ninja import NinjaAPI

api = NinjaAPI(title="cesp API", version="1", urls_namespace="api")
