"""A contract's allocation month by month, as its signatory reads it: what was paid, when,
and for each month not paid the reason, in French (« Mes allocations »).

The months due and the reason for a month not due are the rules' (``cesp.rules.
payment_months``); what was paid is the ledger's lines (``PaymentLine``); when a month
due and not yet paid will be paid is the schedule's (``cesp.rules.payments.run_dates``:
the first run on or after the month, never before the first run after the signature).
Nothing here is stored: the page, the statement and the attestation read the same rows.

Reads: one query for the lines (with their run and transfer), the contract's facts
(events and payments, prefetched by the caller or two queries).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.rules.errors import SituationError
from cesp.rules.months import Month
from cesp.rules.payment_months import MonthReason, month_reasons
from cesp.rules.payments import month_text, run_dates
from cesp.rules.situation import Situation, parse_situation

from .enums import LineKind, RunStatus
from .models import PaymentLine, Transfer
from .runs import blocked_contracts

ZERO = Decimal("0.00")

#: The state of one month for its reader (code for tests and CSS; labels below).
PAID, IN_PROGRESS, SCHEDULED, ARREARS_TO_COME, NOT_DUE, REGULARISED, OVERPAID, RETURNED = (
    "paid",
    "in_progress",
    "scheduled",
    "arrears_to_come",
    "not_due",
    "regularised",
    "overpaid",
    "returned",
)
STATE_LABELS = {
    PAID: "Versé",
    IN_PROGRESS: "En cours de versement",
    SCHEDULED: "À venir",
    ARREARS_TO_COME: "Rappel à venir",
    NOT_DUE: "Non dû",
    REGULARISED: "Régularisé",
    OVERPAID: "Trop-perçu à régulariser",
    RETURNED: "Virement rejeté",
}
#: DSFR badge flavour per state.
STATE_BADGES = {
    PAID: "success",
    IN_PROGRESS: "info",
    SCHEDULED: "info",
    ARREARS_TO_COME: "new",
    NOT_DUE: "",
    REGULARISED: "",
    OVERPAID: "warning",
    RETURNED: "error",
}


@dataclass(frozen=True)
class MonthRow:
    """One month (or a run of consecutive months not due for the same reason)."""

    first: Month
    last: Month
    state: str
    explanation: str
    source: str = ""
    lines: tuple[PaymentLine, ...] = ()

    @property
    def label(self) -> str:
        if self.first == self.last:
            return month_text(self.first)
        return f"de {month_text(self.first)} à {month_text(self.last)}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]

    @property
    def net_received(self) -> Decimal:
        return sum((line.net - line.pas for line in self.lines if line.paid_on), ZERO)

    @property
    def key(self) -> str:
        return f"{self.first}"


@dataclass
class History:
    """A contract's months, newest first, and what the reader needs around them."""

    contract: Contract
    as_of: date
    rows: list[MonthRow] = field(default_factory=list)
    lines: list[PaymentLine] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    archived: list = field(default_factory=list)
    error: str = ""
    #: The contract's facts on ``as_of``, parsed (``None`` when the rules refused them).
    situation: Situation | None = None

    @property
    def received_net(self) -> Decimal:
        return sum((line.net - line.pas for line in self.lines if line.paid_on), ZERO)

    @property
    def years(self) -> list[int]:
        """Years in which something was paid (the attestations one can ask for)."""
        return sorted({line.paid_on.year for line in self.lines if line.paid_on}, reverse=True)

    @property
    def statement_months(self) -> list[Month]:
        """Months in which something was paid (the monthly statements), newest first."""
        return sorted({Month.of(line.paid_on) for line in self.lines if line.paid_on}, reverse=True)


def of_month(month: Month) -> str:
    """« d'août 2026 », « de mars 2026 »."""
    name = month_text(month)
    return f"d'{name}" if name[0] in "ao" else f"de {name}"


def lines_of(contract: Contract) -> list[PaymentLine]:
    """The ledger's lines of a contract, with their run and transfer (one query)."""
    return list(
        PaymentLine.objects.filter(contract=contract)
        .select_related("run", "transfer")
        .order_by("month", "kind", "sequence")
    )


def transfers_of(contract: Contract) -> list[Transfer]:
    return list(Transfer.objects.filter(contract=contract).select_related("run").order_by("-id"))


def _blocked(contract: Contract) -> Transfer | None:
    """The contract's last transfer rejected by the bank while no new account was confirmed
    since: its lines wait for one (the ledger's ``runs.blocked_contracts``)."""
    return blocked_contracts([contract.pk]).get(contract.pk)


def _scheduled_runs(situation, last: Month) -> list[date]:
    try:
        return run_dates(situation, last + 1)
    except SituationError:
        return []


