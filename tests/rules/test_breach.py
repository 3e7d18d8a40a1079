"""Breach: refund, penalty by regime and version, degressive rate (R29–R33, T8–T24)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules import evaluate, parse_situation
from cesp.rules.breach import compute_breach, degressive_rate
from tests.rules.builders import ev, situation

NET_2018 = Decimal("1085.63")


def broken(when: str, *events, cause: str = "voluntary", **kw):
    kw.setdefault("as_of", "2035-01-01")
    return evaluate(situation(*events, ev("breach", when, cause=cause), **kw)).to_dict()["breach"]


@pytest.mark.parametrize(
    ("breach_on", "months", "penalty"),
    [
        ("2022-04-01", 6, "2000.00"),  # T8: max(200 × 6, 2 000)
        ("2022-08-01", 10, "2000.00"),  # T9: 200 × 10 = the minimum
        ("2024-10-01", 36, "7200.00"),  # T10: 200 × 36
    ],
)
def test_t8_t10_post2020_breach_before_the_des(breach_on, months, penalty):
    """Arrêté du 26 mai 2020, art. 1 II 1° (net of each month recomputed, cesp-rules §8)."""
    result = broken(breach_on, signature_date="2022-02-01")
    refund = NET_2018 * months
    assert result["refund"] == str(refund)
    assert result["penalty"] == penalty
    assert result["rate"] == "1"
    assert result["total"] == str(refund + Decimal(penalty))
    assert result["before_diploma"] is True


def test_t11_post2020_breach_after_the_des_not_practising():
    """T11 — art. 1 II 2°: 60 months, after the DES → refund + 20 000 €."""
    result = broken("2026-10-15", ev("des", "2026-09-15"), ev("thesis", "2026-09-20"))
    assert result["refund"] == str(NET_2018 * 60)
    assert result["penalty"] == "20000.00"
    assert result["total"] == str(NET_2018 * 60 + 20000)


@pytest.mark.parametrize(
    ("due", "served", "rate"),
    [
        (60, 36, "1"),  # T12: no reduction for the first 36 months
        (60, 48, "0.4633436854"),  # T13: 46,3344 %
        (60, 37, "0.8450806662"),  # T14: 84,5081 %
        (24, 24, "1"),  # T15: d ≤ 36 → always 100 %
        (120, 118, "0.0080322586"),  # T16: 0,8032 %
        (96, 90, "0.1000000000"),  # R31 worked value
    ],
)
def test_t12_t16_degressive_rate_for_doctors(due, served, rate):
    """Annexe de l'arrêté du 24 juin 2011."""
    figure = degressive_rate(due, Decimal(served), date(2015, 1, 1))
    assert figure.value == Decimal(rate)


@pytest.mark.parametrize(
    ("served", "rate"),
    [(48, "0.5446320169"), (24, "1"), (36, "0.6780062112"), (59, "0.4500909166")],
)
def test_t17_t18_degressive_rate_for_dentists(served, rate):
    """T17, T18 — annexe de l'arrêté du 29 octobre 2013: thresholds 24 and 72."""
    assert degressive_rate(60, Decimal(served), date(2016, 1, 1), odontology=True).value == Decimal(
        rate
    )


def _pre2020(profession="medecine", **kw):
    return parse_situation(
        situation(
            profession=profession,
            campaign_year=2012,
            signature_date="2013-06-01",
            regime="pre2020",
            **kw,
        )
    )


def test_t13_t17_totals_on_the_worked_amounts():
    """T13: (66 412,80 + 20 000) × 46,3344 % = 40 038,83; T17 dentist: 47 063,18."""
    months = tuple(range(60))
    doctor = compute_breach(
        _pre2020(events=[{"type": "des", "date": "2016-10-01"}]),
        "pre2020",
        date(2021, 1, 4),
        "voluntary",
        months,
        Decimal("66412.80"),
        60,
        Decimal(48),
    )
    assert doctor.value.total == Decimal("40038.83")
    # the calculation reads in French: the rate with a decimal comma, never « 0.46… »
    assert f"× 0,{str(doctor.value.rate)[2:]} = 40\u202f038,83 €" in doctor.step.branch
    rate_steps = [c for c in doctor.step.children if c.figure == "breach.rate"]
    assert rate_steps and all(f"= 0,{str(doctor.value.rate)[2:]}" in c.branch for c in rate_steps)
    dentist = compute_breach(
        _pre2020("odontologie", events=[{"type": "thesis", "date": "2016-10-01"}]),
        "pre2020",
        date(2021, 1, 4),
        "voluntary",
        months,
        Decimal("66412.80"),
        60,
        Decimal(48),
    )
    assert dentist.value.total == Decimal("47063.18")


def t19_facts(breach_on: str):
    """Signed 2011-01-01 (effect 2010-10-01), third-cycle suspension from 2012-01-01."""
    return situation(
        ev("internship_start", "2011-11-02"),
        ev("third_cycle_suspension_request", "2011-11-20"),
        ev("breach", breach_on, cause="voluntary"),
        campaign_year=2010,
        signature_date="2011-01-01",
        as_of="2015-01-01",
    )


