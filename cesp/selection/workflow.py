"""The dossier's circuit, declared on the kernel (cesp.core.workflow).

draft → filed (the candidate) → screening (the UFR, or the ARS for a PADHUE) →
shortlisted | not shortlisted (commission, on the dossier) → interview (heard) →
ranked | not ranked (commission). The candidate may withdraw until ranked.
(R632-70 C. éduc.: "une première sélection sur dossier … puis un entretien individuel";
arrêté du 27 juillet 2010, art. 2: vote à main levée, voix prépondérante du DG ARS.)
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cesp.core.workflow.engine import Transition, Workflow

from . import dossier_rules, permissions
from .enums import DossierState, MemberQuality
from .models import CommissionSession

RULE_VOTE = "arrêté du 27 juillet 2010, art. 2 (vote à main levée, voix prépondérante du DG ARS)"
RULE_SELECTION = "art. R632-70 du code de l'éducation (sélection sur dossier puis entretien)"


def _filing_guard(dossier, data: dict[str, Any]) -> list[str]:
    return dossier_rules.filing_refusals(dossier, timezone.localdate())


def vote_refusals(dossier, data: dict[str, Any], favourable: bool) -> list[str]:
    """The show-of-hands vote recorded with a decision must carry it (RULE_VOTE).

    No vote recorded (all zero) is a decision by consensus. A tie needs the DG ARS's
    casting vote, who must be present; a casting vote without a tie is refused.
    """
    session_id = data.get("session_id")
    session = (
        CommissionSession.objects.filter(pk=session_id, campaign_id=dossier.campaign_id)
        .prefetch_related("members")
        .first()
        if session_id
        else None
    )
    if session is None:
        return [f"Choisissez la séance de la commission de cette campagne ({RULE_SELECTION})."]
    members = list(session.members.all())
    if not members:
        return [f"Enregistrez d'abord les membres présents à la séance ({RULE_VOTE})."]
    try:
        yes, no, abstain = (
            int(data.get(k) or 0) for k in ("votes_for", "votes_against", "abstentions")
        )
    except (TypeError, ValueError):
        return ["Les nombres de voix doivent être des nombres entiers."]
    if min(yes, no, abstain) < 0:
        return ["Les nombres de voix ne peuvent pas être négatifs."]
    casting = bool(data.get("casting_vote"))
    reasons = []
    if yes + no + abstain > len(members):
        reasons.append(
            f"{yes + no + abstain} voix pour {len(members)} membres présents ({RULE_VOTE})."
        )
    if casting and not any(m.quality == MemberQuality.DG_ARS for m in members):
        reasons.append(f"Voix prépondérante sans directeur général de l'ARS présent ({RULE_VOTE}).")
    if casting and yes != no:
        reasons.append(f"La voix prépondérante ne départage qu'une égalité de voix ({RULE_VOTE}).")
    if not casting and yes == no and yes > 0:
        reasons.append(
            f"Égalité de voix : la voix prépondérante du DG ARS doit départager ({RULE_VOTE})."
        )
    if yes != no and (yes > no) != favourable:
        reasons.append(
            f"Le vote ({yes} pour, {no} contre) ne porte pas cette décision ({RULE_VOTE})."
        )
    return reasons


def _favourable(dossier, data: dict[str, Any]) -> list[str]:
    return vote_refusals(dossier, data, favourable=True)


def _unfavourable(dossier, data: dict[str, Any]) -> list[str]:
    return vote_refusals(dossier, data, favourable=False)


def _candidate(user, dossier) -> bool:
    return permissions.is_candidate_of(user, dossier)


def _instructs(user, dossier) -> bool:
    return permissions.instructs(user, dossier)


def _commission(user, dossier) -> bool:
    return permissions.can_decide(user, dossier)


S = DossierState
DOSSIER = Workflow(
    name="selection.dossier",
    state_field="state",
    states=dict(DossierState.choices),
    transitions=[
        Transition("file", "Déposer le dossier", (S.DRAFT,), S.FILED, _candidate, _filing_guard),
        Transition("receive", "Ouvrir l'examen du dossier", (S.FILED,), S.SCREENING, _instructs),
        Transition(
            "shortlist",
            "Retenir pour l'audition",
            (S.SCREENING,),
            S.SHORTLISTED,
            _commission,
            _favourable,
        ),
        Transition(
            "not_shortlist",
            "Ne pas retenir sur dossier",
            (S.SCREENING,),
            S.NOT_SHORTLISTED,
            _commission,
            _unfavourable,
            needs_reason=True,
        ),
        Transition("hear", "Enregistrer l'audition", (S.SHORTLISTED,), S.INTERVIEW, _commission),
        Transition("rank", "Classer", (S.INTERVIEW,), S.RANKED, _commission, _favourable),
        Transition(
            "not_rank",
            "Ne pas classer",
            (S.INTERVIEW,),
            S.NOT_RANKED,
            _commission,
            _unfavourable,
            needs_reason=True,
        ),
        Transition(
            "withdraw",
            "Retirer ma candidature",
            (S.DRAFT, S.FILED, S.SCREENING, S.SHORTLISTED, S.INTERVIEW),
            S.WITHDRAWN,
            _candidate,
        ),
    ],
)
DECISION_OF_TRANSITION = {
    "shortlist": "shortlist",
    "not_shortlist": "not_shortlist",
    "rank": "rank",
    "not_rank": "not_rank",
}
