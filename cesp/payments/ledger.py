"""Reading the ledger: what other apps call (contracts through its registered provider,
breach and the observatory directly).

- ``payments_made(contract_ids)``: the lines paid per contract (``figures.PaymentMade``),
  registered as contracts' payments provider in ``PaymentsConfig.ready``;
- ``net_received(contract_ids)``: the net actually received per contract, regularisations
  and offsets included (breach refunds: "allocations nettes perçues");
- ``payment_dates(contracts)``: (month covered, date paid) of every line paid (the
  observatory's delay indicator);
- ``paid_months(contract_ids)``: the months each contract was paid and not claimed back,
  as a monthly run compares them with the rule (``runs``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Sum, Value, When

from cesp.contracts.figures import PaymentMade
from cesp.contracts.models import Contract
from cesp.rules.months import Month

from .enums import LineKind
from .models import PaymentLine

PAYING_KINDS = (LineKind.REGULAR, LineKind.ARREARS)


def payments_made(contract_ids: Sequence[int]) -> dict[int, list[PaymentMade]]:
    """The lines paid (or offset in a transfer paid) per contract, oldest month first."""
    made: dict[int, list[PaymentMade]] = defaultdict(list)
    rows = (
        PaymentLine.objects.received()
        .filter(contract_id__in=list(contract_ids))
        .order_by("contract_id", "month", "kind", "sequence")
        .values_list("contract_id", "month", "kind", "sequence", "gross", "net", "paid_on")
    )
    for contract_id, month, kind, sequence, gross, net, paid_on in rows:
        made[contract_id].append(PaymentMade(month, kind, sequence, gross, net, paid_on))
    return dict(made)


def net_received(contract_ids: Iterable[int]) -> dict[int, Decimal]:
    """Net actually received per contract (lines paid, regularisations included)."""
    rows = (
        PaymentLine.objects.received()
        .filter(contract_id__in=list(contract_ids))
        .values("contract_id")
        .annotate(total=Sum("net"))
    )
    return {row["contract_id"]: row["total"] for row in rows}


def payment_dates(contracts: QuerySet[Contract]) -> list[tuple[date, date | None]]:
    """(month covered, date paid) of every line paid to ``contracts``."""
    return list(
        PaymentLine.objects.received()
        .filter(contract__in=contracts.values("pk"))
        .values_list("month", "paid_on")
    )


def paid_months(contract_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """The months (indexes) each contract was paid and not claimed back: lines of
    payment minus regularisations, per month (whatever a transfer's fate: a rejected
    transfer is paid again with the next one, the month stays paid to the rule).

    Set-based: one grouped query gives each contract's first and last month paid and its
    counts; a contract paid every month in between, once, without regularisation (nearly
    all) is that range; only the others have their lines read (a second query)."""
    lines = PaymentLine.objects.all()
    if contract_ids is not None:
        lines = lines.filter(contract_id__in=list(contract_ids))
    summary = (
        lines.values("contract_id")
        .annotate(
            first=Min("month"),
            last=Max("month"),
            paying=Count("id", filter=Q(kind__in=PAYING_KINDS)),
            others=Count("id", filter=~Q(kind__in=PAYING_KINDS)),
        )
        .values_list("contract_id", "first", "last", "paying", "others")
    )
    paid: dict[int, set[int]] = {}
    irregular = []
    for contract_id, first, last, paying, others in summary:
        start, end = Month.of(first).index, Month.of(last).index
        if others == 0 and paying == end - start + 1:
            paid[contract_id] = set(range(start, end + 1))
        else:
            irregular.append(contract_id)
    if irregular:
        weight = Case(
            When(kind__in=PAYING_KINDS, then=Value(1)),
            When(kind=LineKind.REGULARISATION, then=Value(-1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        rows = (
            PaymentLine.objects.filter(contract_id__in=irregular)
            .values("contract_id", "month")
            .annotate(count=Sum(weight))
            .filter(count__gt=0)
            .values_list("contract_id", "month")
        )
        for contract_id in irregular:
            paid[contract_id] = set()
        for contract_id, month in rows:
            paid[contract_id].add(Month.of(month).index)
    return {key: months for key, months in paid.items() if months}
