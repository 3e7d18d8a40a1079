"""The monthly run: the rule ``cesp.rules.payments.run_lines`` applied to the platform's
facts, the lines written once, the transfers built (workflows-payments.md §2.8, §2.9-2/3/4).

For each contract signed before the run's date, the run reads the situation its date
sees (``figures.schedule_situations``: every event recorded by then, with the day it was
recorded), the months the ledger paid and did not claim back (``ledger.paid_months``), and
asks the rule for the run's lines: the month itself (``regular``), the months due not paid
yet (``arrears``: the retroactive first payment, a month paid again after a correction)
and the months paid that are no longer due (``regularisation``, negative: a diploma or a
suspension learned late).

Idempotent by construction: a line's sequence follows the ledger, the unique constraint
(contract, month, kind, sequence) refuses a second copy (``ignore_conflicts``), and each
chunk is written under the run's row lock, so a second run, or four at once, finds the
months paid and writes nothing (tests/payments/test_runs.py, PostgreSQL).

Then ``build_transfers``: per contract, the lines no transfer carries yet (this run's, and
those carried over: a negative balance is offset on the next lines) make one transfer when
their sum is positive, to the account in force, unless the contract is blocked (a transfer
rejected and no new account confirmed since) or has no confirmed account.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery, Sum
from django.utils import timezone

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.rules import payments as schedule
from cesp.rules.authority import competent_manager
from cesp.rules.errors import SituationError
from cesp.rules.money import format_euros_fr
from cesp.rules.months import Month
from cesp.rules.payments import (
    REGULARISATION,
    due_for_run,
    lines_for_run,
    month_text,
    run_lines,
)
from cesp.rules.payslip import Breakdown, month_breakdown

from . import ledger
from .enums import AccountStatus, LineKind, Payer, RunStatus, TransferStatus
from .models import BankAccount, PaymentLine, PaymentRun, Transfer

CHUNK = 2000
#: Distinct situations whose months due a run keeps (contracts with the same facts).
MEMO_SIZE = 50_000
ZERO = Decimal("0.00")
#: How far ahead a recorded diploma or the end of a suspension is flagged at the check.
LOOKAHEAD_DAYS = 62


class RunClosed(Exception):
    """The run's lines are frozen (checked or further): a French sentence."""


@dataclass
class Anomaly:
    contract: int
    reference: str
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "reference": self.reference,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class RunOutcome:
    month: Month
    run_date: date
    applied: bool
    contracts: int = 0
    lines: int = 0
    lines_by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    net: Decimal = ZERO
    anomalies: list[Anomaly] = field(default_factory=list)
    transfers: int = 0
    transferred: Decimal = ZERO
    run: PaymentRun | None = None

    def summary(self) -> str:
        what = "Simulation du versement" if not self.applied else "Versement"
        kinds = ", ".join(
            f"{count} {LineKind(kind).label.lower()}" for kind, count in self.lines_by_kind.items()
        )
        text = (
            f"{what} de {month_text(self.month)} (le {self.run_date:%d/%m/%Y}) : "
            f"{self.contracts} contrats examinés, {self.lines} lignes nouvelles"
            f"{f' ({kinds})' if kinds else ''}, net {format_euros_fr(self.net)}"
        )
        if self.applied:
            text += f" ; {self.transfers} virements pour {format_euros_fr(self.transferred)}"
        if self.anomalies:
            text += f" ; {len(self.anomalies)} anomalies à contrôler"
        return text + "."


@lru_cache(maxsize=8192)
def payer_of(signature_date: date, on: date) -> str:
    """The paying manager for a contract on ``on`` (décret 2025-270 art. 3, through
    ``cesp.rules.authority``): the CNG, or the ASP (the « autorité administrative »)."""
    manager = competent_manager(signature_date, on).value
    return Payer.CNG if manager == "cng" else Payer.ASP


def line_of(breakdown: Breakdown, **fields: Any) -> PaymentLine:
    """A ledger line (not saved) carrying ``breakdown``'s amounts (``cesp.rules.payslip``)."""
    return PaymentLine(
        gross=breakdown.gross,
        csg=breakdown.csg,
        csg_deductible=breakdown.csg_deductible,
        crds=breakdown.crds,
        net=breakdown.net,
        taxable=breakdown.taxable,
        pas_rate=breakdown.pas_rate,
        pas=breakdown.pas,
        **fields,
    )


def end_to_end_id(contract_id: int, month: Month) -> str:
    """Deterministic, ≤ 35 characters, one per contract and run (§2.9-4)."""
    return f"CESP-{contract_id}-{month.year:04d}{month.month:02d}"


