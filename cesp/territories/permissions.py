"""Who may do what in the territories domain: pure predicates and scoped querysets.

Everyone signed in may look up a zone, the aids and the maps, and read the national
list of places. ARS referents and directors manage the zonings and the places of their
own region; national agents and administrators every region. The ARS director of the
region decides on the choices of its places by the contracts it follows; a choice of a place
in another region than the contract's is a change of region, decided nationally.
"""

from __future__ import annotations

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ARS_ROLES, ars_region, is_active_user, is_national
from cesp.contracts.permissions import can_view_contract

from .models import PlaceChoice


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


def can_decide_choice(user, choice: PlaceChoice) -> bool:
    """Who decides on a signatory's choice of a place (docs/permissions.md, "Decisions on
    place choices"), and never on a contract the decider cannot see:

    - the place lies in the region that follows the contract: the director of that
      region's ARS (décret 2010-735 art. 7-1, R24 within a region);
    - the place lies in another region: a change of region, decided by the national
      manager after both ARS' opinions (décret 2010-735 art. 8, R24; seed 004);
    - a superuser decides anything (the administrator of last resort).
    """
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    contract = choice.contract
    if not can_view_contract(user, contract):
        return False
    if choice.place.region != contract.followup_region:
        return is_national(user)
    region = ars_region(user)
    return bool(region) and user.role == Role.ARS_DIRECTOR and region == choice.place.region


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
