"""Who reads which messages: everyone their own; the whole mailbox for administrators,
and in the demo (``CESP_DEMO_MODE``) for every agent, so that the local mailbox shows
what the demo sent."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from cesp.core.audiences import Audience, audiences_of, is_agent

from .models import Message


def can_read_mailbox(user) -> bool:
    """Every signed-in, active user has a mailbox (their own messages)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_read_whole_mailbox(user) -> bool:
    if Audience.ADMIN in audiences_of(user):
        return True
    return bool(settings.CESP_DEMO_MODE and is_agent(user))


def visible_messages(user) -> QuerySet[Message]:
    if not can_read_mailbox(user):
        return Message.objects.none()
    if can_read_whole_mailbox(user):
        return Message.objects.all()
    return Message.objects.filter(recipient=user)


def own_messages(user) -> QuerySet[Message]:
    if not can_read_mailbox(user):
        return Message.objects.none()
    return Message.objects.filter(recipient=user)
