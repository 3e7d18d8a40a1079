"""A lock per job name that works the same on SQLite and PostgreSQL.

The lock is a row (``JobLock``) taken by one conditional UPDATE: "set the lease if it
is free or expired". An UPDATE is atomic on both databases, so of two concurrent runs
exactly one sees one updated row. Why not ``select_for_update``: a job commits its work
in several transactions (one per batch), so a row lock held by one transaction could
not cover the whole run; a lease does, and it expires if the process dies.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import JobLock


def acquire(name: str, lease: timedelta) -> str | None:
    """Take the lock of ``name`` for ``lease``; return a token, or None when held."""
    try:
        with transaction.atomic():
            JobLock.objects.get_or_create(name=name)
    except IntegrityError:  # created by a concurrent run in the meantime
        pass
    token = uuid.uuid4().hex
    now = timezone.now()
    taken = JobLock.objects.filter(
        Q(locked_until__isnull=True) | Q(locked_until__lte=now), name=name
    ).update(holder=token, locked_until=now + lease)
    return token if taken == 1 else None


def extend(name: str, token: str, lease: timedelta) -> bool:
    """Push the lease of a held lock further (long jobs call it between batches)."""
    until = timezone.now() + lease
    return JobLock.objects.filter(name=name, holder=token).update(locked_until=until) == 1


def release(name: str, token: str) -> None:
    JobLock.objects.filter(name=name, holder=token).update(holder="", locked_until=None)
