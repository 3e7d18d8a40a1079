"""Factories and helpers of the breach tests: a contract followed in Occitanie with the
payments actually made, and cases brought to a given step through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cesp.breach import collection, services
from cesp.breach.enums import DispatchKind
from cesp.breach.models import BreachCase
from cesp.contracts.models import Contract
from tests.factories import PaymentFactory

NET = Decimal("1085.63")


def pay(contract: Contract, months: list[dt.date], net: Decimal = NET) -> None:
    """Payments actually made to the contract, one line per month covered."""
    for month in months:
        PaymentFactory(contract=contract, month=month, net=net, paid_on=month.replace(day=28))


def months(first: dt.date, count: int) -> list[dt.date]:
    out, year, month = [], first.year, first.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def receive(case: BreachCase, kind: str, on: dt.date, user) -> None:
    services.record_receipt(user, case.dispatch(kind), on)
    case.refresh_from_db()


def letter_case(contract: Contract, national, received: dt.date) -> BreachCase:
    return services.open_by_letter(
        national,
        contract,
        received_on=received,
        sent_on=received - dt.timedelta(days=2),
        proof="1A 234 567 8901 2",
    )


def notified_case(contract: Contract, national, received: dt.date, decided: dt.date) -> BreachCase:
    case = letter_case(contract, national, received)
    case = services.decide(national, case, decided_on=decided)
    return collection.notify_sums(
        national,
        case,
        sent_on=decided,
        number="1A 000 000 0001 1",
        due_on=decided + dt.timedelta(days=60),
    )


__all__ = ["DispatchKind", "letter_case", "months", "notified_case", "pay", "receive"]
