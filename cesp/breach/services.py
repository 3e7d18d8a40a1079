"""Use cases of the breach procedure: one transaction each.

Each step goes through the declared workflow (``workflow.BREACH.apply``: row lock, guards
citing their texts, transition log, audit); its own writes (documents, dispatch, facts,
the contract's breach event) happen in ``on_apply``, inside the same transaction, so a
refusal or an error leaves nothing half-saved. Only the decision records the breach on
the contract, through ``contracts.services``; the contract's status stays derived by the
rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cesp.contracts import services as contract_services
from cesp.contracts.models import Contract
from cesp.core.audit import services as audit
from cesp.core.notifications.services import notify
from cesp.core.workflow.engine import TransitionRefused
from cesp.rules import recovery
from cesp.rules.errors import SituationError
from cesp.rules.vocabulary import BREACH_GROUND_LABELS

from . import documents, permissions, statement
from .enums import CaseState, Channel, DispatchKind, Ground, Origin
from .models import (
    BreachCase,
    Dispatch,
    Observation,
    Statement,
)
from .workflow import BREACH

#: The rules' cause of the contract's breach event for each ground (docs/breach.md): the
#: sums depend only on it; the ground itself is kept in the event's payload and reason.
CAUSE_OF_GROUND: dict[str, str] = {
    Ground.SIGNATORY_LETTER: "voluntary",
    Ground.PERMANENT_BAN: "radiation",
    Ground.CRIMINAL_BAN: "radiation",
    Ground.RADIATION: "radiation",
    Ground.CHANGE_OF_PLACE: "voluntary",
    Ground.EXCLUSION: "voluntary",
    Ground.ABSENCES: "voluntary",
    Ground.ENGAGEMENT_NOT_MET: "voluntary",
}
CONTRACT_ART6 = "Arrêté du 27 juillet 2010, annexe (contrat type), art. 6"
ART4 = "Arrêté du 27 juillet 2010, art. 4 ; code de l'éducation, art. R631-24-16"
ART3_2020 = "Arrêté du 26 mai 2020 relatif à l'indemnité et à la pénalité, art. 3"


def today() -> date:
    return timezone.localdate()


def opens_menu(user) -> bool:
    """The menu entry: agents with a scope; a signatory only when they have a case."""
    if not permissions.can_list_cases(user):
        return False
    if permissions.is_student(user):
        return BreachCase.objects.visible_to(user).exclude(state=CaseState.DRAFT).exists()
    return True


def get_visible_case(user, pk: int) -> BreachCase:
    """The case if ``user`` may see it, else 404 (never reveal that it exists)."""
    case = (
        BreachCase.objects.visible_to(user)
        .select_related("contract")
        .prefetch_related("dispatches", "statements")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("Dossier introuvable.")
    return case


def take_step(
    case: BreachCase,
    user,
    name: str,
    *,
    data: dict[str, Any] | None = None,
    reason: str = "",
    on_apply: Callable[[BreachCase], None] | None = None,
) -> BreachCase:
    """Apply transition ``name`` (``TransitionRefused`` with French reasons, nothing
    written); the data is logged as JSON (dates as ISO text)."""
    logged = {k: _json(v) for k, v in (data or {}).items()}
    logged["today"] = today().isoformat()

    def write(locked: BreachCase) -> None:
        if on_apply is not None:
            on_apply(locked)

    BREACH.apply(
        case,
        user,
        name,
        reason=reason,
        data=logged,
        contract_id=case.contract_id,
        on_apply=write,
    )
    case.refresh_from_db()
    return case


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def tell_signatory(case: BreachCase, step: str, detail: str, key: str) -> None:
    """The signatory's message for a step (mandatory kind; none without an account)."""
    account = case.contract.signatory
    if account is None:
        return
    notify(
        "breach_step",
        account,
        {
            "case": case.reference,
            "contract": case.contract.reference,
            "step": step,
            "detail": detail,
        },
        idempotency_key=f"breach:{case.pk}:{key}",
        link=f"/ruptures/{case.pk}/",
    )


def send_document(
    case: BreachCase, kind: str, title: str, paragraphs: Sequence[str], user, **kwargs: Any
) -> Dispatch:
    sent_on = kwargs.pop("sent_on", None) or today()
    number = kwargs.pop("number", "")
    document = documents.archive(case, f"breach_{kind}", title, paragraphs, user, **kwargs)
    return Dispatch.objects.create(
        case=case, kind=kind, document=document, number=number, sent_on=sent_on
    )


