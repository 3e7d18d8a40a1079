"""The use cases of the payment ledger, one transaction each, audited.

Runs: ``prepare_run`` (the monthly job), ``check_run``, ``order_run``, ``export_run``,
``mark_run_sent``, ``import_bank_return``. Bank accounts: ``declare_bank_account`` then
``confirm_bank_account`` (the signatory types the IBAN a second time), ``cancel_bank_account``.
Refusals are ``TransitionRefused`` (run steps), ``ValidationError`` (input) or
``PermissionDenied``, each with French sentences.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core.audit import services as audit
from cesp.core.workflow.engine import TransitionRefused
from cesp.rules.months import Month
from cesp.rules.payments import due_for_run
from cesp.rules.payslip import month_breakdown

from . import ledger, permissions, returns, runs, sepa
from .enums import AccountStatus, FileKind, LineKind, LineOrigin, RunStatus, TransferStatus
from .iban import check_account
from .models import BankAccount, PaymentFile, PaymentLine, PaymentRun, Transfer
from .workflow import RUN_WORKFLOW, already_exported

# --- runs ----------------------------------------------------------------------------


def prepare_run(month: Month, *, apply: bool, heartbeat=None) -> runs.RunOutcome:
    """Compute the month's lines and transfers (dry run unless ``apply``)."""
    return runs.compute_run(month, apply=apply, heartbeat=heartbeat)


def check_run(user, run: PaymentRun, reason: str = "") -> PaymentRun:
    """draft → checked: the transfers rebuilt from the ledger and the accounts of today,
    the anomalies recorded on the run; its lines are then frozen."""

    def rebuild(locked: PaymentRun) -> None:
        outcome = runs.build_transfers(locked)
        kept = [a for a in locked.anomalies if a["code"] not in _TRANSFER_CODES]
        locked.anomalies = kept + [a.to_dict() for a in outcome.anomalies]
        locked.save(update_fields=["anomalies"])
        run.anomalies = locked.anomalies

    RUN_WORKFLOW.apply(run, user, "check", reason=reason, on_apply=rebuild)
    return run


_TRANSFER_CODES = {"overpayment", "rejected_blocking", "missing_iban"}


def order_run(user, run: PaymentRun, reason: str = "") -> PaymentRun:
    """checked → ordered, by the ordering role."""

    def stamp(locked: PaymentRun) -> None:
        locked.ordered_by = user
        locked.ordered_at = timezone.now()
        locked.save(update_fields=["ordered_by", "ordered_at"])
        run.ordered_by, run.ordered_at = locked.ordered_by, locked.ordered_at

    RUN_WORKFLOW.apply(run, user, "order", reason=reason, on_apply=stamp)
    return run


def export_run(user, run: PaymentRun) -> PaymentFile:
    """ordered → exported: the pain.001 built, validated, stored with its SHA-256; by
    the export role, never the person who ordered the run. A second export is refused."""
    sent = run.files.filter(kind=FileKind.PAIN001).first()
    if sent is not None:
        raise TransitionRefused([already_exported(sent)])
    created: list[PaymentFile] = []

    def write(locked: PaymentRun) -> None:
        transfers = list(
            Transfer.objects.filter(run=locked, status=TransferStatus.PENDING)
            .select_related("bank_account", "contract")
            .order_by("contract_id")
        )
        try:
            built = sepa.build_pain001(locked, transfers)
        except sepa.FileRefused as refused:
            raise TransitionRefused(refused.problems) from None
        stored = PaymentFile.objects.create(
            kind=FileKind.PAIN001,
            run=locked,
            attempt=1,
            name=built.name,
            message_id=built.message_id,
            content=built.content,
            sha256=built.sha256,
            transactions=built.transactions,
            total=built.total,
            created_by=user if getattr(user, "pk", None) else None,
        )
        for number, transfer in enumerate(transfers, start=1):
            transfer.file, transfer.file_line = stored, number
            transfer.status = TransferStatus.EXPORTED
        Transfer.objects.bulk_update(transfers, ["file", "file_line", "status"], batch_size=5000)
        locked.exported_by = user if getattr(user, "pk", None) else None
        locked.exported_at = timezone.now()
        locked.save(update_fields=["exported_by", "exported_at"])
        created.append(stored)

    data = {"user_id": getattr(user, "pk", None)}
    RUN_WORKFLOW.apply(run, user, "export", data=data, on_apply=write)
    return created[0]


