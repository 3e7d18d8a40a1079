"""Response headers every page gets (the CSP itself is django-csp's, set in settings).

``NoStoreForAuthenticatedMiddleware``: a response to a signed-in user, or to an API
token, may carry personal data (contract pages, lists, exports, the API): it is never
stored by the browser or a shared cache (``Cache-Control: no-store, private``).
Anonymous public pages and static files keep their own caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def carries_personal_data(request: HttpRequest) -> bool:
    """A signed-in user's request, or one made with a credential (API token)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return "Authorization" in request.headers


class NoStoreForAuthenticatedMiddleware:
    """``Cache-Control: no-store`` on every response to an authenticated request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if carries_personal_data(request):
            add_never_cache_headers(response)
        return response
