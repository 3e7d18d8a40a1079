"""Who may see and do what on contracts: pure predicates and scoped querysets.

Scopes (issue 3): a student sees their own contracts; a UFR agent or commission
member the contracts of their UFR; an ARS referent or director the contracts
followed in their region; national agents and admins everything; researchers no
contract directly (pseudonymised data only, through the observatory). Anything
out of scope answers 404, never 403. See docs/permissions.md.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cesp.accounts.enums import Role

from .enums import EventType
from .models import Contract

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


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_national(user) -> bool:
    return _active(user) and (user.role in {Role.NATIONAL_AGENT, Role.ADMIN} or user.is_superuser)


def visible_contracts(user) -> QuerySet[Contract]:
    """The contracts ``user`` may see (empty for anonymous users and researchers)."""
    contracts = Contract.objects.all()
    if not _active(user):
        return contracts.none()
    if is_national(user):
        return contracts
    if user.role == Role.STUDENT:
        return contracts.filter(signatory=user)
    if user.role in {Role.UFR_AGENT, Role.COMMISSION_MEMBER} and user.organisation_id:
        return contracts.filter(ufr_id=user.organisation_id)
    if user.role in {Role.ARS_REFERENT, Role.ARS_DIRECTOR} and user.organisation_id:
        region = user.organisation.region_code
        return contracts.filter(followup_region=region) if region else contracts.none()
    return contracts.none()


def can_view_contract(user, contract: Contract) -> bool:
    if not _active(user):
        return False
    if is_national(user):
        return True
    if user.role == Role.STUDENT:
        return contract.signatory_id is not None and contract.signatory_id == user.pk
    if user.role in {Role.UFR_AGENT, Role.COMMISSION_MEMBER}:
        return user.organisation_id is not None and contract.ufr_id == user.organisation_id
    if user.role in {Role.ARS_REFERENT, Role.ARS_DIRECTOR}:
        region = user.organisation.region_code if user.organisation_id else ""
        return bool(region) and contract.followup_region == region
    return False


def recordable_event_types(user) -> frozenset[str]:
    if not _active(user):
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
    return _active(user) and (user.role in EXPORT_ROLES or user.is_superuser)


def can_create_contract(user, ufr=None) -> bool:
    """National agents and admins anywhere; a UFR agent for their own UFR."""
    if is_national(user):
        return True
    return (
        _active(user)
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