def mark_run_sent(user, run: PaymentRun) -> PaymentRun:
    """exported → sent: each transfer sent, each line it carries paid on the execution
    date (the net received, until a return says otherwise)."""

    def send(locked: PaymentRun) -> None:
        when = sepa.execution_date(locked)
        transfers = Transfer.objects.filter(run=locked, status=TransferStatus.EXPORTED)
        PaymentLine.objects.filter(transfer__in=transfers).update(paid_on=when)
        transfers.update(status=TransferStatus.SENT)
        locked.sent_at = timezone.now()
        locked.save(update_fields=["sent_at"])

    RUN_WORKFLOW.apply(run, user, "send", on_apply=send)
    return run


def import_bank_return(user, content: bytes, name: str, *, apply: bool = True) -> dict:
    """A pain.002 or camt.054, all or nothing: each transfer acknowledged or rejected
    (a rejected one gives its lines back to the ledger, blocked until a new IBAN); the
    run closed when no transfer awaits an answer. Raises ``returns.ReturnFileError``
    naming the line that matches no transfer sent. ``apply=False``: read and check only."""
    if user is not None and not permissions.can_import_returns(user):
        raise PermissionDenied("Votre rôle ne permet pas d'importer les retours de la banque.")
    parsed = returns.parse(content)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        known = PaymentFile.objects.filter(kind=parsed.kind, sha256=digest).first()
        if known is not None:
            raise returns.ReturnFileError(
                f"Ce fichier a déjà été importé le {_when(known.created_at)} ({known.name}) : "
                "rien n'a été importé une seconde fois."
            )
        lines = list(parsed.lines)
        if parsed.group_rejected_code and not lines:
            order = PaymentFile.objects.filter(
                kind=FileKind.PAIN001, message_id=parsed.original_message_id
            ).first()
            if order is None:
                raise returns.ReturnFileError(
                    f"Le compte rendu rejette le fichier « {parsed.original_message_id} », "
                    "qui ne correspond à aucun fichier envoyé : rien n'a été importé."
                )
            lines = [
                returns.ReturnLine(n, t.end_to_end_id, returns.REJECTED, parsed.group_rejected_code)
                for n, t in enumerate(order.transfers.order_by("file_line"), start=1)
            ]
        if not lines:
            raise returns.ReturnFileError(
                "Le fichier ne contient aucun virement : rien n'a été importé."
            )
        transfers = Transfer.objects.select_for_update().in_bulk(
            [line.end_to_end_id for line in lines], field_name="end_to_end_id"
        )
        for line in lines:
            transfer = transfers.get(line.end_to_end_id)
            if transfer is None:
                raise returns.ReturnFileError(
                    f"Ligne {line.number} du fichier : le virement « {line.end_to_end_id} » ne "
                    "correspond à aucun virement envoyé par la plateforme. Rien n'a été importé ; "
                    "vérifiez que le fichier est bien un retour de nos virements."
                )
            if transfer.status in {TransferStatus.PENDING}:
                raise returns.ReturnFileError(
                    f"Ligne {line.number} du fichier : le virement « {line.end_to_end_id} » n'a "
                    "pas encore été envoyé à la banque. Rien n'a été importé."
                )
        stored = PaymentFile(
            kind=parsed.kind,
            run=transfers[lines[0].end_to_end_id].run,
            name=name[:120],
            message_id=(parsed.message_id or parsed.original_message_id)[:35],
            content=content,
            sha256=digest,
            transactions=len(lines),
            created_by=user if getattr(user, "pk", None) else None,
        )
        counts = {"acknowledged": 0, "rejected": 0, "unchanged": 0}
        if not apply:
            for line in lines:
                counts["rejected" if line.outcome == returns.REJECTED else "acknowledged"] += 1
            return counts
        stored.save()
        now = timezone.now()
        touched_runs = set()
        for line in lines:
            transfer = transfers[line.end_to_end_id]
            target = (
                TransferStatus.REJECTED
                if line.outcome == returns.REJECTED
                else TransferStatus.ACKNOWLEDGED
            )
            if transfer.status == target or transfer.status == TransferStatus.REJECTED:
                counts["unchanged"] += 1
                continue
            before = transfer.status
            transfer.status = target
            transfer.return_file = stored
            transfer.returned_at = now
            transfer.return_code = line.code
            transfer.return_label = line.label[:300]
            transfer.save(update_fields=RETURN_FIELDS)
            if target == TransferStatus.REJECTED:
                # The money did not arrive: its lines are owed again, once an IBAN is fixed.
                PaymentLine.objects.filter(transfer=transfer).update(transfer=None, paid_on=None)
                counts["rejected"] += 1
            else:
                PaymentLine.objects.filter(transfer=transfer, paid_on__isnull=True).update(
                    paid_on=sepa.execution_date(transfer.run)
                )
                counts["acknowledged"] += 1
            audit.record(
                user,
                "payments.transfer_returned",
                transfer,
                before={"status": before},
                after={"status": target, "code": line.code},
                reason=f"{stored.name}, ligne {line.number}",
                contract_id=transfer.contract_id,
            )
            touched_runs.add(transfer.run_id)
        for run in PaymentRun.objects.filter(pk__in=touched_runs, status=RunStatus.SENT):
            waiting = run.transfers.filter(
                status__in=[TransferStatus.SENT, TransferStatus.EXPORTED]
            ).exists()
            if not waiting:
                RUN_WORKFLOW.apply(run, _actor(user), "acknowledge", reason=stored.name)
    return counts


