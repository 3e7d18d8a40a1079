"""Who may do what in the territories domain: pure predicates and scoped querysets.

Everyone signed in may look up a zone, the aids and the maps, and read the national
list of places. ARS referents and directors manage the zonings and the places of their
own region; national agents and administrators every region. The ARS director of the
region decides between signatories competing for one liberal place.
"""

from __future__ import annotations

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ARS_ROLES, ars_region, is_active_user, is_national
from cesp.contracts.permissions import can_view_contract

from .models import PracticePlace


def can_lookup(user) -> bool:
    return is_active_user(user)


def managed_regions(user) -> set[str] | None:
    """Regions whose zonings and places the user manages; ``None`` means all."""
    if is_national(user):
        return None
    region = ars_region(user)
    return {region} if region else set()


def can_manage_zonings(user, region: str | None = None) -> bool:
    regions = managed_regions(user)
    if regions is None:
        return True
    return bool(regions) and (region is None or region in regions)


def can_manage_places(user, region: str | None = None) -> bool:
    return can_manage_zonings(user, region)


def can_decide_place(user, place: PracticePlace) -> bool:
    """The ARS director of the place's region (or a national administrator)."""
    if is_active_user(user) and user.is_superuser:
        return True
    region = ars_region(user)
    return bool(region) and user.role == Role.ARS_DIRECTOR and region == place.region


def can_view_contract_territory(user, contract) -> bool:
    """Attestation, project, choices: whoever may see the contract (404 otherwise)."""
    return can_view_contract(user, contract)


def can_declare_project(user, contract) -> bool:
    """The signatory, or an ARS agent / national agent in scope (the ARS notes it)."""
    if not can_view_contract_territory(user, contract):
        return False
    if user.role == Role.STUDENT:
        return contract.signatory_id == user.pk
    return user.role in ARS_ROLES or is_national(user)


def can_choose_place(user, contract) -> bool:
    return can_declare_project(user, contract)
