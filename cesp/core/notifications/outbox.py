"""Sending the outbox: e-mail through Django's mail API, retries with backoff, never twice.

``send_one`` locks the message row (``select_for_update(skip_locked=True)`` on
PostgreSQL: a message another worker is sending is skipped) and then claims it with a
conditional UPDATE on its attempt counter, which is what serialises two senders on SQLite,
where row locks do not exist. The e-mail is sent inside that transaction and the message
marked sent before commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .enums import Status
from .models import Message

MAX_ATTEMPTS = 6
FIRST_DELAY = timedelta(minutes=1)  # then ×4: 1, 4, 16, 64, 256 minutes


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure."""
    return FIRST_DELAY * 4 ** (attempts - 1)


def due(now: datetime | None = None):
    """Messages waiting to be sent whose next attempt has come."""
    now = now or timezone.now()
    return Message.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)


def send_one(message_id: int, now: datetime | None = None) -> str | None:
    """Try to send one message if it is due; return its new status (None: not ours)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = due(now).select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None:
            return None
        claimed = Message.objects.filter(
            pk=message.pk, status=Status.PENDING, attempts=message.attempts
        ).update(attempts=F("attempts") + 1)
        if claimed != 1:  # another sender got there first (SQLite)
            return None
        message.attempts += 1
        try:
            answer = _send_mail(message)
        except Exception as exc:
            message.last_error = f"{exc.__class__.__name__} : {exc}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status, message.next_attempt_at = Status.FAILED, None
            else:
                message.next_attempt_at = now + backoff(message.attempts)
        else:
            message.status, message.sent_at, message.next_attempt_at = Status.SENT, now, None
            message.provider_answer = answer
        message.save(
            update_fields=["status", "sent_at", "next_attempt_at", "provider_answer", "last_error"]
        )
        return message.status


def send_due(limit: int = 500, now: datetime | None = None) -> dict[str, int]:
    """Send the messages that are due, oldest first; counts per resulting status."""
    now = now or timezone.now()
    counts = {Status.SENT.value: 0, Status.PENDING.value: 0, Status.FAILED.value: 0}
    ids = list(due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    for message_id in ids:
        status = send_one(message_id, now)
        if status is not None:
            counts[status] += 1
    return counts


def _send_mail(message: Message) -> str:
    connection = get_connection()
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "cesp.local"
    email = EmailMessage(
        subject=message.subject,
        body=_with_link(message),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={"Message-ID": f"<cesp-message-{message.pk}@{domain}>"},
        connection=connection,
    )
    sent = email.send(fail_silently=False)
    return f"{connection.__class__.__module__}.{connection.__class__.__name__} : {sent} envoyé(s)"


def _with_link(message: Message) -> str:
    if not message.link:
        return message.body
    return f"{message.body}\n\n{settings.CESP_SITE_URL.rstrip('/')}{message.link}"
