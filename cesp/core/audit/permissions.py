"""Who may read the audit log.

A contract's history is visible to whoever sees the contract
(``cesp.contracts.permissions.can_view_history``); the whole log, across objects, only
to national agents and administrators.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cesp.accounts.enums import Role

from .models import AuditEntry


def can_view_audit_log(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in {Role.NATIONAL_AGENT, Role.ADMIN})
    )


def visible_entries(user) -> QuerySet[AuditEntry]:
    """The whole log for those allowed, nothing for anyone else."""
    entries = AuditEntry.objects.all()
    return entries if can_view_audit_log(user) else entries.none()