RETURN_FIELDS = ["status", "return_file", "returned_at", "return_code", "return_label"]


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y à %H:%M")


def _actor(user):
    return user if user is not None else _Operator()


class _Operator:
    """The command-line operator (imports from the bank's exchange directory)."""

    pk = None
    username = "operateur"
    is_authenticated = True
    is_active = True
    is_superuser = True
    role = "admin"

    def has_perm(self, perm: str) -> bool:
        return True


# --- bank accounts --------------------------------------------------------------------


def declare_bank_account(
    user,
    contract: Contract,
    *,
    iban: str,
    holder_name: str,
    bic: str = "",
    valid_from: date | None = None,
) -> BankAccount:
    """The signatory declares the account the allocation is paid to: checked (schwifty),
    stored pending until confirmed, audited without the full IBAN."""
    if not permissions.can_declare_account(user, contract):
        raise PermissionDenied("Seul le signataire du contrat peut déclarer son compte bancaire.")
    checked = check_account(iban, bic)
    holder = " ".join((holder_name or "").split())
    if not holder:
        raise ValidationError({"holder_name": ["Indiquez le nom du titulaire du compte."]})
    if len(holder) > 140:
        raise ValidationError({"holder_name": ["Le nom du titulaire dépasse 140 caractères."]})
    today = timezone.localdate()
    day = valid_from or today
    if day < today:
        raise ValidationError(
            {"valid_from": ["Un nouveau compte vaut à partir d'aujourd'hui ou d'une date à venir."]}
        )
    with transaction.atomic():
        BankAccount.objects.filter(contract=contract, status=AccountStatus.PENDING).update(
            status=AccountStatus.CANCELLED
        )
        account = BankAccount.objects.create(
            contract=contract,
            iban=checked.iban,
            bic=checked.bic,
            holder_name=holder,
            valid_from=day,
            declared_by=user,
        )
        audit.record(
            user,
            "payments.bank_account_declared",
            account,
            after={"iban": account.masked_iban, "valid_from": day, "holder": "(conservé)"},
            contract_id=contract.pk,
        )
    return account


