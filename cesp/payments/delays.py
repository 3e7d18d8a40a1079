"""Payment delays: per contract, per region and nationally (workflows-payments.md §2.1,
§2.9-3; the 2018 survey found a third of signatories paid up to four months late and asks
the ARS to watch that payment starts from the signature, seed 001 §8, §12).

Two figures per contract, computed from the facts, never stored:

- **days from signature to first payment**: the signature date to the first line actually
  paid (``paid_on``) with a positive net; while nothing is paid, the days waited so far;
- **late months**: months due (the rules) that were not paid by the end of the month of
  the run that should have paid them (interfaces.md §3: a run a month on the run day, the
  first strictly after the signature, pays every month due not yet paid), or are still
  unpaid after that day.

A contract **waits too long** when it was signed ``CESP_FIRST_PAYMENT_ALERT_DAYS`` days
ago or more (default 45) and nothing was paid yet. The watch covers the contracts signed
from ``CESP_PAYMENT_WATCH_SINCE`` (default 1 January 2026, the day the ASP took over every
contract, décret 2025-270 art. 3): earlier contracts were paid by the CNG, whose history
the ledger took over. Both are settings, not dated rules: no text sets a delay for the
first payment; it is the payer's service target (docs/payments-pages.md).

``national_delay_indicator`` and ``regional_delay_indicator`` are the public functions the
pages and the observatory call.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Min, Q, QuerySet

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core import geography
from cesp.rules.errors import SituationError
from cesp.rules.months import Month
from cesp.rules.payments import months_due, run_dates
from cesp.rules.situation import Situation, parse_situation

from .models import PaymentLine

DEFAULT_ALERT_DAYS = 45
DEFAULT_WATCH_SINCE = date(2026, 1, 1)
#: Contracts listed by name on a page (the counts cover them all).
LIST_LIMIT = 200


def alert_days() -> int:
    """Days after the signature from which a contract with no payment is flagged."""
    return int(getattr(settings, "CESP_FIRST_PAYMENT_ALERT_DAYS", DEFAULT_ALERT_DAYS))


def watch_since() -> date:
    """Contracts signed from this day are watched (the ASP's ledger, décret 2025-270)."""
    value = getattr(settings, "CESP_PAYMENT_WATCH_SINCE", DEFAULT_WATCH_SINCE)
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True)
class ContractDelay:
    """The delay figures of one contract on ``as_of``."""

    contract: Contract
    as_of: date
    first_paid_on: date | None
    late_months: tuple[Month, ...] = ()
    error: bool = False

    @property
    def days_to_first_payment(self) -> int | None:
        if self.first_paid_on is None:
            return None
        return (self.first_paid_on - self.contract.signature_date).days

    @property
    def days_waiting(self) -> int:
        """Days since the signature while nothing is paid (0 once paid)."""
        if self.first_paid_on is not None:
            return 0
        return max((self.as_of - self.contract.signature_date).days, 0)

    @property
    def overdue(self) -> bool:
        """Signed ``alert_days()`` ago or more and nothing paid yet."""
        return self.first_paid_on is None and self.days_waiting >= alert_days()


def first_paid_on(lines) -> date | None:
    paid = [line.paid_on for line in lines if line.paid_on and line.net > 0]
    return min(paid) if paid else None


def late_months(
    contract: Contract, lines, as_of: date, situation: Situation | None = None
) -> tuple[Month, ...]:
    """Months due that no line paid by the end of the month of their scheduled run
    (``situation``: the contract's, parsed on ``as_of``, when the caller has it)."""
    if situation is None:
        situation = parse_situation(figures.situation_for(contract, as_of))
    due = months_due(situation, as_of)
    if not due:
        return ()
    try:
        runs = [Month.of(day) for day in run_dates(situation, Month.of(as_of) + 1)]
    except SituationError:
        return ()
    paid: dict[Month, date] = {}
    for line in lines:
        if line.paid_on and line.net > 0:
            month = Month.of(line.month)
            paid[month] = min(paid.get(month, line.paid_on), line.paid_on)
    late = []
    for index in due:
        month = Month.from_index(index)
        position = bisect.bisect_left(runs, month)
        if position >= len(runs):
            continue
        deadline = runs[position].last_day()
        received = paid.get(month)
        if (received is None and as_of > deadline) or (received and received > deadline):
            late.append(month)
    return tuple(late)


def contract_delay(
    contract: Contract, as_of: date, lines=None, situation: Situation | None = None
) -> ContractDelay:
    """The delay figures of ``contract`` (its lines: one query unless given; its situation
    on ``as_of``: read and parsed unless given)."""
    if lines is None:
        lines = list(PaymentLine.objects.filter(contract=contract))
    try:
        late = late_months(contract, lines, as_of, situation)
    except SituationError:
        return ContractDelay(contract, as_of, first_paid_on(lines), error=True)
    return ContractDelay(contract, as_of, first_paid_on(lines), late)


# --- many contracts ------------------------------------------------------------------


