"""The breach procedure as declared transitions (``cesp.core.workflow``).

opened (signatory's letter, or ARS report) → formal notice → observations → decision →
notification of the sums → amicable appeal → answer → instalment plan → paid, with a
dismissal before the decision and a default on the plan. Each guard cites its text; the
transition log keeps who took which step, when and why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cesp.core.workflow.engine import Transition, Workflow
from cesp.rules import appeals, recovery
from cesp.rules.money import format_euros_fr

from . import permissions, schedule
from .enums import CaseState, DispatchKind, Origin

S = CaseState


def _manager(user: Any, case: Any) -> bool:
    return permissions.can_manage(user, case)


def _manager_or_signatory(user: Any, case: Any) -> bool:
    return permissions.can_manage(user, case) or permissions.is_signatory(user, case)


def _received(case: Any, kind: str) -> date | None:
    dispatch = case.dispatch(kind)
    return dispatch.received_on if dispatch else None


def _as_date(value: Any) -> date | None:
    """A date of the transition's data (ISO text: the data is logged as JSON)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _today(data: dict[str, Any]) -> date:
    return _as_date(data.get("today")) or date.today()


def instalments_of(data: dict[str, Any]) -> list[tuple[date, Decimal]]:
    """The plan's instalments of the transition's data: [[ISO date, "amount"], …]."""
    return [
        (_as_date(due) or date.min, Decimal(amount))
        for due, amount in data.get("instalments") or []
    ]


def guard_open_letter(case: Any, data: dict[str, Any]) -> list[str]:
    received = case.letter_received_on
    if received is None:
        return [
            "La date de réception prouvée de la lettre recommandée est obligatoire : la "
            "rupture prend effet à cette date (contrat type, art. 6)."
        ]
    if case.letter_sent_on and received < case.letter_sent_on:
        return ["La lettre ne peut pas avoir été reçue avant d'avoir été envoyée."]
    if received > _today(data):
        return ["La date de réception de la lettre ne peut pas être dans le futur."]
    if received < case.contract.signature_date:
        return ["La lettre ne peut pas précéder la signature du contrat."]
    return _no_other_case(case)


def guard_open_report(case: Any, data: dict[str, Any]) -> list[str]:
    if not case.facts.strip():
        return ["Le signalement doit décrire les faits constatés (R631-24-16 I)."]
    if case.reported_on and case.reported_on > _today(data):
        return ["La date du signalement ne peut pas être dans le futur."]
    return _no_other_case(case)


def _no_other_case(case: Any) -> list[str]:
    others = type(case).objects.of_contract(case.contract).active().exclude(pk=case.pk)
    if others.exists():
        return [
            f"Un dossier de rupture est déjà en cours pour le contrat {case.contract.reference}."
        ]
    return []


def guard_notice(case: Any, data: dict[str, Any]) -> list[str]:
    sent = _as_date(data.get("sent_on"))
    if sent is None:
        return ["La date d'envoi de la mise en demeure est obligatoire."]
    if sent > _today(data):
        return ["La date d'envoi ne peut pas être dans le futur."]
    return []


def guard_decide(case: Any, data: dict[str, Any]) -> list[str]:
    decided = _as_date(data.get("decided_on")) or _today(data)
    if decided > _today(data):
        return ["La date de la décision ne peut pas être dans le futur."]
    notice = _received(case, DispatchKind.NOTICE)
    reasons = recovery.decision_refusals(case.ground, notice, decided)
    if not reasons and case.state == S.NOTICE_SENT and notice is not None:
        # a notice was sent, whatever the ground: its period is left to run
        deadline = recovery.observations_deadline(notice).value
        if decided <= deadline:
            reasons.append(
                "La décision ne peut pas être prise avant la fin du délai de 15 jours "
                f"laissé au signataire pour ses observations (jusqu'au {deadline:%d/%m/%Y} "
                "inclus ; arrêté du 27 juillet 2010, art. 4)."
            )
    if case.state == S.NOTICE_SENT and notice is None:
        reasons.append(
            "La mise en demeure n'a pas encore d'avis de réception : le délai d'observations "
            "ne court pas encore."
        )
    if (
        case.origin == Origin.LETTER
        and case.letter_received_on
        and (decided < case.letter_received_on)
    ):
        reasons.append("La décision ne peut précéder la réception de la lettre de rupture.")
    return reasons


def guard_notify(case: Any, data: dict[str, Any]) -> list[str]:
    sent = _as_date(data.get("sent_on"))
    due = _as_date(data.get("due_on"))
    reasons = []
    if sent is None or not str(data.get("number", "")).strip():
        reasons.append(
            "La notification part en lettre recommandée avec avis de réception : sa date "
            "d'envoi et son numéro sont obligatoires (arrêté du 26 mai 2020, art. 3)."
        )
    if due is None:
        reasons.append("L'échéance de paiement est obligatoire (arrêté du 26 mai 2020, art. 3).")
    elif sent is not None and due <= sent:
        reasons.append("L'échéance de paiement doit suivre l'envoi de la notification.")
    if sent is not None and sent > _today(data):
        reasons.append("La date d'envoi ne peut pas être dans le futur.")
    if case.statement() is None:
        reasons.append("Aucun décompte n'a été établi pour ce dossier.")
    return reasons