def contracts_for_run(run_date: date):
    """The contracts a run looks at: signed before its date (the first run is the first
    one strictly after the signature, interfaces.md §3)."""
    return Contract.objects.filter(signature_date__lt=run_date).order_by("pk")


def _sequences(contract_ids: Sequence[int], months: Iterable[date]) -> dict[tuple, int]:
    rows = (
        PaymentLine.objects.filter(contract_id__in=contract_ids, month__in=set(months))
        .values("contract_id", "month", "kind")
        .annotate(last=Max("sequence"))
    )
    return {(r["contract_id"], r["month"], r["kind"]): r["last"] for r in rows}


def _lookahead(contract: Contract, situation: dict[str, Any], run_date: date) -> list[Anomaly]:
    """What the check flags from the facts: a diploma expected soon (the allocation stops
    there, R632-73) and a suspension ending soon (payments resume, arrêté du 27 juillet
    2010 art. 3)."""
    found = []
    horizon = run_date + timedelta(days=LOOKAHEAD_DAYS)
    for event in situation["events"]:
        kind = event["type"]
        when = event.get("date")
        if kind in {"des", "thesis", "pathway_end"} and when and run_date <= when <= horizon:
            found.append(
                Anomaly(
                    contract.pk,
                    contract.reference,
                    "diploma_expected",
                    f"Diplôme attendu le {when:%d/%m/%Y} : vérifier qu'il est obtenu avant de "
                    "payer les mois suivants (l'allocation cesse au diplôme, R632-73).",
                )
            )
        end = event.get("to")
        if kind == "suspension" and end and run_date - timedelta(days=31) <= end <= horizon:
            found.append(
                Anomaly(
                    contract.pk,
                    contract.reference,
                    "suspension_ending",
                    f"Suspension se terminant le {end:%d/%m/%Y} : les versements reprennent "
                    "au mois suivant sauf changement signalé (arrêté du 27 juillet 2010, art. 3).",
                )
            )
    return found


def _chunk_lines(
    run: PaymentRun | None,
    contracts: list[Contract],
    run_date: date,
    outcome: RunOutcome,
    memo: dict[str, Any],
) -> list[PaymentLine]:
    situations = figures.schedule_situations(contracts, run_date)
    paid = ledger.paid_months([c.pk for c in contracts])
    drafts: list[tuple[Contract, Any]] = []
    for contract in contracts:
        situation = situations[contract.pk]
        outcome.anomalies.extend(_lookahead(contract, situation, run_date))
        try:
            # Contracts whose facts are the same share the months due (the same rule).
            key = json.dumps(situation, sort_keys=True, default=str)
            if key not in memo:
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[key] = due_for_run(situation, run_date)
            due, overrides = memo[key]
            lines = lines_for_run(due, run_date, paid.get(contract.pk, ()), overrides)
        except SituationError as error:
            outcome.anomalies.append(
                Anomaly(
                    contract.pk,
                    contract.reference,
                    "facts_refused",
                    f"Faits refusés par les règles, rien n'est calculé : {error}",
                )
            )
            continue
        drafts.extend((contract, line) for line in lines)
    if not drafts:
        return []
    last = _sequences(
        [contract.pk for contract, _ in drafts], (line.period.first_day() for _, line in drafts)
    )
    created = []
    for contract, line in drafts:
        month = line.period.first_day()
        kind = line.kind
        sequence = last.get((contract.pk, month, kind), 0) + 1
        last[contract.pk, month, kind] = sequence
        breakdown = month_breakdown(line.period)
        if kind == REGULARISATION:
            breakdown = breakdown.negated()
        assert breakdown.net == line.net and breakdown.gross == line.gross  # one rule
        created.append(
            line_of(
                breakdown,
                contract_id=contract.pk,
                month=month,
                kind=kind,
                sequence=sequence,
                payer=payer_of(contract.signature_date, run_date),
                run=run,
            )
        )
    return created


