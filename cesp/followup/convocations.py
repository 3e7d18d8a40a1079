"""The convocation path of PRE2020 signatories under 3rd-cycle suspension (arrêté du 27
juillet 2010, art. 2 bis and art. 4, 6°), as a kernel workflow.

1. yearly convocation by LRAR (proof: its number; receipt date);
2. attendance: present / justified absence / unjustified absence;
3. after an unjustified absence, a reminder by LRAR within 15 days (a new convocation);
4. after a second unjustified absence, the DG ARS informs the national manager;
5. the manager's formal notice, 15 days for observations from its proven receipt;
6. the termination decision (or the case is closed after the observations).

Every step is a transition of ``CONVOCATION`` (logged, audited) whose ``on_apply`` writes
a ``ConvocationStep`` with its archived letter (kernel document), proof and deadline, and
sends the mandatory notice. Whether POST2020 keeps the path is unconfirmed
(workflows-payments §3.5-3): it opens for PRE2020 contracts only (docs/followup.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cesp.accounts.enums import Role
from cesp.accounts.permissions import is_national
from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core.audit.services import record as audit_record
from cesp.core.documents import kinds as document_kinds
from cesp.core.documents.services import Fact, render_document
from cesp.core.notifications.services import notify
from cesp.core.workflow.engine import Transition, TransitionRefused, Workflow
from cesp.rules import params
from cesp.rules.errors import SituationError
from cesp.rules.followup import (
    absence_reminder_deadline,
    observations_deadline,
    termination_refusal,
)

from . import notifications as kinds
from .enums import ConvocationState as S
from .models import Convocation, ConvocationStep
from .permissions import acts_for_ars, can_view_followup_document
from .schedule import is_pre2020

ART2BIS = params.citation("arrete_2010_07_27_selection_art2bis")
ART4 = params.citation("arrete_2010_07_27_selection_art4_6")
APPEAL = (
    "Cette décision peut faire l'objet d'un recours contentieux devant le tribunal "
    "administratif dans un délai de deux mois à compter de sa notification (code de "
    "justice administrative, art. R421-1 et R421-5)."
)

LETTER = document_kinds.register(
    "followup_letter",
    "Courrier du suivi (convocation, relance, mise en demeure)",
    can_view=lambda user, subject: can_view_followup_document(user, subject),
)


def _ars(user, convocation) -> bool:
    return acts_for_ars(user, convocation.contract)


def _manager(user, convocation) -> bool:
    return is_national(user)


def _needs_proof(obj, data: dict[str, Any]) -> list[str]:
    if not str(data.get("proof") or "").strip():
        return [
            "Indiquez le numéro de la lettre recommandée avec accusé de réception (ou la "
            f"preuve de réception) : {ART2BIS}."
        ]
    return []


def _as_date(value: Any) -> date | None:
    if isinstance(value, str) and value:
        return date.fromisoformat(value)
    return value or None


def _needs_date(obj, data: dict[str, Any]) -> list[str]:
    day = _as_date(data.get("on"))
    if day is None:
        return ["Indiquez la date."]
    if day > timezone.localdate():
        return [f"La date ({day:%d/%m/%Y}) est dans le futur."]
    return []


def _reminder_guard(obj, data: dict[str, Any]) -> list[str]:
    return _needs_proof(obj, data) + (
        [] if data.get("meeting_on") else ["Indiquez la date de la nouvelle convocation."]
    )


def _termination_guard(obj, data: dict[str, Any]) -> list[str]:
    notice = obj.steps.filter(step="formal_notice").order_by("-pk").first()
    refusal = termination_refusal(notice.received_on if notice else None, timezone.localdate())
    return [refusal] if refusal else []


CONVOCATION = Workflow(
    name="followup.convocation",
    state_field="state",
    states=dict(S.choices),
    transitions=[
        Transition(
            "attend",
            "Présent à la convocation",
            (S.CONVOKED, S.REMINDED),
            S.ATTENDED,
            allowed=_ars,
            guard=_needs_date,
        ),
        Transition(
            "justify",
            "Absence justifiée",
            (S.CONVOKED, S.REMINDED),
            S.JUSTIFIED,
            allowed=_ars,
            guard=_needs_date,
            needs_reason=True,
        ),
        Transition(
            "absent",
            "Absence non justifiée",
            (S.CONVOKED,),
            S.UNJUSTIFIED,
            allowed=_ars,
            guard=_needs_date,
        ),
        Transition(
            "remind",
            "Relance par LRAR (nouvelle convocation)",
            (S.UNJUSTIFIED,),
            S.REMINDED,
            allowed=_ars,
            guard=_reminder_guard,
        ),
        Transition(
            "absent_again",
            "Deuxième absence non justifiée",
            (S.REMINDED,),
            S.SECOND_ABSENCE,
            allowed=_ars,
            guard=_needs_date,
        ),
        Transition(
            "inform_manager",
            "Information du gestionnaire national par le DG ARS",
            (S.SECOND_ABSENCE,),
            S.MANAGER_INFORMED,
            allowed=_ars,
        ),
        Transition(
            "formal_notice",
            "Mise en demeure (15 jours pour observations)",
            (S.MANAGER_INFORMED,),
            S.FORMAL_NOTICE,
            allowed=_manager,
            guard=_needs_proof,
        ),
        Transition(
            "close",
            "Clôture après observations",
            (S.FORMAL_NOTICE,),
            S.CLOSED,
            allowed=_manager,
            needs_reason=True,
        ),
        Transition(
            "terminate",
            "Décision de résiliation",
            (S.FORMAL_NOTICE,),
            S.TERMINATED,
            allowed=_manager,
            guard=_termination_guard,
        ),
    ],
)


@dataclass(frozen=True)
class StepText:
    title: str
    text: str
    source: str
    notice: bool  # a legal notice to the signatory (mandatory, with the letter)


def _text(step: str, contract: Contract, data: dict[str, Any]) -> StepText:
    meeting = data.get("meeting_on")
    when = f"le {meeting:%d/%m/%Y}" if meeting else ""
    texts = {
        "convoke": StepText(
            "Convocation à l'échange annuel avec l'ARS",
            f"Vous êtes convoqué(e) {when} par le directeur général de l'ARS pour préciser "
            "votre projet professionnel. Se présenter aux convocations est une obligation "
            "du contrat ; deux absences non justifiées entraînent la résiliation.",
            ART2BIS,
            True,
        ),
        "attend": StepText("Constat de présence", "Le signataire s'est présenté.", ART2BIS, False),
        "justify": StepText(
            "Constat d'absence justifiée", "L'absence est justifiée.", ART2BIS, False
        ),
        "absent": StepText(
            "Constat d'absence non justifiée",
            "Le signataire ne s'est pas présenté et n'a pas justifié son absence. Une relance "
            "par lettre recommandée doit lui être adressée dans les 15 jours.",
            ART2BIS,
            False,
        ),
        "remind": StepText(
            "Relance après une absence non justifiée",
            f"Vous ne vous êtes pas présenté(e) à votre convocation sans justification. Vous "
            f"êtes à nouveau convoqué(e) {when}. Une seconde absence non justifiée conduira "
            "le directeur général de l'ARS à en informer le gestionnaire national, qui "
            "procède à la résiliation.",
            ART2BIS,
            True,
        ),
        "absent_again": StepText(
            "Constat d'une deuxième absence non justifiée",
            "Le signataire ne s'est pas présenté une deuxième fois sans justification.",
            ART2BIS,
            False,
        ),
        "inform_manager": StepText(
            "Information du gestionnaire national",
            f"Le directeur général de l'ARS informe le gestionnaire national que le signataire "
            f"du contrat {contract.reference} ne s'est pas présenté à deux convocations sans "
            "justification.",
            ART2BIS,
            False,
        ),
        "formal_notice": StepText(
            "Mise en demeure avant résiliation",
            "Vous ne vous êtes pas présenté(e) à deux convocations de l'ARS sans "
            "justification. Vous disposez de 15 jours à compter de la réception de ce "
            "courrier pour présenter vos observations écrites et, à votre demande, orales. "
            "À défaut, le contrat pourra être résilié.",
            ART4,
            True,
        ),
        "close": StepText(
            "Clôture de la procédure", "Les observations présentées ont été retenues.", ART4, True
        ),
        "terminate": StepText(
            "Décision de résiliation du contrat",
            "Le contrat est résilié pour absences non justifiées aux convocations de l'ARS. "
            "Les sommes dues vous seront notifiées séparément. " + APPEAL,
            ART4,
            True,
        ),
    }
    return texts[step]


def _deadline(step: str, data: dict[str, Any]) -> date | None:
    if step in ("convoke", "remind"):
        return data.get("meeting_on")
    if step in ("absent", "absent_again"):
        return absence_reminder_deadline(data["on"]).last_day if step == "absent" else None
    if step == "formal_notice" and data.get("received_on"):
        return observations_deadline(data["received_on"]).last_day
    return None


def _write_step(convocation: Convocation, step: str, user, data: dict[str, Any]) -> None:
    contract = convocation.contract
    text = _text(step, contract, data)
    deadline = _deadline(step, data)
    document = render_document(
        LETTER.code,
        "followup/letter_pdf.html",
        {
            "contract": contract,
            "text": text,
            "deadline": deadline,
            "proof": data.get("proof", ""),
            "issued_on": timezone.localdate(),
        },
        subject=convocation,
        facts=[Fact.of("Contrat", [contract]), Fact.of("Convocation", [convocation])],
        user=user,
        title=f"{text.title} — {contract.reference}",
    )
    ConvocationStep.objects.create(
        convocation=convocation,
        step=step,
        label=text.title,
        document=document,
        proof=str(data.get("proof") or ""),
        sent_on=data.get("on") or timezone.localdate(),
        received_on=data.get("received_on"),
        meeting_on=data.get("meeting_on"),
        deadline=deadline,
        recorded_by=user,
    )
    link = f"/documents/{document.pk}/"
    context = {
        "title": text.title,
        "text": text.text,
        "reference": contract.reference,
        "source": text.source,
        "link": link,
    }
    key = f"convocation:{convocation.pk}:{step}:{document.pk}"
    if text.notice and contract.signatory_id:
        notify(kinds.LEGAL_NOTICE, contract.signatory, context, idempotency_key=key, link=link)
    if step == "inform_manager":
        for manager in get_user_model().objects.filter(role=Role.NATIONAL_AGENT, is_active=True):
            notify(kinds.MANAGER_INFORMED, manager, context, idempotency_key=key, link=link)


def may_open(contract: Contract, today: date | None = None) -> bool:
    """PRE2020 signatories under a running (3rd-cycle) suspension, with no open case."""
    if not is_pre2020(contract):
        return False
    try:
        status = figures.figures(contract, today)["status"]
    except SituationError:
        return False
    open_states = {S.CONVOKED, S.UNJUSTIFIED, S.REMINDED, S.SECOND_ABSENCE}
    open_states |= {S.MANAGER_INFORMED, S.FORMAL_NOTICE}
    busy = Convocation.objects.filter(contract=contract, state__in=open_states).exists()
    return status == "suspended" and not busy


def convoke(contract: Contract, *, by, meeting_on: date, proof: str, on: date | None = None):
    """Open a convocation: the letter is archived and the signatory notified."""
    if not acts_for_ars(by, contract):
        raise ValidationError("Seule l'ARS de la région de suivi convoque le signataire.")
    if not may_open(contract):
        raise ValidationError(
            "La convocation annuelle par lettre recommandée concerne les signataires du "
            f"régime antérieur à 2020 dont le troisième cycle est suspendu ({ART2BIS}), sans "
            "convocation en cours."
        )
    data = {"meeting_on": meeting_on, "proof": proof, "on": on or timezone.localdate()}
    reasons = _needs_proof(None, data)
    if meeting_on <= data["on"]:
        reasons.append("La date de convocation doit suivre l'envoi du courrier.")
    if reasons:
        raise ValidationError(reasons)
    with transaction.atomic():
        convocation = Convocation.objects.create(contract=contract, opened_by=by)
        _write_step(convocation, "convoke", by, data)
    return convocation


def advance(
    convocation: Convocation, name: str, *, by, data: dict[str, Any], reason: str = ""
) -> Convocation:
    """Take step ``name``: refused (``TransitionRefused``, French reasons) with nothing
    written, or the state moves and its letter, proof and deadline are recorded."""
    CONVOCATION.apply(
        convocation,
        by,
        name,
        reason=reason,
        data={k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()},
        contract_id=convocation.contract_id,
        on_apply=lambda locked: _write_step(locked, name, by, data),
    )
    convocation.refresh_from_db()
    return convocation


def refusals(convocation: Convocation, user, name: str, data, reason: str = "") -> list[str]:
    return CONVOCATION.refusals(convocation, user, name, data, reason)


def of(contract: Contract) -> list[Convocation]:
    return list(Convocation.objects.filter(contract=contract).prefetch_related("steps__document"))


def overdue_reminders(today: date) -> list[ConvocationStep]:
    """Unjustified absences whose 15-day reminder is late (for the digest)."""
    return list(
        ConvocationStep.objects.filter(
            step="absent", convocation__state=S.UNJUSTIFIED, deadline__lt=today
        ).select_related("convocation__contract")
    )


def record_receipt(step: ConvocationStep, *, by, received_on: date) -> ConvocationStep:
    """The proven receipt of a letter (LRAR notice of receipt): the deadlines run from it."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "La date de réception est dans le futur."})
    if step.sent_on and received_on < step.sent_on:
        raise ValidationError({"received_on": "La réception ne peut précéder l'envoi du courrier."})
    with transaction.atomic():
        step.received_on = received_on
        if step.step == "formal_notice":
            step.deadline = observations_deadline(received_on).last_day
        step.save(update_fields=["received_on", "deadline"])
        audit_record(
            by,
            "followup.convocation.receipt",
            step.convocation,
            after={"step": step.step, "received_on": received_on.isoformat()},
            contract_id=step.convocation.contract_id,
        )
    return step


__all__ = ["CONVOCATION", "TransitionRefused", "advance", "convoke", "may_open"]