def filing_receipt(case: BreachCase, what: str, stamp, text: str, user) -> None:
    """The signatory's proof of an online filing: an archived receipt with its timestamp
    (the date certain of the filing; arrêté du 26 mai 2020 art. 3 « date certaine »)."""
    documents.archive(
        case,
        documents.FILING_RECEIPT,
        f"Accusé de dépôt en ligne : {what}",
        [
            f"Déposé en ligne le {timezone.localtime(stamp):%d/%m/%Y à %H:%M:%S} par "
            f"{user.get_full_name() or user.get_username()}.",
            "Texte déposé :",
            text,
        ],
        user,
    )


def _already_broken(contract: Contract, on: date) -> bool:
    try:
        return statement.estimate(contract, on) is None
    except SituationError:
        return False


# --- opening ---------------------------------------------------------------------------


def open_by_letter(
    user,
    contract: Contract,
    *,
    received_on: date | None,
    sent_on: date | None = None,
    proof: str = "",
    facts: str = "",
) -> BreachCase:
    """A case on the signatory's registered letter: its proven receipt is the effective
    date of the termination (model contract art. 6)."""
    if not permissions.can_open_by_letter(user):
        raise PermissionDenied("Seul le gestionnaire national enregistre une lettre de rupture.")
    with transaction.atomic():
        case = BreachCase.objects.create(
            contract=contract,
            origin=Origin.LETTER,
            ground=Ground.SIGNATORY_LETTER,
            facts=facts,
            letter_sent_on=sent_on,
            letter_received_on=received_on,
            letter_proof=proof,
            opened_by=user if getattr(user, "pk", None) else None,
        )
        if received_on and _already_broken(contract, min(received_on, today())):
            raise TransitionRefused([f"Le contrat {contract.reference} est déjà rompu."])

        def write(locked: BreachCase) -> None:
            send_document(
                locked,
                DispatchKind.ACKNOWLEDGEMENT,
                "Accusé de réception de votre lettre de rupture",
                [
                    f"Votre lettre recommandée de rupture du contrat {contract.reference} a été "
                    f"reçue le {received_on:%d/%m/%Y}"
                    + (f" (envoi n° {proof})" if proof else "")
                    + ".",
                    "La rupture prend effet à la date de réception de votre lettre "
                    f"({CONTRACT_ART6}).",
                    "Prochaines étapes : le gestionnaire établit la décision et le décompte des "
                    "sommes à rembourser, qui vous seront notifiés par lettre recommandée avec "
                    "avis de réception ; vous disposerez alors de deux mois pour former un "
                    f"recours amiable ({ART3_2020}).",
                ],
                user,
            )

        return take_step(
            case, user, "open_letter", data={"received_on": received_on}, on_apply=write
        )


def report(
    user, contract: Contract, *, ground: str, facts: str, reported_on: date | None = None
) -> BreachCase:
    """An ARS report of a breach of the engagements (R631-24-16 I)."""
    if not permissions.can_report(user, contract):
        raise Http404("Contrat introuvable.")
    if ground not in Ground.values or ground == Ground.SIGNATORY_LETTER:
        raise TransitionRefused(["Motif de signalement inconnu."])
    reported_on = reported_on or today()
    with transaction.atomic():
        case = BreachCase.objects.create(
            contract=contract,
            origin=Origin.ARS_REPORT,
            ground=ground,
            facts=facts.strip(),
            reported_on=reported_on,
            opened_by=user if getattr(user, "pk", None) else None,
        )
        if _already_broken(contract, min(reported_on, today())):
            raise TransitionRefused([f"Le contrat {contract.reference} est déjà rompu."])

        def write(locked: BreachCase) -> None:
            documents.archive(
                locked,
                documents.REPORT,
                "Signalement d'un manquement aux engagements",
                [
                    f"Signalé le {reported_on:%d/%m/%Y} par {user.get_full_name() or user}.",
                    f"Motif : {BREACH_GROUND_LABELS[ground]}.",
                    f"Région de suivi : {contract.followup_region or 'non renseignée'}.",
                    f"Faits constatés : {facts.strip()}",
                    "Le gestionnaire national instruit le signalement selon une procédure "
                    "contradictoire (code de l'éducation, art. R631-24-16).",
                ],
                user,
            )

        return take_step(
            case,
            user,
            "open_report",
            data={"ground": ground, "reported_on": reported_on},
            on_apply=write,
        )