def watched(queryset: QuerySet[Contract], as_of: date) -> QuerySet[Contract]:
    """The contracts of ``queryset`` under watch on ``as_of``, with their first payment
    (``first_paid``), oldest signature first."""
    return (
        queryset.filter(signature_date__gte=watch_since(), signature_date__lte=as_of)
        .annotate(
            first_paid=Min(
                "payment_lines__paid_on",
                filter=Q(payment_lines__paid_on__isnull=False, payment_lines__net__gt=0),
            )
        )
        .order_by("signature_date", "pk")
    )


NATIONAL = "France entière"


@dataclass(frozen=True)
class Overdue:
    contract: Contract
    days: int


@dataclass
class DelayIndicator:
    """The delays of a set of contracts (a region, or every contract)."""

    scope_label: str
    as_of: date
    alert_days: int
    watch_since: date
    contracts: int = 0
    paid: int = 0
    days: list[int] = field(default_factory=list)
    overdue: list[Overdue] = field(default_factory=list)
    overdue_count: int = 0
    waiting: int = 0

    def add(self, contract: Contract, threshold: date) -> None:
        """Count one watched contract (``first_paid`` annotated by ``watched``)."""
        self.contracts += 1
        if contract.first_paid is not None:
            self.paid += 1
            self.days.append((contract.first_paid - contract.signature_date).days)
        elif contract.signature_date <= threshold:
            self.overdue_count += 1
            if len(self.overdue) < LIST_LIMIT:
                days_waited = (self.as_of - contract.signature_date).days
                self.overdue.append(Overdue(contract, days_waited))
        else:
            self.waiting += 1

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def mean_days(self) -> Decimal | None:
        if not self.days:
            return None
        return (Decimal(sum(self.days)) / len(self.days)).quantize(Decimal("0.1"))

    @property
    def max_days(self) -> int | None:
        return max(self.days) if self.days else None

    @property
    def within_target(self) -> int:
        """Contracts paid within the alert delay."""
        return sum(1 for days in self.days if days < self.alert_days)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe figures (the observatory's input)."""
        return {
            "scope": self.scope_label,
            "as_of": self.as_of.isoformat(),
            "alert_days": self.alert_days,
            "watch_since": self.watch_since.isoformat(),
            "contracts": self.contracts,
            "paid": self.paid,
            "waiting": self.waiting,
            "overdue": self.overdue_count,
            "days_to_first_payment": {
                "n": len(self.days),
                "median": self.median_days,
                "mean": float(self.mean_days) if self.mean_days is not None else None,
                "max": self.max_days,
                "within_alert_days": self.within_target,
            },
        }


def delay_indicator(queryset: QuerySet[Contract], as_of: date, label: str) -> DelayIndicator:
    """Days from signature to first payment and contracts waiting, over ``queryset``
    (one query; ``overdue`` lists at most ``LIST_LIMIT`` contracts)."""
    days = alert_days()
    indicator = DelayIndicator(label, as_of, days, watch_since())
    threshold = as_of - timedelta(days=days)
    for contract in _watched_rows(queryset, as_of):
        indicator.add(contract, threshold)
    return indicator


def _watched_rows(queryset: QuerySet[Contract], as_of: date) -> QuerySet[Contract]:
    return (
        watched(queryset, as_of)
        .select_related("ufr")
        .only("pk", "reference", "signature_date", "followup_region", "ufr__name")
    )


def national_delay_indicator(as_of: date) -> DelayIndicator:
    """Every contract (the payer's page, the observatory)."""
    return delay_indicator(Contract.objects.all(), as_of, NATIONAL)


def regional_delay_indicator(region: str, as_of: date) -> DelayIndicator:
    """The contracts followed in ``region`` (an ARS's page)."""
    queryset = Contract.objects.filter(followup_region=region)
    return delay_indicator(queryset, as_of, _region_label(region))


def _region_label(region: str) -> str:
    return geography.region_name(region) or region


def national_and_regional_indicators(
    as_of: date,
) -> tuple[DelayIndicator, list[DelayIndicator]]:
    """``national_delay_indicator`` and one ``regional_delay_indicator`` per follow-up
    region with watched contracts (the national page), in one pass over the contracts."""
    days, since = alert_days(), watch_since()
    threshold = as_of - timedelta(days=days)
    national = DelayIndicator(NATIONAL, as_of, days, since)
    regional: dict[str, DelayIndicator] = {}
    for contract in _watched_rows(Contract.objects.all(), as_of):
        national.add(contract, threshold)
        region = contract.followup_region
        if region:
            if region not in regional:
                regional[region] = DelayIndicator(_region_label(region), as_of, days, since)
            regional[region].add(contract, threshold)
    return national, [regional[code] for code in sorted(regional)]


def overdue_contracts(queryset: QuerySet[Contract], as_of: date) -> QuerySet[Contract]:
    """Watched contracts signed ``alert_days()`` ago or more with nothing paid (the alert)."""
    threshold = as_of - timedelta(days=alert_days())
    return watched(queryset, as_of).filter(first_paid__isnull=True, signature_date__lte=threshold)
