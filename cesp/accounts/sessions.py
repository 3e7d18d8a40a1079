"""Session rules (reliability.md): absolute lifetime of 12 hours, and a deactivated
account loses its open sessions. The idle timeout (30 min) is SESSION_COOKIE_AGE.

A deactivated account's sessions are *deleted*, not only refused, so that reactivating
the account never revives them:

- saving a user as inactive deletes their sessions (``post_save``);
- reactivating a user deletes any session that still names them (one opened before the
  deactivation, if that deactivation bypassed ``save()``, e.g. a bulk ``update()``);
- a request whose session names a user who no longer authenticates (inactive, deleted)
  deletes that session on the spot.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import SESSION_KEY, logout
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
    """Log out any session opened more than 12 hours ago, however active; delete a session
    whose user no longer authenticates (deactivated or deleted account)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated and SESSION_KEY in request.session:
            request.session.flush()  # deletes the row: a later reactivation finds nothing
        elif user is not None and user.is_authenticated:
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


REACTIVATED = "_cesp_reactivated"


def note_reactivation(sender, instance, update_fields=None, **kwargs) -> None:
    """``pre_save`` receiver on the user model: remember whether this save reactivates."""
    if not instance.pk or not instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return  # e.g. the last_login update of every login: no query
    was_inactive = sender.objects.filter(pk=instance.pk, is_active=False).exists()
    setattr(instance, REACTIVATED, was_inactive)


def end_sessions_when_deactivated(sender, instance, **kwargs) -> None:
    """``post_save`` receiver on the user model: a deactivated account is logged out, and
    a reactivated one starts with no session from before."""
    if instance.pk and (not instance.is_active or getattr(instance, REACTIVATED, False)):
        end_sessions_of(instance.pk)
    if hasattr(instance, REACTIVATED):
        delattr(instance, REACTIVATED)
