"""Who may read the audit log.

A contract's history is visible to whoever sees the contract
(``cesp.contracts.permissions.can_view_history``); the whole log, across objects, only
to national agents and administrators.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cesp.core.audiences import is_national_or_admin

from .models import AuditEntry


def can_view_audit_log(user) -> bool:
    """National agents and administrators (audiences resolved by the accounts app, so
    the kernel does not import it)."""
    return is_national_or_admin(user)


def visible_entries(user) -> QuerySet[AuditEntry]:
    """The whole log for those allowed, nothing for anyone else."""
    entries = AuditEntry.objects.all()
    return entries if can_view_audit_log(user) else entries.none()