def compute_run(
    month: Month,
    *,
    apply: bool,
    contract_ids: Sequence[int] | None = None,
    heartbeat: Callable[[], None] | None = None,
) -> RunOutcome:
    """Compute (and with ``apply`` write) the lines of ``month``'s run, then its
    transfers. Raises ``RunClosed`` when the run is already checked or further."""
    run_date = schedule.run_date(month)
    outcome = RunOutcome(month, run_date, apply)
    run = None
    if apply:
        run, _ = PaymentRun.objects.get_or_create(
            month=month.first_day(), defaults={"run_date": run_date}
        )
        _refuse_if_closed(run)
    contracts = contracts_for_run(run_date).only("pk", "reference", *_CONTRACT_FIELDS)
    if contract_ids is not None:
        contracts = contracts.filter(pk__in=list(contract_ids))
    ids = list(contracts.values_list("pk", flat=True))
    memo: dict[str, Any] = {}
    for start in range(0, len(ids), CHUNK):
        chunk_ids = ids[start : start + CHUNK]
        with transaction.atomic():
            if run is not None:  # one writer at a time: the others then find the months paid
                run = PaymentRun.objects.select_for_update().get(pk=run.pk)
                _refuse_if_closed(run)
            chunk = list(contracts.filter(pk__in=chunk_ids))
            lines = _chunk_lines(run, chunk, run_date, outcome, memo)
            if apply and lines:  # the constraint refuses a copy another writer made
                PaymentLine.objects.bulk_create(lines, ignore_conflicts=True, batch_size=5000)
        outcome.contracts += len(chunk)
        for line in lines:
            outcome.lines += 1
            outcome.lines_by_kind[line.kind] += 1
            outcome.net += line.net
        if heartbeat is not None:
            heartbeat()
    if apply:
        with transaction.atomic():
            run = PaymentRun.objects.select_for_update().get(pk=run.pk)
            _refuse_if_closed(run)
            transfers = build_transfers(run)
            outcome.anomalies.extend(transfers.anomalies)
            outcome.transfers, outcome.transferred = transfers.count, transfers.total
            run.anomalies = [a.to_dict() for a in _unique(outcome.anomalies)]
            run.computed_at = timezone.now()
            run.save(update_fields=["anomalies", "computed_at"])
        outcome.run = run
    return outcome


_CONTRACT_FIELDS = (
    "profession",
    "category",
    "campaign_year",
    "signature_date",
    "regime_override",
)


def _refuse_if_closed(run: PaymentRun) -> None:
    if run.status != RunStatus.DRAFT:
        raise RunClosed(
            f"Le versement de {month_text(Month.of(run.month))} est à l'étape "
            f"« {run.get_status_display()} » : ses lignes ne se recalculent plus. Les faits "
            "nouveaux seront pris en compte par le versement du mois suivant."
        )


def _unique(anomalies: list[Anomaly]) -> list[Anomaly]:
    seen, kept = set(), []
    for anomaly in anomalies:
        key = (anomaly.contract, anomaly.code, anomaly.message)
        if key not in seen:
            seen.add(key)
            kept.append(anomaly)
    return kept


# --- transfers -----------------------------------------------------------------------


@dataclass
class TransfersOutcome:
    count: int = 0
    total: Decimal = ZERO
    anomalies: list[Anomaly] = field(default_factory=list)


def accounts_in_force(contract_ids: Iterable[int] | None, day: date) -> dict[int, BankAccount]:
    """The confirmed account in force on ``day`` per contract (``BankAccount.in_force``)."""
    accounts = BankAccount.objects.in_force(day)
    if contract_ids is not None:
        accounts = accounts.filter(contract_id__in=list(contract_ids))
    in_force: dict[int, BankAccount] = {}
    for account in accounts:
        in_force.setdefault(account.contract_id, account)  # the first: the one in force
    return in_force


def _account_ids_in_force(day: date) -> dict[int, int]:
    """``accounts_in_force`` as ids (a run reads 100 000 of them)."""
    in_force: dict[int, int] = {}
    for contract_id, account_id in BankAccount.objects.in_force(day).values_list(
        "contract_id", "id"
    ):
        in_force.setdefault(contract_id, account_id)
    return in_force


def blocked_contracts(contract_ids: Iterable[int] | None = None) -> dict[int, Transfer]:
    """Contracts whose last transfer was rejected and who confirmed no account since:
    their next lines wait for a new IBAN (workflows-payments.md §2.8, §2.9-13)."""
    rejected = Transfer.objects.filter(status=TransferStatus.REJECTED)
    if contract_ids is not None:
        rejected = rejected.filter(contract_id__in=list(contract_ids))
    last: dict[int, Transfer] = {}
    for transfer in rejected.order_by("contract_id", "returned_at", "id"):
        last[transfer.contract_id] = transfer
    if not last:
        return {}
    fixed = (
        BankAccount.objects.filter(contract_id__in=list(last), status=AccountStatus.CONFIRMED)
        .values("contract_id")
        .annotate(latest=Max("confirmed_at"))
    )
    for row in fixed:
        transfer = last.get(row["contract_id"])
        returned = transfer.returned_at if transfer else None
        if returned and row["latest"] and row["latest"] > returned:
            del last[row["contract_id"]]
    later = Transfer.objects.filter(
        contract_id__in=list(last), status__in=[TransferStatus.ACKNOWLEDGED, TransferStatus.SENT]
    )
    for transfer in later.only("contract_id", "run_id"):
        if transfer.contract_id in last and transfer.run_id > last[transfer.contract_id].run_id:
            del last[transfer.contract_id]
    return last


