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
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from cesp.accounts.tokens import OrganisationTokenAuth
from cesp.contracts.schemas import ErrorOut
from cesp.rules.errors import SituationError


class CespAPI(NinjaAPI):
    """The API authenticates by itself (token or session): opt out of the login redirect.
    Its schema declares the error answers every operation can give (see
    ``declare_error_responses``)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        declare_error_responses(schema)
        return schema

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


def declare_error_responses(schema: dict) -> dict:
    """Declare in the OpenAPI schema the errors the exception handlers below give:
    422 for every operation that takes input (path, query or body), 401 for every
    authenticated one, and 403 (CSRF or a forbidden action) for an authenticated write.
    Operations that declare their own keep them."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in error_schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault("ErrorOut", error_schema)
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    declared = {
        422: "Entrée refusée : chemin du champ (loc) et message en français",
        401: UNAUTHENTICATED,
        403: "Action non autorisée, ou vérification CSRF échouée (session)",
    }
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            codes = set()
            if operation.get("parameters") or operation.get("requestBody"):
                codes.add(422)
            if operation.get("security"):
                codes.add(401)
                if method.lower() in ("post", "put", "patch", "delete"):
                    codes.add(403)
            for code in codes:
                if code not in responses and str(code) not in responses:
                    responses[code] = {"description": declared[code], "content": content}
    return schema


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
    "string_too_long": "texte trop long ({max_length} caractères au plus)",
    "string_too_short": "texte trop court ({min_length} caractères au moins)",
    "too_long": "trop d'éléments ({max_length} au plus)",
    "too_short": "pas assez d'éléments ({min_length} au moins)",
    "greater_than": "valeur trop petite",
    "less_than": "valeur trop grande",
    "int_from_float": "nombre entier attendu",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "decimal_type": "nombre attendu",
    "decimal_max_digits": "nombre trop long ({max_digits} chiffres au plus)",
    "decimal_max_places": "trop de décimales ({decimal_places} au plus)",
    "bool_parsing": "booléen attendu",
    "date_type": "date attendue (AAAA-MM-JJ)",
    "date_parsing": "date attendue (AAAA-MM-JJ)",
    "date_from_datetime_parsing": "date attendue (AAAA-MM-JJ)",
    "date_from_datetime_inexact": "date attendue (AAAA-MM-JJ), sans heure",
    "datetime_parsing": "date et heure attendues (ISO 8601)",
    "enum": "valeur non permise",
    "string_pattern_mismatch": "format invalide",
    "model_type": "objet attendu",
    "model_attributes_type": "objet attendu",
}
#: For a pydantic error type not listed above: never an English message.
FRENCH_FALLBACK = "valeur invalide"
#: 401: no credential, or one the API refuses (unknown, revoked token; expired session).
UNAUTHENTICATED = (
    "Authentification requise : jeton d'API absent, inconnu ou révoqué, ou session expirée."
)
#: 404: the same answer whether the object does not exist or is out of the caller's scope.
NOT_FOUND = "Introuvable, ou hors de votre périmètre."


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
            ctx = error.get("ctx") or {}
            try:
                message = FRENCH_MESSAGES[kind].format(**ctx)
            except (KeyError, IndexError):
                message = FRENCH_MESSAGES[kind].split(" (")[0]
            if kind in ("literal_error", "enum") and ctx.get("expected"):
                message += f" ; attendu : {ctx['expected']}"
        else:
            message = FRENCH_FALLBACK
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


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc: AuthenticationError):
    response = api.create_response(request, {"detail": UNAUTHENTICATED}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="cesp"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja answers 400 "Cannot parse request body" (English, undocumented) for a body that
    is not JSON: it is bad input like any other, a 422 on the body."""
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        item = {"loc": ["body"], "msg": "JSON invalide", "type": "json_invalid"}
        return api.create_response(request, {"detail": [item]}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


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
