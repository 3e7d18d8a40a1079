"""Who opens which payments page: pure predicates over the account (the menu and the
views read the same ones). What may be done on a run (check, order, export, import a
return) is the ledger's (``permissions``); this module only says who reads what.

- « Mes allocations »: a signatory (student role), for their own contracts;
- a contract's payments and documents: ``contracts.permissions.can_view_payments``
  (the signatory and the national manager; not the UFR nor the ARS);
- the runs, files and returns: the ledger's ``permissions.can_view_runs``;
- the delays: the national manager (every region) and the ARS (its region).
"""

from __future__ import annotations

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ars_region, is_active_user, is_national


def can_view_own_allocations(user) -> bool:
    return is_active_user(user) and user.role == Role.STUDENT


def delays_region(user) -> str | None:
    """'' for every region (national), the ARS's region, or None (no access)."""
    if is_national(user):
        return ""
    return ars_region(user) or None


def can_view_delays(user) -> bool:
    return delays_region(user) is not None
