"""No NUL character in any input: PostgreSQL refuses it in text (``ValueError`` from the
driver, hence a 500), and no French text has one.

``RefuseNulMiddleware`` runs first (before sessions, CSRF and authentication, which read
cookies and form fields in the database) and answers a French error instead: on ``/api/`` a
422 shaped like the API's own (``detail`` items with ``loc``, ``msg``, ``type``), elsewhere a
400 page. It reads the path, the query string, the cookies, form fields and JSON bodies;
uploaded files are data, not text, and are not read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse

NUL = "\x00"
MESSAGE = "caractère nul (U+0000) interdit"


def nul_paths(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The paths of the strings (or keys) holding a NUL in a parsed JSON value."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield (*path, key)
            else:
                yield from nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nul_paths(item, (*path, index))


def nul_locations(request: HttpRequest) -> list[list[str | int]]:
    """Where the request carries a NUL character (``loc`` paths as the API writes them)."""
    found: list[list[str | int]] = []
    if NUL in request.path_info:
        found.append(["path"])
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            found.append(["query", key.replace(NUL, "")])
    for key, value in request.COOKIES.items():
        if NUL in key or NUL in value:
            found.append(["cookie", key.replace(NUL, "")])
    if request.method in ("GET", "HEAD", "OPTIONS") or found:
        return found
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            return found  # not JSON: the API answers its own 422
        found += [["body", "payload", *path] for path in nul_paths(body)]
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, values in request.POST.lists():
            if NUL in key or any(NUL in value for value in values):
                found.append(["form", key.replace(NUL, "")])
    return found


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = nul_locations(request)
        if not found:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            detail = [{"loc": loc, "msg": MESSAGE, "type": "value_error"} for loc in found]
            return JsonResponse({"detail": detail}, status=422)
        raise BadRequest(MESSAGE)