def build_transfers(run: PaymentRun) -> TransfersOutcome:
    """(Re)build the run's transfers while it is a draft: the unsettled lines of each
    contract, summed, one transfer when positive (caller holds the run's row lock)."""
    outcome = TransfersOutcome()
    pending = Transfer.objects.filter(run=run, status=TransferStatus.PENDING)
    PaymentLine.objects.filter(transfer__in=pending).update(transfer=None)
    pending.delete()
    month = Month.of(run.month)
    unsettled = (
        PaymentLine.objects.unsettled_for(run)
        .values("contract_id", "contract__reference")
        .annotate(total=Sum("net") - Sum("pas"))
    )
    totals, references = {}, {}
    for row in unsettled:
        totals[row["contract_id"]] = row["total"]
        references[row["contract_id"]] = row["contract__reference"]
    if not totals:
        return outcome
    # Every account and every rejection (no list of ids: a run may hold 100 000).
    blocked = blocked_contracts()
    accounts = _account_ids_in_force(run.run_date)
    transfers = []
    for contract_id, total in sorted(totals.items()):
        reference = references.get(contract_id, str(contract_id))
        if total <= 0:
            if total < 0:
                outcome.anomalies.append(
                    Anomaly(
                        contract_id,
                        reference,
                        "overpayment",
                        f"Trop-perçu de {format_euros_fr(-total)} : régularisation proposée par "
                        "compensation sur les prochaines mensualités, ou ordre de recouvrement "
                        "s'il n'en reste pas.",
                    )
                )
            continue
        if contract_id in blocked:
            rejected = blocked[contract_id]
            outcome.anomalies.append(
                Anomaly(
                    contract_id,
                    reference,
                    "rejected_blocking",
                    f"Virement {rejected.end_to_end_id} rejeté "
                    f"({rejected.return_label or rejected.return_code}) : "
                    f"les {format_euros_fr(total)} dus attendent un nouvel IBAN confirmé "
                    "par le signataire.",
                )
            )
            continue
        account = accounts.get(contract_id)
        if account is None:
            outcome.anomalies.append(
                Anomaly(
                    contract_id,
                    reference,
                    "missing_iban",
                    f"Aucun IBAN confirmé : les {format_euros_fr(total)} dus sont reportés "
                    "au versement suivant (modèle de contrat, art. 3 : « sur le compte "
                    "bancaire désigné par l'allocataire »).",
                )
            )
            continue
        transfers.append(
            Transfer(
                run=run,
                contract_id=contract_id,
                bank_account_id=account,
                amount=total,
                end_to_end_id=end_to_end_id(contract_id, month),
            )
        )
        outcome.total += total
    Transfer.objects.bulk_create(transfers, batch_size=5000)
    outcome.count = len(transfers)
    carried = Transfer.objects.filter(run=run, contract_id=OuterRef("contract_id")).values("pk")
    (
        PaymentLine.objects.unsettled_for(run)
        .filter(contract_id__in=Transfer.objects.filter(run=run).values("contract_id"))
        .update(transfer_id=Subquery(carried[:1]))
    )
    return outcome


# --- an overpayment seen before the run ---------------------------------------------


@dataclass
class Regularisation:
    """What the next run will claim back from a contract with the facts known today."""

    lines: tuple
    total_net: Decimal
    offset_possible: bool

    @property
    def proposal(self) -> str:
        months = ", ".join(month_text(line.period) for line in self.lines)
        how = (
            "compensation sur les prochaines mensualités"
            if self.offset_possible
            else "ordre de recouvrement (plus aucune mensualité à verser)"
        )
        return (
            f"Trop-perçu détecté : {format_euros_fr(-self.total_net)} net pour {months}. "
            f"Régularisation proposée : {how}."
        )


def pending_regularisation(contract: Contract, on: date | None = None) -> Regularisation | None:
    """The overpayment the next run will claim back (a diploma, suspension or breach
    recorded after months were paid), or ``None``: the rule's regularisation lines for
    the next run, with today's facts, against the ledger."""
    today = on or timezone.localdate()
    month = Month.of(today)
    run_date = schedule.run_date(month)
    if run_date < today:
        month = month + 1
        run_date = schedule.run_date(month)
    situation = figures.schedule_situations([contract], today)[contract.pk]
    paid = ledger.paid_months([contract.pk]).get(contract.pk, ())
    try:
        lines = run_lines(situation, run_date, paid)
    except SituationError:
        return None
    claimed = tuple(line for line in lines if line.kind == REGULARISATION)
    if not claimed:
        return None
    total = sum((line.net for line in claimed), ZERO)
    still_paid = any(line.kind != REGULARISATION for line in lines)
    return Regularisation(claimed, total, still_paid)