def test_t19_v2_counts_months_elapsed_since_signature():
    """T19 — arrêté 2011 V2: breach 2013-07-01, 30 months since signature → 6 000 €."""
    result = evaluate(t19_facts("2013-07-01")).to_dict()
    assert result["regime"] == "pre2020"
    assert result["allocation"]["months"] == 15
    assert result["breach"]["penalty"] == "6000.00"
    assert result["breach"]["arrete_version"] == "V2"
    assert result["breach"]["refund"] == str(Decimal("1106.88") * 15)


def test_t20_v3_counts_months_of_allocation_received():
    """T20 — arrêté 2011 V3: breach 2014-01-01 → max(200 × 15, 2 000) = 3 000 €."""
    result = evaluate(t19_facts("2014-01-01")).to_dict()
    assert result["breach"]["penalty"] == "3000.00"
    assert result["breach"]["arrete_version"] == "V3"


def test_t21_v1_after_the_des_is_20000():
    """T21 — arrêté 2011 V1: breach in December 2011 after the DES → 20 000 €."""
    data = situation(
        ev("des", "2011-10-31"),
        ev("thesis", "2011-11-15"),
        ev("breach", "2011-12-15", cause="voluntary"),
        category="third_cycle",
        campaign_year=2010,
        signature_date="2011-01-15",
        as_of="2012-06-01",
    )
    result = evaluate(data).to_dict()["breach"]
    assert result["arrete_version"] == "V1"
    assert result["penalty"] == "20000.00"
    assert result["refund"] == str(Decimal("1106.88") * 13)  # Nov 2010 → Nov 2011


def test_t22_death_owes_nothing():
    """T22 — décret 2010-735 art. 5; seed 004."""
    data = situation(ev("breach", "2023-05-02", cause="death"), as_of="2024-01-01")
    result = evaluate(data).to_dict()
    assert result["status"] == "ended_without_repayment"
    assert result["breach"]["total"] == "0.00"
    assert result["breach"]["penalty"] == "0.00"


def test_t23_radiation_owes_like_a_breach():
    """T23 — seed 004: radiation ends the contract with the ordinary breach sums."""
    result = broken("2022-08-01", cause="radiation", signature_date="2022-02-01")
    assert result["total"] == str(NET_2018 * 10 + 2000)


def test_t24_protected_zoning_change_waives_the_penalty_only():
    """T24 — décret 2010-735 art. 5: the penalty is waived, net allocations still due."""
    result = broken(
        "2027-01-04",
        ev("des", "2026-09-15"),
        ev("thesis", "2026-09-20"),
        cause="zoning_change_protected",
    )
    assert result["penalty"] == "0.00"
    assert result["total"] == result["refund"] == str(NET_2018 * 60)


def test_recorded_payments_are_what_is_refunded():
    """interfaces.md §1: where the payments actually made are recorded, the refund uses them."""
    payments = [{"month": f"2021-{m:02d}", "net": "1000.00"} for m in (10, 11, 12)]
    result = broken("2022-01-04", payments=payments, signature_date="2021-12-01")
    assert result["refund"] == "3000.00"


@settings(deadline=None, max_examples=50)
@given(
    st.integers(min_value=1, max_value=240),
    st.integers(min_value=0, max_value=240),
    st.integers(min_value=0, max_value=240),
    st.booleans(),
)
def test_property_rate_in_0_1_and_non_increasing_in_months_served(due, served, more, dental):
    on = date(2022, 1, 1)
    low = degressive_rate(due, Decimal(served), on, dental).value
    high = degressive_rate(due, Decimal(served + more), on, dental).value
    assert 0 <= high <= low <= 1


@settings(deadline=None, max_examples=50)
@given(
    st.integers(min_value=1, max_value=150), st.integers(min_value=0, max_value=60), st.booleans()
)
def test_property_more_allocation_months_never_lower_what_is_owed(months, extra, after_des):
    events = [ev("des", "2021-11-15")] if after_des else []
    s = parse_situation(situation(*events, signature_date="2021-06-01"))

    def owed(count):
        return compute_breach(
            s,
            "post2020",
            date(2022, 1, 4),
            "voluntary",
            tuple(range(count)),
            NET_2018 * count,
            max(count, 24),
            Decimal(0),
        ).value.total

    assert owed(months + extra) >= owed(months)


@settings(deadline=None, max_examples=50)
@given(st.integers(min_value=1, max_value=40))
def test_property_refund_is_months_times_the_net_amount(months):
    """With a constant net (from 2018), refund = months × 1 085,63 €."""
    breach_on = date(2021, 10, 1).replace(
        year=2021 + (9 + months) // 12, month=(9 + months) % 12 + 1
    )
    result = broken(breach_on.isoformat(), signature_date="2021-09-01")
    assert result["refund"] == str(NET_2018 * months)