def _due_row(
    reason: MonthReason,
    lines: list[PaymentLine],
    runs: list[date],
    as_of: date,
    blocked: Transfer | None,
) -> MonthRow:
    month = reason.month
    paid = [line for line in lines if line.paid_on]
    net_paid = sum((line.net for line in paid), ZERO)
    if paid and net_paid > 0:
        last = max(line.paid_on for line in paid)
        arrears = any(line.kind == LineKind.ARREARS for line in paid)
        how = " en rappel" if arrears else ""
        return MonthRow(month, month, PAID, f"versé{how} le {last:%d/%m/%Y}", lines=tuple(lines))
    pending = [line for line in lines if not line.paid_on]
    waiting = [line for line in pending if line.transfer_id is None]
    if waiting and blocked is not None:
        label = blocked.return_label or "motif non précisé"
        return MonthRow(
            month,
            month,
            RETURNED,
            f"virement du versement {of_month(Month.of(blocked.run.month))} rejeté par "
            f"la banque ({label}) : ce mois sera versé après confirmation d'un nouveau "
            "compte bancaire",
            lines=tuple(lines),
        )
    if pending:
        run = pending[0].run
        when = f" (versement {of_month(Month.of(run.month))})" if run else ""
        step = ""
        if run is not None and run.status not in {RunStatus.DRAFT}:
            step = f", étape : {run.get_status_display().lower()}"
        return MonthRow(
            month, month, IN_PROGRESS, f"en cours de versement{when}{step}", lines=tuple(lines)
        )
    position = bisect.bisect_left([Month.of(day) for day in runs], month)
    run_day = runs[position] if position < len(runs) else None
    if run_day is not None and run_day > as_of:
        kind = "avec le premier versement" if position == 0 else "lors du versement"
        if Month.of(run_day) != month:
            return MonthRow(
                month,
                month,
                SCHEDULED,
                f"dû, versé en rappel {kind} prévu le {run_day:%d/%m/%Y}",
                lines=tuple(lines),
            )
        return MonthRow(month, month, SCHEDULED, f"dû, versé {kind} prévu le {run_day:%d/%m/%Y}")
    return MonthRow(
        month,
        month,
        ARREARS_TO_COME,
        "dû et pas encore versé : il sera versé en rappel avec le prochain versement",
    )


def _not_due_row(reason: MonthReason, lines: list[PaymentLine]) -> MonthRow:
    month = reason.month
    net = sum(
        (line.net for line in lines if line.paid_on or line.kind == LineKind.REGULARISATION), ZERO
    )
    if lines and net > 0:
        return MonthRow(
            month,
            month,
            OVERPAID,
            f"versé alors que non dû ({reason.reason}) : trop-perçu à régulariser",
            reason.source,
            tuple(lines),
        )
    if lines:
        return MonthRow(
            month, month, REGULARISED, f"régularisé : {reason.reason}", reason.source, tuple(lines)
        )
    return MonthRow(month, month, NOT_DUE, reason.reason, reason.source)


MERGED = frozenset({NOT_DUE, ARREARS_TO_COME})


def _merge(rows: list[MonthRow]) -> list[MonthRow]:
    """Consecutive months without lines in the same state for the same reason (not due,
    or arrears to come) read as one row."""
    merged: list[MonthRow] = []
    for row in rows:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and row.state in MERGED
            and previous.state == row.state
            and not row.lines
            and not previous.lines
            and previous.explanation == row.explanation
            and previous.last + 1 == row.first
        ):
            merged[-1] = MonthRow(previous.first, row.last, row.state, row.explanation, row.source)
        else:
            merged.append(row)
    return merged


def history(contract: Contract, as_of: date) -> History:
    """The months of ``contract`` from its allocation's effect (or its first line) to the
    month of ``as_of``, newest first."""
    lines = lines_of(contract)
    result = History(contract, as_of, lines=lines, transfers=transfers_of(contract))
    blocked = _blocked(contract)
    data = figures.situation_for(contract, as_of)
    try:
        situation = parse_situation(data)
        effect = Month(contract.campaign_year, 10)  # the earliest effect (1 October)
        first = min([effect, *(Month.of(line.month) for line in lines)])
        last = max([Month.of(as_of), *(Month.of(line.month) for line in lines)])
        # a line of a month to come (a run computed ahead) reads against its own month
        reasons = month_reasons(situation, first, last, max(as_of, last.last_day()))
        result.situation = situation
    except SituationError:
        result.error = (
            "Les faits enregistrés pour ce contrat sont incomplets ou contradictoires : "
            "le détail mois par mois ne peut pas être établi. Le gestionnaire a été informé."
        )
        return result
    by_month: dict[Month, list[PaymentLine]] = {}
    for line in lines:
        by_month.setdefault(Month.of(line.month), []).append(line)
    runs = _scheduled_runs(situation, last)
    rows = []
    started = False
    for reason in reasons:
        month_lines = by_month.get(reason.month, [])
        if not started and not reason.due and not month_lines:
            continue  # before the effect date: not a gap
        started = True
        if reason.due:
            rows.append(_due_row(reason, month_lines, runs, as_of, blocked))
        else:
            rows.append(_not_due_row(reason, month_lines))
    result.rows = list(reversed(_merge(rows)))
    return result
