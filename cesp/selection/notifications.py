"""The notification kinds of the selection (registered in ``apps.py``) and who gets them."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from cesp.accounts.enums import Role
from cesp.core.audiences import Audience
from cesp.core.notifications.registry import Kind, register
from cesp.core.notifications.services import notify

from .enums import DecisionKind

DOSSIER_FILED = Kind(
    code="selection_dossier_filed",
    label="Votre dossier de candidature au CESP est déposé",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="Dossier CESP déposé — {{ campaign }}",
    body="{{ body }}",
)
DOSSIER_DECIDED = Kind(
    code="selection_dossier_decided",
    label="Décision de la commission de sélection sur votre dossier",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="Commission de sélection CESP — {{ campaign }}",
    body="{{ body }}",
)
LISTS_POSTED = Kind(
    code="selection_lists_posted",
    label="Listes de la commission affichées : votre rang",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="Listes CESP affichées — {{ campaign }}",
    body="{{ body }}",
)
LISTS_DEADLINE_NEAR = Kind(
    code="selection_lists_deadline_near",
    label="Listes de la commission à transmettre bientôt",
    audience=Audience.UFR_AGENT,
    mandatory=False,
    subject="Listes CESP à transmettre avant le {{ deadline }}",
    body="{{ body }}",
)
LISTS_DEADLINE_PASSED = Kind(
    code="selection_lists_deadline_passed",
    label="Listes de la commission non transmises à l'échéance",
    audience=Audience.UFR_AGENT,
    mandatory=True,
    subject="Listes CESP non transmises : échéance du {{ deadline }} dépassée",
    body="{{ body }}",
)
KINDS = (DOSSIER_FILED, DOSSIER_DECIDED, LISTS_POSTED, LISTS_DEADLINE_NEAR, LISTS_DEADLINE_PASSED)


def register_kinds() -> None:
    register(*KINDS)


def dossier_filed(dossier) -> None:
    where = "l'ARS de votre région" if dossier.is_padhue else "votre UFR"
    notify(
        DOSSIER_FILED,
        dossier.candidate,
        {
            "campaign": str(dossier.campaign),
            "body": (
                f"Votre dossier est déposé et transmis à {where}. Vous suivez son examen "
                "sur la page « Ma candidature »."
            ),
        },
        idempotency_key=f"dossier:{dossier.pk}",
    )


def dossier_decided(dossier, kind: str) -> None:
    notify(
        DOSSIER_DECIDED,
        dossier.candidate,
        {
            "campaign": str(dossier.campaign),
            "body": f"La commission de sélection a statué : {DecisionKind(kind).label.lower()}.",
        },
        idempotency_key=f"dossier:{dossier.pk}:{kind}",
    )


def lists_posted(ranked) -> int:
    """Tell each listed candidate their list and rank (R632-70: lists posted at once)."""
    sent = 0
    for entry in ranked.entries.select_related("dossier", "dossier__candidate"):
        message = notify(
            LISTS_POSTED,
            entry.dossier.candidate,
            {
                "campaign": str(ranked.campaign),
                "body": (
                    f"Vous figurez sur la {entry.get_kind_display().lower()} "
                    f"({ranked.get_profession_display()}, {ranked.get_category_display()}) au "
                    f"rang {entry.rank}. Le contrat vous est proposé selon ce rang après la "
                    "publication de l'arrêté fixant le nombre de contrats (R631-24-5)."
                ),
            },
            idempotency_key=f"list:{ranked.pk}",
        )
        sent += message is not None
    return sent


def ufr_agents(campaign):
    return get_user_model().objects.filter(
        is_active=True,
        organisation_id=campaign.ufr_id,
        role__in=[Role.UFR_AGENT, Role.COMMISSION_MEMBER],
    )


def national_agents():
    return get_user_model().objects.filter(is_active=True, role=Role.NATIONAL_AGENT)


def lists_deadline_alert(campaign, deadline: date, passed: bool, pending: int) -> int:
    """Tell the UFR (and, once passed, the manager) that lists are not yet transmitted."""
    kind = LISTS_DEADLINE_PASSED if passed else LISTS_DEADLINE_NEAR
    body = (
        f"{pending} liste(s) de la campagne {campaign} ne sont pas transmises au gestionnaire. "
        f"Échéance : {deadline:%d/%m/%Y} (arrêté du 27 juillet 2010, art. 2)."
    )
    recipients = list(ufr_agents(campaign))
    if passed:
        recipients += list(national_agents())
    sent = 0
    for user in recipients:
        message = notify(
            kind,
            user,
            {"deadline": f"{deadline:%d/%m/%Y}", "body": body},
            idempotency_key=f"campaign:{campaign.pk}:{deadline.isoformat()}",
        )
        sent += message is not None
    return sent
