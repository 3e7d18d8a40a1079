"""The REST API (django-ninja, OpenAPI 3 at /api/docs and /api/openapi.json).

Each app defines a ``router`` in its ``api.py``; mount it here, one line each.
Errors: 422 with the field path (``loc``) for bad input, whether refused by the
schema, by a service (``ValidationError``) or by the rules (``SituationError``);
403 for a forbidden action; 404 for anything out of the caller's scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaValidationError

from cesp.accounts.tokens import OrganisationTokenAuth
from cesp.rules.errors import SituationError


class CespAPI(NinjaAPI):
    """The API authenticates by itself (token or session): opt out of the login redirect."""

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            callback = getattr(pattern, "callback", None)
            if callback is not None:
                callback.login_required = False
        return urls


def docs_for_known_callers(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``/api/docs`` and ``/api/openapi.json``: public unless ``CESP_API_DOCS_PUBLIC`` is
    off (production), then for signed-in users and organisation tokens only. Anonymous
    callers get 401 for the schema and the login page for the docs."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        known = request.user.is_authenticated or OrganisationTokenAuth()(request) is not None
        if settings.CESP_API_DOCS_PUBLIC or known:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": "Authentification requise."}, status=401)
        return redirect_to_login(request.get_full_path())

    return guarded


api = CespAPI(
    title="cesp API", version="1", urls_namespace="api", docs_decorator=docs_for_known_callers
)

#: Where request bodies sit in error paths: every body parameter is named ``payload``.
BODY: list[str | int] = ["body", "payload"]


def situation_path(field: str) -> list[str | int]:
    """``events[2].to`` → ``["events", 2, "to"]``."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field or ""):
        parts.append(int(index) if index else name)
    return parts


#: French messages for the schema errors pydantic reports (by error type).
FRENCH_MESSAGES = {
    "missing": "champ obligatoire",
    "extra_forbidden": "champ inconnu",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "string_type": "texte attendu",
    "bool_type": "booléen attendu",
    "dict_type": "objet attendu",
    "list_type": "liste attendue",
    "literal_error": "valeur non permise",
    "greater_than_equal": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
    "decimal_parsing": "nombre attendu",
    "json_invalid": "JSON invalide",
}


@api.exception_handler(SchemaValidationError)
def on_schema_error(request, exc: SchemaValidationError):
    """422 with the field path and a French message (the original type is kept)."""
    detail = []
    for error in exc.errors:
        kind = error.get("type", "")
        message = str(error.get("msg", ""))
        if kind == "value_error":
            message = message.removeprefix("Value error, ")
        elif kind in FRENCH_MESSAGES:
            message = FRENCH_MESSAGES[kind]
            if kind == "literal_error" and error.get("ctx", {}).get("expected"):
                message += f" ; attendu : {error['ctx']['expected']}"
        detail.append({"loc": list(error.get("loc", [])), "msg": message, "type": kind})
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    detail = []
    for field, messages in exc.message_dict.items():
        loc = BODY if field == NON_FIELD_ERRORS else [*BODY, field]
        detail += [{"loc": loc, "msg": message, "type": "value_error"} for message in messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(SituationError)
def on_situation_error(request, exc: SituationError):
    item = {
        "loc": [*BODY, *situation_path(exc.field)],
        "msg": f"{exc.message} (règle : {exc.rule})",
        "type": "rules_error",
    }
    return api.create_response(request, {"detail": [item]}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    message = str(exc) or "Action non autorisée."
    return api.create_response(request, {"detail": message}, status=403)


from cesp.contracts.api import evaluate_router as rules_router  # noqa: E402
from cesp.contracts.api import router as contracts_router  # noqa: E402

api.add_router("/contracts/", contracts_router)
api.add_router("/", rules_router)
api.add_router("/territories/", "cesp.territories.api.router")
api.add_router("/observatory/", "cesp.observatory.api.router")
