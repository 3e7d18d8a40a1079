"""Who may see and do what in the follow-up: pure predicates and scoped querysets.

- The ARS (referents and directors of the contract's follow-up region) follows the
  signatory: referent, exchanges, convocations, the ARS thread. National agents and
  administrators see everything; the ARS thread is theirs to read, not to write.
- The signatory sees their own follow-up and writes in both of their threads.
- The national manager reads and answers the "gestionnaire national" threads.
Anything out of scope answers 404 (views use ``get_object_or_404`` on these querysets).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ars_region, is_active_user, is_national
from cesp.contracts.models import Contract
from cesp.contracts.permissions import can_view_contract

from .enums import Channel
from .models import Thread

ARS_ROLES = frozenset({Role.ARS_REFERENT, Role.ARS_DIRECTOR})


def is_ars(user) -> bool:
    return bool(ars_region(user))


def is_signatory_of(user, contract) -> bool:
    return is_active_user(user) and contract.signatory_id == user.pk


def acts_for_ars(user, contract) -> bool:
    """An ARS agent of the contract's follow-up region."""
    region = ars_region(user)
    return bool(region) and contract.followup_region == region


def can_view_followup(user, contract) -> bool:
    """The follow-up page: the signatory, the ARS of the region, the national level."""
    return can_view_contract(user, contract) and (
        is_signatory_of(user, contract) or acts_for_ars(user, contract) or is_national(user)
    )


def can_manage_followup(user, contract) -> bool:
    """Plan and record exchanges, name the referent, convoke: the ARS of the region (and
    the national level, which may do every action on a contract, for support)."""
    if not can_view_contract(user, contract):
        return False
    return acts_for_ars(user, contract) or is_national(user)


def can_manage_referents(user) -> bool:
    """Hand over a referent's signatories: an ARS director, or an administrator."""
    return is_active_user(user) and (user.role == Role.ARS_DIRECTOR or user.is_superuser)


def channels_for(user, contract) -> list[str]:
    """The threads of a contract this user reads."""
    if not can_view_contract(user, contract):
        return []
    if is_signatory_of(user, contract) or is_national(user):
        return [Channel.ARS, Channel.NATIONAL]
    if acts_for_ars(user, contract):
        return [Channel.ARS]
    return []


def can_write(user, thread: Thread) -> bool:
    """Write in a thread: the signatory; the ARS in theirs; the national level in theirs."""
    contract = thread.contract
    if is_signatory_of(user, contract):
        return True
    if thread.channel == Channel.ARS:
        return acts_for_ars(user, contract)
    return is_national(user) and can_view_contract(user, contract)


def threads_visible_to(user) -> QuerySet[Thread]:
    """Threads in ``user``'s scope (a thread out of it answers 404)."""
    if not is_active_user(user):
        return Thread.objects.none()
    contracts = Contract.objects.visible_to(user)
    if is_national(user):
        return Thread.objects.filter(contract__in=contracts)
    if region := ars_region(user):
        return Thread.objects.filter(
            channel=Channel.ARS, contract__in=contracts.filter(followup_region=region)
        )
    if user.role == Role.STUDENT:
        return Thread.objects.filter(contract__signatory=user)
    return Thread.objects.none()


def followed_contracts(user) -> QuerySet[Contract]:
    """Contracts whose follow-up ``user`` may manage."""
    region = ars_region(user)
    if region:
        return Contract.objects.visible_to(user).filter(followup_region=region)
    if is_national(user):
        return Contract.objects.visible_to(user)
    return Contract.objects.none()


def can_view_followup_document(user, subject) -> bool:
    """Documents of the follow-up (convocation letters): whoever sees the follow-up."""
    contract = getattr(subject, "contract", None)
    return contract is not None and can_view_followup(user, contract)


def mine_filter(user) -> Q:
    """Contracts whose current referent is ``user`` (the list's « mes signataires »)."""
    return Q(referent_assignments__referent=user, referent_assignments__ended_at__isnull=True)


def can_open_followup(user) -> bool:
    """The /suivi/ pages: signatories, the ARS, the national level."""
    if not is_active_user(user):
        return False
    return user.role == Role.STUDENT or is_ars(user) or is_national(user)


def narrow_to_mine(user, contracts):
    """The contract list's « mes signataires »: those whose current referent is ``user``."""
    return contracts.filter(mine_filter(user))
