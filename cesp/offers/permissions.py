"""Who may see and do what on offers: pure predicates and the scope (out of scope: 404).

The national manager (CNG, then ASP) starts the offers, records receipts and returns and
countersigns (R631-24-5); a candidate sees and answers their own offers; the UFR and the
ARS of the region follow the offers of their campaigns.
"""

from __future__ import annotations

from typing import Any

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ars_region, is_active_user, is_national, ufr_of


def offer_scope(user: Any) -> dict[str, object] | None:
    """The offer fields that bound ``user``'s scope: ``{}`` every offer, ``None`` none."""
    if not is_active_user(user):
        return None
    if is_national(user):
        return {}
    if user.role == Role.STUDENT:
        return {"candidate_id": user.pk}
    if ufr := ufr_of(user):
        return {"round__ranked_list__campaign__ufr_id": ufr}
    if region := ars_region(user):
        return {"round__ranked_list__campaign__ufr__region_code": region}
    return None


def can_manage_offers(user: Any) -> bool:
    """Start the offers, record receipts and returns, countersign: the national manager."""
    return is_national(user)


def can_follow_offers(user: Any) -> bool:
    """The offers page of the campaigns: the manager, the UFRs and the ARS."""
    scope = offer_scope(user)
    return scope is not None and getattr(user, "role", "") != Role.STUDENT


def can_answer(user: Any, offer: Any) -> bool:
    """Only the candidate answers their own offer on the portal."""
    return is_active_user(user) and offer.candidate_id == user.pk


def has_offers(user: Any) -> bool:
    """A candidate's menu entry « Mon offre de contrat » (they have one at least)."""
    return is_active_user(user) and user.role == Role.STUDENT and user.contract_offers.exists()


def abilities(user: Any, offer: Any) -> dict[str, bool]:
    return {
        "manage": can_manage_offers(user),
        "answer": can_answer(user, offer),
    }
