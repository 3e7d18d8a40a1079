"""Who may see and do what on contracts: pure predicates, the scope and abilities.

Scopes (issue 3): a student sees their own contracts; a UFR agent or commission
member the contracts of their UFR; an ARS referent or director the contracts
followed in their region; national agents and admins everything; researchers no
contract directly (pseudonymised data only, through the observatory). Anything
out of scope answers 404, never 403. See docs/permissions.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ars_region, is_active_user, is_national, ufr_of, unwrapped

from .enums import EventType


class Contract(Protocol):
    """The facts of a contract the predicates read (``models.Contract`` has them); a
    protocol, so that the models may build their queryset from this module."""

    signatory_id: int | None
    ufr_id: int | None
    followup_region: str


STUDY_EVENTS = frozenset(
    {
        EventType.SUSPENSION,
        EventType.INTERNSHIP_START,
        EventType.THIRD_CYCLE_SUSPENSION_REQUEST,
        EventType.DES,
        EventType.THESIS,
    }
)
PRACTICE_EVENTS = frozenset(
    {
        EventType.DEFERRAL,
        EventType.DEFERRAL_GRANTED,
        EventType.PRACTICE,
        EventType.PRACTICE_SUSPENSION,
        EventType.INSTALLATION_DECISION,
        EventType.CHANGE_OF_PLACE,
    }
)

#: Event types each role may record on a contract in its scope.
RECORDABLE_EVENTS: dict[str, frozenset[str]] = {
    Role.UFR_AGENT: STUDY_EVENTS | {EventType.CANCELLATION},
    Role.ARS_REFERENT: PRACTICE_EVENTS | {EventType.CANCELLATION},
    Role.ARS_DIRECTOR: PRACTICE_EVENTS | {EventType.CANCELLATION},
    Role.NATIONAL_AGENT: frozenset(EventType.values),
    Role.ADMIN: frozenset(EventType.values),
}

EXPORT_ROLES = frozenset(
    {Role.UFR_AGENT, Role.ARS_REFERENT, Role.ARS_DIRECTOR, Role.NATIONAL_AGENT, Role.ADMIN}
)


def contract_scope(user) -> dict[str, object] | None:
    """The contract fields that bound ``user``'s scope, written once for both the
    queryset (``Contract.objects.visible_to``) and the predicate (``can_view_contract``):
    ``{}`` is every contract, ``None`` none."""
    if not is_active_user(user):
        return None
    if is_national(user):
        return {}
    if user.role == Role.STUDENT:
        return {"signatory_id": user.pk}
    if ufr := ufr_of(user):
        return {"ufr_id": ufr}
    if region := ars_region(user):
        return {"followup_region": region}
    return None


def can_view_contract(user, contract: Contract) -> bool:
    scope = contract_scope(user)
    return scope is not None and all(
        getattr(contract, field) == value for field, value in scope.items()
    )


def can_list_contracts(user) -> bool:
    """The contract list: every role with a scope; researchers work on pseudonymised
    data in the observatory instead."""
    return contract_scope(user) is not None


def recordable_event_types(user) -> frozenset[str]:
    if not is_active_user(user):
        return frozenset()
    if user.is_superuser:
        return RECORDABLE_EVENTS[Role.ADMIN]
    return RECORDABLE_EVENTS.get(user.role, frozenset())


def can_record_event(user, contract: Contract, event_type: str) -> bool:
    """An agent records the events of their domain on contracts in their scope."""
    return can_view_contract(user, contract) and event_type in recordable_event_types(user)


def can_record_any_event(user, contract: Contract) -> bool:
    return can_view_contract(user, contract) and bool(recordable_event_types(user))


def can_view_history(user, contract: Contract) -> bool:
    """The audit history of a contract: whoever sees the contract."""
    return can_view_contract(user, contract)


def can_export(user) -> bool:
    return is_active_user(user) and (user.role in EXPORT_ROLES or user.is_superuser)


def can_create_contract(user, ufr=None) -> bool:
    """National agents and admins anywhere; a UFR agent for their own UFR."""
    if is_national(user):
        return True
    return (
        is_active_user(user)
        and user.role == Role.UFR_AGENT
        and ufr is not None
        and user.organisation_id == getattr(ufr, "pk", ufr)
    )


def can_import_contracts(user) -> bool:
    return is_national(user)


def can_view_payments(user, contract: Contract) -> bool:
    """Payments: the signatory, the national manager; not the UFR nor the ARS."""
    if not can_view_contract(user, contract):
        return False
    return is_national(user) or user.role == Role.STUDENT


#: A predicate ``(user, contract) -> bool`` per action on a contract.
ContractPredicate = Callable[[object, Contract], bool]

#: The actions on a contract and the predicate that allows each one. Domain apps above
#: contracts add theirs with ``register_contract_ability`` (from their ``AppConfig.ready``),
#: so the contract page, the API and the menu learn a new action without editing this file.
CONTRACT_ABILITIES: dict[str, ContractPredicate] = {
    "view": can_view_contract,
    "view_history": can_view_history,
    "view_payments": can_view_payments,
    "record_event": can_record_any_event,
}


def register_contract_ability(name: str, predicate: ContractPredicate) -> None:
    """Declare one more action on a contract (idempotent for the same predicate)."""
    known = CONTRACT_ABILITIES.get(name)
    if known is not None and known is not predicate:
        raise ValueError(f"contract ability {name!r} is already declared")
    CONTRACT_ABILITIES[name] = predicate


#: Narrowings of the contract list added by apps above contracts (e.g. the follow-up's
#: « mes signataires »): code -> (French label, ``may(user)``, ``narrow(user, queryset)``).
LIST_NARROWINGS: dict[str, tuple[str, Callable, Callable]] = {}


def register_list_narrowing(code: str, label: str, may: Callable, narrow: Callable) -> None:
    """Declare one more narrowing of the contract list (idempotent by code)."""
    LIST_NARROWINGS[code] = (label, may, narrow)


def list_narrowings(user) -> list[tuple[str, str]]:
    """(code, label) of the narrowings this user may apply to the contract list."""
    return [(code, label) for code, (label, may, _) in LIST_NARROWINGS.items() if may(user)]


def narrow_list(user, code: str, contracts):
    """``contracts`` narrowed by the registered narrowing ``code`` (unchanged if none)."""
    found = LIST_NARROWINGS.get(code or "")
    if found is None or not found[1](user):
        return contracts
    return found[2](user, contracts)


def abilities(user, contract: Contract) -> dict[str, bool]:
    """What ``user`` may do on ``contract``, one boolean per declared action. Views
    decide 404/403 from it, templates show only the links it allows, the API serialises
    it. Out of scope, every action is refused."""
    user = unwrapped(user)  # read for every row of an API list
    if not can_view_contract(user, contract):
        return dict.fromkeys(CONTRACT_ABILITIES, False)
    return {name: bool(allowed(user, contract)) for name, allowed in CONTRACT_ABILITIES.items()}
