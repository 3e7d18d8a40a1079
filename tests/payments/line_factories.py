"""Ledger lines for the pages' tests (a month paid with the rule's breakdown)."""

from __future__ import annotations

import datetime as dt

from cesp.payments.enums import LineKind, LineOrigin, Payer
from cesp.payments.models import PaymentLine
from cesp.rules.months import Month
from cesp.rules.payslip import month_breakdown


def paid_line(contract, month: str, paid_on: dt.date | None, kind=LineKind.REGULAR, **extra):
    """A line of ``month`` (``YYYY-MM``) with the breakdown of that month."""
    period = Month.parse(month)
    b = month_breakdown(period, extra.pop("pas_rate", 0))
    values = {
        "contract": contract,
        "month": period.first_day(),
        "kind": kind,
        "sequence": 1,
        "gross": b.gross,
        "csg": b.csg,
        "csg_deductible": b.csg_deductible,
        "crds": b.crds,
        "net": b.net,
        "taxable": b.taxable,
        "pas_rate": b.pas_rate,
        "pas": b.pas,
        "payer": Payer.ASP,
        "origin": LineOrigin.HISTORY,
        "paid_on": paid_on,
    }
    values.update(extra)
    return PaymentLine.objects.create(**values)