def guard_appeal(case: Any, data: dict[str, Any]) -> list[str]:
    filed = _as_date(data.get("received_on"))
    if filed is None:
        return ["La date certaine de réception du recours est obligatoire."]
    if filed > _today(data):
        return ["La date de réception du recours ne peut pas être dans le futur."]
    received = _received(case, DispatchKind.NOTIFICATION)
    if received is None:
        return [
            "L'avis de réception de la notification n'est pas encore enregistré : le délai "
            "de recours amiable court à compter de cette réception (arrêté du 26 mai 2020, "
            "art. 3)."
        ]
    if filed < received:
        return ["Le recours ne peut précéder la réception de la notification."]
    if not appeals.appeal_in_time(received, filed).value:
        deadline = appeals.amicable_appeal_deadline(received).value
        return [
            f"Le recours amiable est hors délai : la notification a été reçue le "
            f"{received:%d/%m/%Y}, le délai de deux mois a pris fin le {deadline:%d/%m/%Y} "
            "(arrêté du 26 mai 2020, art. 3)."
        ]
    return []


def guard_plan(case: Any, data: dict[str, Any]) -> list[str]:
    statement = case.statement()
    if statement is None:
        return ["Aucun décompte n'a été établi pour ce dossier."]
    granted = _as_date(data.get("granted_on")) or _today(data)
    if granted > _today(data):
        return ["La date d'octroi de l'échéancier ne peut pas être dans le futur."]
    balance = statement.total - schedule.repaid(case, granted)
    return recovery.plan_refusals(balance, instalments_of(data), granted)


def guard_default(case: Any, data: dict[str, Any]) -> list[str]:
    late = [row for row in schedule.rows(case, _today(data)) if row.late]
    if not late:
        return [
            "Aucune échéance n'est impayée à ce jour : l'échéancier ne peut pas être déclaré "
            "non respecté."
        ]
    return []


def guard_settle(case: Any, data: dict[str, Any]) -> list[str]:
    statement = case.statement()
    if statement is None:
        return ["Aucun décompte n'a été établi pour ce dossier."]
    balance = statement.total - schedule.repaid(case)
    if balance > Decimal(0):
        return [f"Il reste {format_euros_fr(balance)} à rembourser : le dossier n'est pas soldé."]
    return []


BREACH = Workflow(
    name="breach",
    state_field="state",
    states=dict(CaseState.choices),
    transitions=[
        Transition(
            "open_letter",
            "Ouvrir sur la lettre du signataire",
            (S.DRAFT,),
            S.OPENED,
            lambda user, case: permissions.can_open_by_letter(user),
            guard_open_letter,
        ),
        Transition(
            "open_report",
            "Signaler un manquement (ARS)",
            (S.DRAFT,),
            S.OPENED,
            lambda user, case: permissions.can_report(user, case.contract),
            guard_open_report,
        ),
        Transition(
            "send_notice",
            "Envoyer la mise en demeure",
            (S.OPENED,),
            S.NOTICE_SENT,
            _manager,
            guard_notice,
        ),
        Transition(
            "record_observations",
            "Enregistrer les observations",
            (S.NOTICE_SENT,),
            S.OBSERVATIONS,
            _manager_or_signatory,
        ),
        Transition(
            "decide",
            "Décider la rupture",
            (S.OPENED, S.NOTICE_SENT, S.OBSERVATIONS),
            S.DECIDED,
            _manager,
            guard_decide,
        ),
        Transition(
            "dismiss",
            "Classer sans suite",
            (S.OPENED, S.NOTICE_SENT, S.OBSERVATIONS),
            S.DISMISSED,
            _manager,
            needs_reason=True,
        ),
        Transition(
            "notify",
            "Notifier les sommes dues",
            (S.DECIDED,),
            S.NOTIFIED,
            _manager,
            guard_notify,
        ),
        Transition(
            "file_appeal",
            "Former un recours amiable",
            (S.NOTIFIED,),
            S.APPEALED,
            _manager_or_signatory,
            guard_appeal,
        ),
        Transition(
            "answer_appeal",
            "Répondre au recours amiable",
            (S.APPEALED,),
            S.APPEAL_ANSWERED,
            _manager,
            needs_reason=True,
        ),
        Transition(
            "grant_plan",
            "Accorder un échéancier",
            (S.NOTIFIED, S.APPEAL_ANSWERED),
            S.INSTALMENTS,
            _manager,
            guard_plan,
        ),
        Transition(
            "declare_default",
            "Constater le non-respect de l'échéancier",
            (S.INSTALMENTS,),
            S.DEFAULTED,
            _manager,
            guard_default,
            needs_reason=True,
        ),
        Transition(
            "settle",
            "Constater le solde",
            (S.NOTIFIED, S.APPEAL_ANSWERED, S.INSTALMENTS, S.DEFAULTED),
            S.PAID,
            _manager,
            guard_settle,
        ),
    ],
)

#: Transitions taken from their own forms (opening), not from the case page.
OPENINGS = frozenset({"open_letter", "open_report"})
