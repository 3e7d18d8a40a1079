"""Use cases after the decision: notification of the sums, amicable appeal, instalment
plan, repayments, default and settlement (arrêté du 26 mai 2020 art. 3; seeds 003/004).
One transaction each, through the declared workflow (see ``services``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cesp.core.audit import services as audit
from cesp.core.documents.services import Fact
from cesp.core.workflow.engine import TransitionRefused
from cesp.rules import appeals
from cesp.rules.money import format_euros_fr

from . import permissions, schedule
from .enums import AppealOutcome, CaseState, Channel, DispatchKind
from .models import Appeal, BreachCase, Instalment, InstalmentPlan, Repayment
from .services import (
    ART3_2020,
    filing_receipt,
    issue_statement,
    send_document,
    take_step,
    tell_signatory,
    today,
)

#: States in which repayments are received.
REPAYING = frozenset(
    {CaseState.NOTIFIED, CaseState.APPEALED, CaseState.APPEAL_ANSWERED}
    | {CaseState.INSTALMENTS, CaseState.DEFAULTED}
)


# --- sums, appeal ----------------------------------------------------------------------


def notify_sums(user, case: BreachCase, *, sent_on: date, number: str, due_on: date) -> BreachCase:
    """The notification of the sums by registered letter: method, amount, due date,
    repayment terms, and the 2-month amicable appeal from its receipt (arrêté du 26 mai
    2020, art. 3)."""

    def write(locked: BreachCase) -> None:
        current = locked.statement()
        locked.due_on = due_on
        locked.save(update_fields=["due_on"])
        send_document(
            locked,
            DispatchKind.NOTIFICATION,
            "Notification des sommes dues après rupture",
            [
                "Modalités de calcul : remboursement des allocations nettes effectivement "
                "perçues, augmenté de la pénalité, multiplié le cas échéant par le taux "
                "dégressif ; le décompte détaillé est joint.",
                f"Montant dû : {format_euros_fr(current.total)}.",
                f"Échéance : {due_on:%d/%m/%Y}.",
                "Modalités de remboursement : virement à l'organisme créancier indiqué ; un "
                "étalement de la dette peut être demandé et est examiné au cas par cas.",
                "Vous disposez d'un délai de deux mois à compter de la réception de la "
                "présente notification pour former un recours amiable, par tout moyen "
                f"permettant de donner date certaine à sa réception ({ART3_2020}).",
                "Vous pouvez aussi saisir le tribunal administratif dans les deux mois "
                "(code de justice administrative, art. R421-1 et R421-5).",
            ],
            user,
            sent_on=sent_on,
            number=number,
            facts=[Fact.of("Décompte", [current])],
        )
        tell_signatory(
            locked,
            "Notification des sommes dues",
            f"Montant dû : {format_euros_fr(current.total)}, échéance le {due_on:%d/%m/%Y}.",
            "notification",
        )

    return take_step(
        case,
        user,
        "notify",
        data={"sent_on": sent_on, "number": number, "due_on": due_on},
        on_apply=write,
    )


def file_appeal(
    user,
    case: BreachCase,
    *,
    text: str,
    received_on: date | None = None,
    channel: str = Channel.ONLINE,
    proof: str = "",
) -> Appeal:
    """An amicable appeal logged with its date-certain receipt: online, the server's
    timestamp; by letter, the date and number the manager records."""
    text = text.strip()
    if not text:
        raise TransitionRefused(["Le recours doit exposer ses motifs."])
    online = permissions.files_in_person(user, case)
    if online:
        stamp = timezone.now()
        received_on, channel = timezone.localdate(stamp), Channel.ONLINE
        proof = f"dépôt en ligne horodaté le {timezone.localtime(stamp):%d/%m/%Y à %H:%M:%S}"
    created: list[Appeal] = []

    def write(locked: BreachCase) -> None:
        if online:
            filing_receipt(locked, "recours amiable", stamp, text, user)
        created.append(
            Appeal.objects.create(
                case=locked,
                received_on=received_on,
                channel=channel,
                proof=proof,
                text=text,
                filed_by=user if getattr(user, "pk", None) else None,
            )
        )

    take_step(
        case,
        user,
        "file_appeal",
        data={"received_on": received_on, "channel": channel, "proof": proof},
        on_apply=write,
    )
    return created[0]


def answer_appeal(
    user, case: BreachCase, *, outcome: str, answer: str, number: str = ""
) -> BreachCase:
    """The answer to the amicable appeal; when it is granted, a statement recalculated by
    the rules from the facts as they stand now (e.g. corrected payments)."""
    if outcome not in AppealOutcome.values:
        raise TransitionRefused(["Issue du recours inconnue."])
    day = today()

    def write(locked: BreachCase) -> None:
        appeal = locked.appeals.order_by("-received_on", "-pk").first()
        appeal.answered_on, appeal.outcome, appeal.answer = day, outcome, answer
        appeal.save(update_fields=["answered_on", "outcome", "answer"])
        if outcome != AppealOutcome.REJECTED:
            issue_statement(locked, user, day)
        send_document(
            locked,
            DispatchKind.APPEAL_ANSWER,
            "Réponse à votre recours amiable",
            [
                f"Recours reçu le {appeal.received_on:%d/%m/%Y} ({appeal.get_channel_display()}).",
                f"Décision : {AppealOutcome(outcome).label}.",
                answer,
                f"Somme due : {format_euros_fr(locked.statement().total)}.",
            ],
            user,
            number=number,
        )
        tell_signatory(locked, "Réponse au recours amiable", AppealOutcome(outcome).label, "answer")

    return take_step(
        case, user, "answer_appeal", data={"outcome": outcome}, reason=answer, on_apply=write
    )


# --- instalments, repayments -----------------------------------------------------------


def grant_plan(
    user,
    case: BreachCase,
    *,
    instalments: Sequence[tuple[date, Decimal]],
    number: str = "",
    granted_on: date | None = None,
) -> BreachCase:
    """An instalment plan of the balance due (decided case by case; seeds 003/004)."""
    day = granted_on or today()

    def write(locked: BreachCase) -> None:
        balance = locked.statement().total - schedule.repaid(locked, day)
        plan = InstalmentPlan.objects.create(case=locked, granted_on=day, total=balance)
        Instalment.objects.bulk_create(
            Instalment(plan=plan, number=n, due_on=due, amount=amount)
            for n, (due, amount) in enumerate(instalments, start=1)
        )
        lines = [
            f"Échéance n° {n} : {format_euros_fr(amount)} au plus tard le {due:%d/%m/%Y}."
            for n, (due, amount) in enumerate(instalments, start=1)
        ]
        send_document(
            locked,
            DispatchKind.PLAN,
            "Échéancier de remboursement",
            [
                f"Un échéancier vous est accordé pour le solde de {format_euros_fr(balance)}.",
                *lines,
                "Clause de défaillance : si une échéance reste impayée, l'échéancier peut être "
                "déclaré non respecté et la totalité du solde devient exigible.",
            ],
            user,
            number=number,
        )
        tell_signatory(locked, "Échéancier accordé", f"{len(lines)} échéances.", "plan")

    return take_step(
        case,
        user,
        "grant_plan",
        data={
            "instalments": [[due, amount] for due, amount in instalments],
            "granted_on": day,
        },
        on_apply=write,
    )


def record_repayment(
    user, case: BreachCase, *, received_on: date, amount: Decimal, reference: str = ""
) -> Repayment:
    """A repayment actually received (the follow-up of the plan reads these)."""
    if not permissions.can_manage(user, case):
        raise PermissionDenied("Seul le gestionnaire enregistre les remboursements.")
    errors: dict[str, list[str]] = {}
    if case.state not in REPAYING:
        errors["__all__"] = ["Aucune somme n'est encore due sur ce dossier (pas de notification)."]
    if amount is None or amount <= 0:
        errors["amount"] = ["Le montant doit être positif."]
    if received_on > today():
        errors["received_on"] = ["La date de réception ne peut pas être future."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = Repayment.objects.create(
            case=case,
            received_on=received_on,
            amount=amount,
            reference=reference,
            recorded_by=user if getattr(user, "pk", None) else None,
        )
        audit.record(
            user,
            "breach.repayment",
            row,
            None,
            {"received_on": received_on, "amount": str(amount), "reference": reference},
            "",
            contract_id=case.contract_id,
        )
    return row


def declare_default(user, case: BreachCase, *, reason: str) -> BreachCase:
    def write(locked: BreachCase) -> None:
        balance = locked.statement().total - schedule.repaid(locked)
        send_document(
            locked,
            DispatchKind.DEFAULT,
            "Constat du non-respect de l'échéancier",
            [
                reason,
                f"Le solde de {format_euros_fr(balance)} devient exigible en totalité.",
            ],
            user,
        )
        tell_signatory(locked, "Échéancier non respecté", reason, "default")

    return take_step(case, user, "declare_default", reason=reason, on_apply=write)


def settle(user, case: BreachCase) -> BreachCase:
    return take_step(case, user, "settle")


def appeal_deadline(case: BreachCase) -> date | None:
    """Last day of the amicable appeal (2 months from the proven receipt)."""
    notification = case.dispatch(DispatchKind.NOTIFICATION)
    if notification is None or notification.received_on is None:
        return None
    return appeals.amicable_appeal_deadline(notification.received_on).value