# --- adversarial steps -----------------------------------------------------------------


def send_notice(user, case: BreachCase, *, sent_on: date, number: str = "") -> BreachCase:
    """The formal notice: the alleged facts, the ground, 15 days from receipt for written
    or oral observations (arrêté du 27 juillet 2010, art. 4)."""

    def write(locked: BreachCase) -> None:
        period = recovery.observations_deadline(sent_on).step.parameters[0].value
        send_document(
            locked,
            DispatchKind.NOTICE,
            "Mise en demeure et ouverture de la procédure contradictoire",
            [
                f"Motif envisagé : {locked.get_ground_display()}.",
                f"Faits reprochés : {locked.facts or '—'}",
                f"Vous disposez de {period} jours à compter de la réception de ce courrier "
                "pour présenter vos observations écrites (courrier, ou dépôt sur votre espace "
                f"cesp) ou orales (sur rendez-vous) ({ART4}).",
                "Aucune décision ne sera prise avant la fin de ce délai.",
            ],
            user,
            sent_on=sent_on,
            number=number,
        )
        tell_signatory(
            locked,
            "Mise en demeure",
            f"Vous avez {period} jours à compter de la réception du courrier pour présenter "
            "vos observations.",
            "notice",
        )

    return take_step(
        case, user, "send_notice", data={"sent_on": sent_on, "number": number}, on_apply=write
    )


def record_receipt(user, dispatch: Dispatch, received_on: date) -> Dispatch:
    """The proven receipt of a registered letter (the acknowledgement came back): it
    starts the periods (observations, amicable appeal). Recorded once."""
    if not permissions.can_manage(user, dispatch.case):
        raise PermissionDenied("Seul le gestionnaire enregistre les avis de réception.")
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if locked.received_on is not None:
            raise ValidationError(
                {
                    "received_on": [
                        f"La réception est déjà enregistrée ({locked.received_on:%d/%m/%Y})."
                    ]
                }
            )
        if received_on < locked.sent_on:
            raise ValidationError(
                {"received_on": ["La réception ne peut précéder l'envoi du courrier."]}
            )
        if received_on > today():
            raise ValidationError({"received_on": ["La réception ne peut pas être future."]})
        locked.received_on = received_on
        locked.save(update_fields=["received_on"])
        audit.record(
            user,
            "breach.receipt",
            locked,
            {"received_on": None},
            {"received_on": received_on, "kind": locked.kind, "number": locked.number},
            "Avis de réception",
            contract_id=locked.case.contract_id,
        )
    return locked


def add_observations(
    user,
    case: BreachCase,
    *,
    text: str,
    received_on: date | None = None,
    channel: str = Channel.ONLINE,
) -> Observation:
    """Observations after the notice: filed online by the signatory (dated today, within
    the 15 days) or recorded by the manager with their date of receipt."""
    text = text.strip()
    if not text:
        raise TransitionRefused(["Les observations sont vides."])
    by_signatory = permissions.files_in_person(user, case)
    if by_signatory:
        received_on, channel = today(), Channel.ONLINE
        notice = case.dispatch(DispatchKind.NOTICE)
        if notice and notice.received_on:
            deadline = recovery.observations_deadline(notice.received_on).value
            if received_on > deadline:
                raise TransitionRefused(
                    [
                        f"Le délai de 15 jours pour présenter vos observations a pris fin le "
                        f"{deadline:%d/%m/%Y} ({ART4})."
                    ]
                )
    if received_on is None:
        raise TransitionRefused(["La date de réception des observations est obligatoire."])
    created: list[Observation] = []

    def write(locked: BreachCase) -> None:
        if by_signatory:
            filing_receipt(locked, "observations", timezone.now(), text, user)
        created.append(
            Observation.objects.create(
                case=locked,
                received_on=received_on,
                channel=channel,
                text=text,
                author=user if getattr(user, "pk", None) else None,
            )
        )

    if case.state == CaseState.NOTICE_SENT:
        take_step(
            case,
            user,
            "record_observations",
            data={"received_on": received_on, "channel": channel},
            on_apply=write,
        )
        return created[0]
    if case.state != CaseState.OBSERVATIONS or not (
        by_signatory or permissions.can_manage(user, case)
    ):
        raise TransitionRefused(
            ["Des observations ne peuvent être déposées qu'après une mise en demeure."]
        )
    with transaction.atomic():
        write(case)
        audit.record(
            user,
            "breach.observations",
            created[0],
            None,
            {"received_on": received_on},
            "",
            contract_id=case.contract_id,
        )
    return created[0]


