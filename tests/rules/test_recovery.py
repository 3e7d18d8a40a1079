"""The breach procedure's rules (cesp.rules.recovery): the 15-day period, the creditor,
and the instalment plan's check (properties)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cesp.rules import recovery

START = date(2026, 12, 2)
amounts = st.lists(
    st.integers(min_value=1, max_value=5_000_000).map(lambda c: Decimal(c) / 100),
    min_size=1,
    max_size=24,
)


@given(amounts, st.integers(min_value=0, max_value=60))
def test_a_plan_of_positive_parts_in_date_order_is_accepted(parts, gap) -> None:
    total = sum(parts, Decimal(0))
    plan = [(START + timedelta(days=gap + 30 * i), part) for i, part in enumerate(parts)]
    assert recovery.plan_refusals(total, plan, START) == []


@given(amounts, st.sampled_from([Decimal("0.01"), Decimal("-0.01")]))
def test_a_plan_off_by_a_cent_is_refused(parts, cent) -> None:
    total = sum(parts, Decimal(0)) + cent
    plan = [(START + timedelta(days=30 * i), part) for i, part in enumerate(parts)]
    reasons = recovery.plan_refusals(total, plan, START)
    assert reasons and "ne correspond pas à la somme due" in reasons[-1]


def test_plan_refusals_say_which_instalment() -> None:
    plan = [(date(2026, 11, 30), Decimal("10")), (date(2026, 11, 1), Decimal("0"))]
    reasons = recovery.plan_refusals(Decimal("10"), plan, START)
    assert any(r.startswith("Échéance n° 1 : la date (30/11/2026) précède") for r in reasons)
    assert "Échéance n° 2 : le montant doit être positif." in reasons
    assert any("doivent se suivre" in r for r in reasons)
    assert recovery.plan_refusals(Decimal("10"), [], START) == [
        "L'échéancier doit compter au moins une échéance."
    ]


@given(st.dates(min_value=date(2010, 8, 1), max_value=date(2040, 1, 1)))
def test_decision_possible_only_after_the_15_days(received) -> None:
    deadline = recovery.observations_deadline(received).value
    assert deadline == received + timedelta(days=15)
    assert recovery.decision_refusals("absences", received, deadline)
    assert recovery.decision_refusals("absences", received, deadline + timedelta(days=1)) == []
    assert recovery.decision_refusals("radiation", received, received) == []
    assert recovery.decision_refusals("change_of_place", None, deadline)


def test_creditor_by_regime_status_and_date() -> None:
    assert recovery.creditor("pre2020", True, date(2027, 1, 1)).value == "cpam"
    assert recovery.creditor("pre2020", False, date(2025, 12, 31)).value == "cng"
    assert recovery.creditor("pre2020", False, date(2026, 1, 1)).value == "asp"
    assert recovery.creditor("post2020", True, date(2026, 1, 1)).value == "asp"
    assert recovery.creditor("post2020", False, date(2026, 6, 1), date(2025, 12, 31)).value == "cng"
    assert recovery.creditor("post2020", False, date(2026, 6, 1), date(2026, 1, 2)).value == "asp"
