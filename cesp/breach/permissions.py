"""Who sees and does what in the breach procedure: pure predicates, scope, abilities.

- National agents and administrators: every case, every step (the manager instructs the
  procedure, R631-24-16 I).
- ARS referents and directors: the cases of the contracts followed in their region, and a
  report form for those contracts (R631-24-16 I: « signalement d'une agence régionale de
  santé »); they take no step of the procedure.
- The signatory: their own cases; they file observations and amicable appeals.
- Anyone else (UFR, commission, researcher): nothing — out of scope answers 404.
"""

from __future__ import annotations

from typing import Any

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ars_region, is_active_user, is_national


def case_scope(user) -> dict[str, object] | None:
    """The filter bounding ``user``'s cases: ``{}`` every case, ``None`` none."""
    if not is_active_user(user):
        return None
    if is_national(user):
        return {}
    if region := ars_region(user):
        return {"contract__followup_region": region}
    if user.role == Role.STUDENT:
        return {"contract__signatory_id": user.pk}
    return None


def is_student(user) -> bool:
    return is_active_user(user) and user.role == Role.STUDENT


def can_list_cases(user) -> bool:
    return case_scope(user) is not None


def can_view_case(user, case: Any) -> bool:
    if not is_active_user(user):
        return False
    if is_national(user):
        return True
    if region := ars_region(user):
        return case.contract.followup_region == region
    return user.role == Role.STUDENT and case.contract.signatory_id == user.pk


def can_manage(user, case: Any = None) -> bool:
    """Take the manager's steps (notice, decision, notification, plan…)."""
    return is_national(user)


def is_signatory(user, case: Any) -> bool:
    return (
        is_active_user(user) and user.role == Role.STUDENT and case.contract.signatory_id == user.pk
    )


def files_in_person(user, case: Any) -> bool:
    """The signatory filing for themself online (not a manager recording what they sent)."""
    return is_signatory(user, case) and not can_manage(user)


def can_report(user, contract: Any = None) -> bool:
    """An ARS agent reports a contract followed in their region (national agents too)."""
    if is_national(user):
        return True
    region = ars_region(user)
    if not region:
        return False
    return contract is None or contract.followup_region == region


def can_open_by_letter(user) -> bool:
    return is_national(user)


def can_export(user) -> bool:
    return is_national(user)


def abilities(user, case: Any) -> dict[str, bool]:
    """What ``user`` may do on ``case`` (all False out of scope)."""
    if not can_view_case(user, case):
        return {"view": False, "manage": False, "signatory": False}
    return {
        "view": True,
        "manage": can_manage(user, case),
        "signatory": is_signatory(user, case),
    }
