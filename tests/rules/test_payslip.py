"""The breakdown of a month (workflows-payments.md §2.2's table, to the cent)."""

from decimal import Decimal

import pytest

from cesp.rules.allocation import net_monthly_amount
from cesp.rules.months import Month
from cesp.rules.payslip import month_breakdown


@pytest.mark.parametrize(
    ("month", "csg", "crds", "net", "deductible", "taxable"),
    [
        (Month(2011, 10), "87.30", "5.82", "1106.88", "59.36", "1140.64"),
        (Month(2015, 1), "88.43", "5.90", "1105.67", "60.13", "1139.87"),
        (Month(2021, 10), "108.47", "5.90", "1085.63", "80.17", "1119.83"),
    ],
)
def test_breakdown_matches_the_table(month, csg, crds, net, deductible, taxable):
    line = month_breakdown(month)
    assert line.gross == Decimal("1200.00")
    assert (line.csg, line.crds, line.net) == (Decimal(csg), Decimal(crds), Decimal(net))
    assert (line.csg_deductible, line.taxable) == (Decimal(deductible), Decimal(taxable))
    assert line.net == net_monthly_amount(month).value
    assert line.gross - line.csg - line.crds == line.net


def test_withholding_at_the_rate_received_and_negated():
    line = month_breakdown(Month(2024, 3), Decimal("0.075"))
    assert line.pas == Decimal("83.99")  # 1 119,83 × 7,5 % = 83,987 → 83,99
    assert line.paid == Decimal("1001.64")
    back = line.negated()
    assert back.net == -line.net and back.pas == -line.pas and back.pas_rate == line.pas_rate
