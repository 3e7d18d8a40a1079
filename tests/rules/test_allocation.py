"""Allocation: effect date, months in force, gross and net totals (R12–R15, T26, T27, T30, T46)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cesp.rules import evaluate, parse_situation
from cesp.rules.allocation import (
    diploma_date,
    effect_date,
    gross_monthly_amount,
    net_monthly_amount,
)
from cesp.rules.months import Month
from tests.rules.builders import ev, situation


@pytest.mark.parametrize(
    ("month", "net"),
    [
        # interfaces.md §1; T46 (seed 004: 1 106,88 €, deductions 93,12 €): 3 % allowance,
        # CSG 7,5 %, CRDS 0,5 %.
        (Month(2010, 10), "1106.88"),
        (Month(2011, 12), "1106.88"),
        # LFSS 2012 art. 17: allowance 1,75 %.
        (Month(2012, 1), "1105.67"),
        (Month(2017, 12), "1105.67"),
        # LFSS 2018 art. 8: CSG 9,2 %.
        (Month(2018, 1), "1085.63"),
        (Month(2026, 11), "1085.63"),
    ],
)
def test_net_monthly_amount_by_month_covered(month, net):
    figure = net_monthly_amount(month)
    assert figure.value == Decimal(net)
    assert {p.name for p in figure.step.parameters} >= {
        "allocation.csg_rate",
        "allocation.crds_rate",
    }


def test_t46_deductions_are_93_12_in_2010_2011():
    """T46: 1 200 € gross → 1 106,88 € net, deductions 93,12 € (7,76 %)."""
    gross = gross_monthly_amount(date(2011, 1, 1))
    assert gross == Decimal("1200.00")
    assert gross - net_monthly_amount(Month(2011, 1)).value == Decimal("93.12")


def test_t26_second_cycle_effect_is_1_october_of_the_campaign():
    """T26 — arrêté du 27 juillet 2010, art. 3: campaign 2023-24, signed 2024-06-20."""
    s = parse_situation(situation(campaign_year=2023, signature_date="2024-06-20"))
    assert effect_date(s).value == date(2023, 10, 1)


def test_t27_third_cycle_effect_is_1_november():
    """T27 — arrêté du 27 juillet 2010, art. 3: an intern, campaign 2023-24."""
    s = parse_situation(
        situation(category="third_cycle", campaign_year=2023, signature_date="2024-06-20")
    )
    assert effect_date(s).value == date(2023, 11, 1)


def test_r15_months_from_effect_through_the_thesis():
    """R15 example: effect 2020-10-01, thesis 2026-06-30 → Oct 2020 to Jun 2026 = 69 months."""
    data = situation(
        ev("thesis", "2026-06-30"),
        profession="odontologie",
        campaign_year=2020,
        signature_date="2021-06-20",
        as_of="2027-01-01",
    )
    result = evaluate(data).to_dict()
    assert result["allocation"]["months"] == 69
    assert result["allocation"]["end_date"] == "2026-06-30"
    assert result["allocation"]["gross_total"] == "82800.00"
    assert result["allocation"]["net_total"] == str(Decimal("1085.63") * 69)
    assert result["engagement"]["months_due"] == 69


def test_medicine_stops_at_the_later_of_des_and_thesis():
    """R14 (POST2020): DES 2024-10-31 and thesis 2025-02-15 → stops 2025-02-15."""
    s = parse_situation(situation(ev("des", "2024-10-31"), ev("thesis", "2025-02-15")))
    assert diploma_date(s).value == date(2025, 2, 15)
    only_des = parse_situation(situation(ev("des", "2024-10-31")))
    assert diploma_date(only_des).value is None


def test_month_counts_only_if_in_force_on_its_first_day():
    """interfaces.md §1: thesis 2026-06-30 counts June; a breach on 2022-04-01 excludes April."""
    signed = {"signature_date": "2022-02-01", "as_of": "2023-01-01"}
    result = evaluate(situation(ev("breach", "2022-04-01", cause="voluntary"), **signed))
    assert result.allocation.value.count == 6  # Oct 2021 → Mar 2022
    mid_month = evaluate(situation(ev("breach", "2022-04-15", cause="voluntary"), **signed))
    assert mid_month.allocation.value.count == 7


def test_t30_third_cycle_suspension_stops_the_allocation_on_1_january():
    """T30 / R17: effect 2016-10-01, intern 2019-11-02, request 2019-11-20 → 39 months."""
    data = situation(
        ev("internship_start", "2019-11-02"),
        ev("third_cycle_suspension_request", "2019-11-20"),
        campaign_year=2016,
        signature_date="2017-06-20",
        as_of="2022-01-01",
    )
    result = evaluate(data).to_dict()
    assert result["allocation"]["months"] == 39
    assert result["allocation"]["end_date"] == "2019-12-31"
    assert result["engagement"]["months_due"] == 39
    assert result["status"] == "suspended"


def test_net_total_mixes_the_rates_of_each_month_covered():
    """interfaces.md §1: arrears included, each month at its own rates (Oct 2017 → Mar 2018)."""
    data = situation(
        ev("breach", "2018-04-01", cause="voluntary"),
        campaign_year=2017,
        signature_date="2018-02-01",
        regime="pre2020",
        as_of="2019-01-01",
    )
    result = evaluate(data).to_dict()
    assert result["allocation"]["months"] == 6
    assert result["allocation"]["net_total"] == str(3 * Decimal("1105.67") + 3 * Decimal("1085.63"))


def test_future_events_are_ignored_at_as_of():
    data = situation(ev("des", "2027-10-15"), ev("thesis", "2027-12-10"), as_of="2022-12-15")
    evaluation = evaluate(data)
    assert evaluation.ignored_events == 2
    assert evaluation.allocation.value.count == 15  # Oct 2021 → Dec 2022
    assert evaluation.allocation.value.end_date is None
