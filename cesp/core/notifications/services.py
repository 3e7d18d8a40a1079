"""Use cases of notifications: notify (in the caller's transaction), opt-outs."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cesp.core.audiences import audiences_of

from . import registry
from .enums import Status
from .models import Message, OptOut
from .registry import Kind
from .tasks import deliver

logger = logging.getLogger(__name__)


def notify(
    kind: str | Kind,
    recipient,
    context: dict[str, Any],
    *,
    idempotency_key: str,
    link: str = "",
) -> Message | None:
    """Write one message for ``recipient`` in the caller's transaction; it is sent by the
    worker once that transaction commits (never if it rolls back).

    The stored key is ``kind:recipient:idempotency_key``: the same call made twice (a job
    run twice) returns the message already written. None when the recipient opted out of
    this optional kind."""
    kind = registry.get(kind) if isinstance(kind, str) else kind
    if not kind.mandatory and OptOut.objects.filter(user=recipient, kind=kind.code).exists():
        return None
    key = f"{kind.code}:{recipient.pk}:{idempotency_key}"[:255]
    existing = Message.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    subject, body = kind.render(context)
    address = (recipient.email or "").strip()
    try:
        with transaction.atomic():
            message = Message.objects.create(
                kind=kind.code,
                recipient=recipient,
                to_email=address,
                subject=subject,
                body=body,
                link=link,
                context=context,
                idempotency_key=key,
                status=Status.PENDING if address else Status.NO_ADDRESS,
                next_attempt_at=timezone.now() if address else None,
            )
    except IntegrityError:  # written meanwhile by a concurrent run
        return Message.objects.get(idempotency_key=key)
    if address:
        _send_after_commit(message.pk)
    return message


ENQUEUE_CHUNK = 500
_PENDING = "cesp_outbox_pending"


def _send_after_commit(message_id: int) -> None:
    """Enqueue the message once the caller's transaction commits — one task for all the
    messages of a transaction, not one per message (a job writing thousands pays one
    enqueue). The flush is registered again when it is missing (a rolled-back savepoint
    drops it) or when it already ran; ids of rolled-back messages are harmless: the
    worker finds no pending row for them."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue_delivery([message_id])
        return
    pending = connection.__dict__.setdefault(_PENDING, set())
    registered = any(func is _flush for _, func, _ in connection.run_on_commit)
    if not pending or not registered:
        transaction.on_commit(_flush)
    pending.add(message_id)


def _flush() -> None:
    ids = sorted(transaction.get_connection().__dict__.pop(_PENDING, set()))
    for start in range(0, len(ids), ENQUEUE_CHUNK):
        enqueue_delivery(ids[start : start + ENQUEUE_CHUNK])


def enqueue_delivery(message_ids: list[int]) -> None:
    """Hand messages to the worker; if that fails, ``send_outbox`` sends them later."""
    try:
        deliver.enqueue(message_ids)
    except Exception:
        logger.exception("Messages %s not enqueued; send_outbox will send them.", message_ids)


def kinds_for(user) -> list[Kind]:
    """The kinds meant for this user's audiences."""
    mine = audiences_of(user)
    return [kind for kind in registry.kinds() if kind.audience in mine]


def opted_out(user) -> set[str]:
    return set(OptOut.objects.filter(user=user).values_list("kind", flat=True))


def set_opt_outs(user, codes: Iterable[str]) -> set[str]:
    """Make ``codes`` the user's opt-outs (one transaction); refuse a mandatory kind."""
    wanted = set(codes)
    for code in sorted(wanted):
        kind = registry.get(code)
        if kind.mandatory:
            raise ValidationError(
                f"« {kind.label} » est une notification obligatoire : "
                "elle ne peut pas être désactivée."
            )
    with transaction.atomic():
        OptOut.objects.filter(user=user).exclude(kind__in=wanted).delete()
        for code in wanted - opted_out(user):
            OptOut.objects.create(user=user, kind=code)
    return wanted