def decide(
    user, case: BreachCase, *, decided_on: date | None = None, reason: str = ""
) -> BreachCase:
    """The final decision: records the breach event on the contract (through
    ``contracts.services``), then the statement of sums computed by the rules from the
    payments actually made, both archived as documents."""
    decided_on = decided_on or today()

    def write(locked: BreachCase) -> None:
        contract = locked.contract
        effective = locked.letter_received_on if locked.origin == Origin.LETTER else decided_on
        ground = locked.get_ground_display()
        basis = CONTRACT_ART6 if locked.origin == Origin.LETTER else ART4
        try:
            contract_services.record_event(
                user,
                contract,
                {
                    "type": "breach",
                    "date": effective,
                    "cause": CAUSE_OF_GROUND[locked.ground],
                    "reason": f"Dossier de rupture {locked.reference} : {ground}",
                    "legal_basis": basis,
                    "payload": {"breach_case": locked.pk, "ground": locked.ground},
                },
            )
        except ValidationError as exc:
            raise TransitionRefused(_messages(exc)) from exc
        locked.decided_on, locked.breach_date = decided_on, effective
        locked.save(update_fields=["decided_on", "breach_date"])
        send_document(
            locked,
            DispatchKind.DECISION,
            "Décision de rupture du contrat d'engagement de service public",
            [
                f"Motif : {ground}.",
                f"Fondement : {basis}.",
                f"Date d'effet de la rupture : {effective:%d/%m/%Y}.",
                f"Décision du {decided_on:%d/%m/%Y}." + (f" {reason}" if reason else ""),
                "Le décompte des sommes à rembourser est joint ; il vous sera notifié par "
                "lettre recommandée avec avis de réception, avec l'échéance et les modalités "
                f"de remboursement ({ART3_2020}).",
                "Voies de recours : recours amiable dans les deux mois de la réception de la "
                "notification des sommes ; recours contentieux devant le tribunal "
                "administratif dans les deux mois (code de justice administrative, "
                "art. R421-1 et R421-5).",
            ],
            user,
            sent_on=decided_on,
        )
        issue_statement(locked, user, decided_on)
        tell_signatory(
            locked, "Décision de rupture", f"Date d'effet : {effective:%d/%m/%Y}.", "decision"
        )

    return take_step(
        case, user, "decide", data={"decided_on": decided_on}, reason=reason, on_apply=write
    )


def issue_statement(case: BreachCase, user, on: date) -> Statement:
    try:
        sums = statement.sums_of(case.contract, on)
    except SituationError as exc:
        raise TransitionRefused([str(exc.message)]) from exc
    if sums is None:
        raise TransitionRefused(["Le contrat ne porte pas de rupture : aucun décompte possible."])
    document = documents.archive(
        case,
        documents.STATEMENT,
        "Décompte des sommes dues après rupture",
        [
            *sums.lines(),
            "Calcul établi par le moteur de règles à partir des versements effectivement "
            "payés (arrêté du 26 mai 2020, art. 1 et 2 ; arrêté du 24 juin 2011 modifié pour "
            "les contrats d'avant 2020).",
        ],
        user,
        sums=sums,
    )
    return Statement.objects.create(
        case=case,
        issued_on=on,
        refund=sums.refund,
        penalty=sums.penalty,
        rate=sums.rate,
        total=sums.total,
        payments_count=len(sums.payments),
        text_applied=sums.version_label,
        engine_version=sums.engine_version,
        parameters_digest=sums.parameters_digest,
        explanation=sums.steps,
        document=document,
    )


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)


def dismiss(user, case: BreachCase, *, reason: str) -> BreachCase:
    return take_step(case, user, "dismiss", reason=reason)