def confirm_bank_account(user, account: BankAccount, iban_again: str) -> BankAccount:
    """The confirmation step: the signatory types the IBAN again; the account is then in
    force from its date (and unblocks transfers held after a rejection)."""
    if not permissions.can_declare_account(user, account.contract):
        raise PermissionDenied("Seul le signataire du contrat peut confirmer son compte bancaire.")
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().get(pk=account.pk)
        if account.status != AccountStatus.PENDING:
            raise ValidationError(
                f"Ce compte est « {account.get_status_display()} » : il n'y a rien à confirmer."
            )
        if "".join((iban_again or "").split()).upper() != account.iban:
            raise ValidationError(
                {
                    "iban": [
                        "L'IBAN saisi pour confirmer ne correspond pas à celui déclaré : "
                        "vérifiez-le sur votre RIB, ou annulez la déclaration."
                    ]
                }
            )
        account.status = AccountStatus.CONFIRMED
        account.confirmed_at = timezone.now()
        account.save(update_fields=["status", "confirmed_at"])
        audit.record(
            user,
            "payments.bank_account_confirmed",
            account,
            before={"status": AccountStatus.PENDING},
            after={"status": AccountStatus.CONFIRMED, "iban": account.masked_iban},
            contract_id=account.contract_id,
        )
    return account


def cancel_bank_account(user, account: BankAccount) -> BankAccount:
    """A declaration not confirmed is withdrawn (a confirmed account is replaced)."""
    if not permissions.can_declare_account(user, account.contract):
        raise PermissionDenied("Seul le signataire du contrat peut annuler sa déclaration.")
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().get(pk=account.pk)
        if account.status != AccountStatus.PENDING:
            raise ValidationError("Seule une déclaration en attente de confirmation s'annule.")
        account.status = AccountStatus.CANCELLED
        account.save(update_fields=["status"])
        audit.record(
            user,
            "payments.bank_account_cancelled",
            account,
            before={"status": AccountStatus.PENDING},
            after={"status": AccountStatus.CANCELLED},
            contract_id=account.contract_id,
        )
    return account


# --- history ---------------------------------------------------------------------------


def record_paid_history(contract: Contract, today: date) -> int:
    """Record as paid (origin ``history``) every month the rules owe ``contract`` up to
    ``today`` that the ledger has not paid: arrears back to the effect date in a first
    transfer the month after the signature (§2.1: « with arrears back to the effect
    date »), then one line a month, paid on the 28th. For the demo and for taking over a
    history kept elsewhere; idempotent (the months paid are skipped)."""
    situation = figures.schedule_situations([contract], today)[contract.pk]
    paid = ledger.paid_months([contract.pk]).get(contract.pk, set())
    due, _ = due_for_run(situation, today)
    first_transfer = (Month.of(contract.signature_date) + 1).first_day().replace(day=5)
    lines = []
    for index in due:
        if index in paid:
            continue
        month = Month.from_index(index)
        late = month.first_day() < Month.of(first_transfer).first_day()
        paid_on = first_transfer if late else month.first_day().replace(day=28)
        if paid_on > today:
            continue
        breakdown = month_breakdown(month)
        lines.append(
            runs.line_of(
                breakdown,
                contract=contract,
                month=month.first_day(),
                kind=LineKind.ARREARS if late else LineKind.REGULAR,
                payer=runs.payer_of(contract.signature_date, paid_on),
                origin=LineOrigin.HISTORY,
                paid_on=paid_on,
            )
        )
    PaymentLine.objects.bulk_create(lines, ignore_conflicts=True)
    return len(lines)
