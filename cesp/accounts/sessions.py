"""Session rules (reliability.md): absolute lifetime of 12 hours, and a deactivated
account loses its open sessions. The idle timeout (30 min) is SESSION_COOKIE_AGE."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

ABSOLUTE_LIFETIME_SECONDS = 12 * 3600
LOGIN_AT_KEY = "cesp_login_at"


def stamp_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: remember when this session was opened."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = int(time.time())


class AbsoluteSessionLifetimeMiddleware:
    """Log out any session opened more than 12 hours ago, however active."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            opened = request.session.get(LOGIN_AT_KEY)
            if opened is None:
                request.session[LOGIN_AT_KEY] = int(time.time())
            elif time.time() - opened > ABSOLUTE_LIFETIME_SECONDS:
                logout(request)
        return self.get_response(request)


def end_sessions_of(user_id: int) -> int:
    """Delete every open session of a user; returns how many."""
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id)
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


def end_sessions_when_deactivated(sender, instance, **kwargs) -> None:
    """``post_save`` receiver on the user model: a deactivated account is logged out."""
    if instance.pk and not instance.is_active:
        end_sessions_of(instance.pk)
