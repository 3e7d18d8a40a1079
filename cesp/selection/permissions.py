"""Who sees and does what in the selection: pure predicates on the user and the object.

- national agents and administrators: every campaign and filed dossier;
- UFR agents: their UFR's campaigns and its students' filed dossiers (PADHUE dossiers
  are filed with the ARS: workflows-payments.md §1.7 req. 3);
- commission members: their UFR's campaigns and every filed dossier of them (they
  screen, hear and rank students and PADHUE alike, R632-70);
- ARS referents and directors: the campaigns of their region and their filed dossiers
  (the DG ARS sits on the commission with the casting vote, arrêté du 27 juillet 2010
  art. 2; PADHUE dossiers are routed to the ARS);
- candidates: their own dossiers, and the campaigns open to applications.
Out-of-scope objects answer 404 (the views filter through ``visible_to``).
"""

from __future__ import annotations

from django.db.models import Q

from cesp.accounts.enums import OrganisationKind, Role
from cesp.accounts.models import Organisation
from cesp.accounts.permissions import ars_region, is_active_user, is_national, ufr_of

DRAFT = "draft"
PADHUE = "padhue"


def campaign_scope(user, prefix: str = "") -> Q | None:
    """Filter of the campaigns ``user`` may see (``None``: none)."""
    if not is_active_user(user):
        return None
    if is_national(user):
        return Q()
    ufr = ufr_of(user)
    if ufr is not None:
        return Q(**{f"{prefix}ufr_id": ufr})
    region = ars_region(user)
    if region:
        return Q(**{f"{prefix}ufr__region_code": region})
    if user.role == Role.STUDENT:
        return Q()
    return None


def dossier_scope(user) -> Q | None:
    """Filter of the dossiers ``user`` may open (``None``: none)."""
    if not is_active_user(user):
        return None
    own = Q(candidate_id=user.pk)
    filed = ~Q(state=DRAFT)
    if is_national(user):
        return own | filed
    ufr = ufr_of(user)
    if ufr is not None:
        scope = filed & Q(campaign__ufr_id=ufr)
        if user.role == Role.UFR_AGENT:
            scope &= ~Q(category=PADHUE)
        return own | scope
    region = ars_region(user)
    if region:
        return own | (
            filed & (Q(campaign__ufr__region_code=region) | Q(agreement_ars__region_code=region))
        )
    if user.role == Role.STUDENT:
        return own
    return None


def can_open_selection(user) -> bool:
    """The menu entry: candidates (their applications) and every agent with campaigns."""
    return campaign_scope(user) is not None


def is_candidate_of(user, dossier) -> bool:
    return is_active_user(user) and dossier.candidate_id == user.pk


def is_commission_of(user, campaign) -> bool:
    """Commission members of the campaign's UFR, and administrators."""
    if not is_active_user(user):
        return False
    if user.role == Role.ADMIN or user.is_superuser:
        return True
    return user.role == Role.COMMISSION_MEMBER and user.organisation_id == campaign.ufr_id


def is_ufr_agent_of(user, campaign) -> bool:
    if not is_active_user(user):
        return False
    if user.role == Role.ADMIN or user.is_superuser:
        return True
    return ufr_of(user) == campaign.ufr_id


def is_ars_of(user, campaign) -> bool:
    region = ars_region(user)
    return bool(region) and region == campaign.ufr.region_code


def instructs(user, dossier) -> bool:
    """The organisation the dossier is routed to: the ARS for a PADHUE, else the UFR."""
    if is_national(user):
        return True
    if dossier.category == PADHUE:
        return is_ars_of(user, dossier.campaign)
    return ufr_of(user) == dossier.campaign.ufr_id


def can_manage_campaign(user, campaign) -> bool:
    """Edit milestones, open sessions: the UFR's agents and commission, the manager."""
    return is_national(user) or is_ufr_agent_of(user, campaign)


def ufrs_to_open(user):
    """The UFRs whose campaigns ``user`` may open: their own (UFR agent), all (manager)."""
    if is_national(user):
        return Organisation.objects.filter(kind=OrganisationKind.UFR)
    if is_active_user(user) and user.role == Role.UFR_AGENT and user.organisation_id:
        return Organisation.objects.filter(pk=user.organisation_id, kind=OrganisationKind.UFR)
    return Organisation.objects.none()


def can_manage_quotas(user) -> bool:
    """Import arrêtés and record redistributions: the national manager."""
    return is_national(user)


def can_record_fungibility(user, campaign) -> bool:
    """Fungibility inside a university: the UFR with the manager (§1.5, D10)."""
    return is_national(user) or is_ufr_agent_of(user, campaign)


def can_edit_dossier(user, dossier) -> bool:
    return is_candidate_of(user, dossier) and dossier.state == DRAFT


def can_decide(user, dossier) -> bool:
    """Screen, hear and rank: the commission of the dossier's campaign."""
    return is_commission_of(user, dossier.campaign)


def can_rank(user, campaign) -> bool:
    return is_commission_of(user, campaign)


def can_post_lists(user, campaign) -> bool:
    """The UFR director posts the lists and sends them (R632-70)."""
    return is_national(user) or is_ufr_agent_of(user, campaign)


def abilities(user, obj) -> dict[str, bool]:
    """What ``user`` may do on a campaign or a dossier (templates read this)."""
    if hasattr(obj, "candidate_id"):
        return {
            "view": is_candidate_of(user, obj) or obj.state != DRAFT,
            "edit": can_edit_dossier(user, obj),
            "file": can_edit_dossier(user, obj),
            "receive": obj.state == "filed" and instructs(user, obj),
            "decide": can_decide(user, obj),
        }
    return {
        "manage": can_manage_campaign(user, obj),
        "rank": can_rank(user, obj),
        "post": can_post_lists(user, obj),
        "fungibility": can_record_fungibility(user, obj),
        "quotas": can_manage_quotas(user),
    }
