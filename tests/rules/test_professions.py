"""Professions and choices: PADHUE (Q6), pharmacy and midwifery (Q7), dentists (Q11), Q12, C1."""

from __future__ import annotations

from decimal import Decimal

from cesp.rules import evaluate
from tests.rules.builders import ev, situation

NET = Decimal("1085.63")


def entries(data):
    """Each figure's step summed up with its sub-steps (sources, choices)."""
    return {figure: step.summary() for figure, step in evaluate(data).tree.index().items()}


def test_padhue_effect_is_1_november_and_stop_is_the_pathway_end():
    """Q6: effect 1 November (choice), stop at `pathway_end`, 20 000 € after it."""
    data = situation(
        ev("pathway_end", "2023-10-31"),
        ev("breach", "2024-02-01", cause="voluntary"),
        profession="padhue_medecine",
        category="padhue",
        campaign_year=2021,
        as_of="2024-06-01",
    )
    result = evaluate(data).to_dict()
    assert result["allocation"]["effective_date"] == "2021-11-01"
    assert result["allocation"]["months"] == 24  # Nov 2021 → Oct 2023
    assert result["breach"]["penalty"] == "20000.00"
    assert any("#q6" in c for c in entries(data)["allocation.effective_date"]["choices"])


def test_pharmacy_has_no_degressive_rate_and_says_why():
    """Q7: arrêté 2020 art. 2 names doctors and dentists only."""
    data = situation(
        ev("thesis", "2030-06-30"),
        ev("practice", "2030-07-01"),
        ev("breach", "2033-07-15", cause="voluntary"),
        profession="pharmacie",
        campaign_year=2026,
        signature_date="2027-06-20",
        as_of="2036-01-01",
    )
    result = evaluate(data).to_dict()
    assert result["allocation"]["months"] == 45  # Oct 2026 → Jun 2030
    assert result["engagement"]["months_served"] == 37  # Jul 2030 → Jul 2033
    assert result["breach"]["rate"] == "1"
    assert any("#q7" in c for c in entries(data)["breach.rate"]["choices"])


def test_post2020_dentist_penalty_splits_at_the_dental_thesis():
    """Q11: for dentists, « avant le DES » is read as before the DE (thesis)."""
    before = situation(
        ev("breach", "2025-03-03", cause="voluntary"),
        profession="odontologie",
        as_of="2026-01-01",
    )
    result = evaluate(before).to_dict()["breach"]
    assert result["before_diploma"] is True
    assert result["penalty"] == str(Decimal(200) * 42) + ".00"  # Oct 2021 → Mar 2025
    assert any("#q11" in c for c in entries(before)["breach.penalty"]["choices"])


def test_post2020_dentist_degressive_rate_uses_the_2013_formula_by_hypothesis():
    """Q1 + T17 numbers: d = 60, f = 48 → 54,4632 %."""
    data = situation(
        ev("thesis", "2026-09-20"),
        ev("practice", "2026-10-01"),
        ev("breach", "2030-10-01", cause="voluntary"),
        profession="odontologie",
        as_of="2031-01-01",
    )
    result = evaluate(data).to_dict()
    assert result["engagement"]["months_due"] == 60
    assert result["engagement"]["months_served"] == 48
    assert result["breach"]["rate"] == "0.5446320169"
    refund = NET * 60
    expected = ((refund + 20000) * Decimal("0.5446320169")).quantize(Decimal("0.01"))
    assert result["breach"]["total"] == str(expected)
    assert any("#q1" in c for c in entries(data)["breach.rate"]["choices"])


def test_pre2020_breach_after_2020_keeps_v3_and_says_so():
    """Q12: the 2011 arrêté was abrogated on 2020-05-29; V3 keeps applying."""
    data = situation(
        ev("des", "2019-10-31"),
        ev("thesis", "2019-11-15"),
        ev("breach", "2021-03-01", cause="voluntary"),
        category="third_cycle",
        campaign_year=2016,
        signature_date="2017-06-20",
        as_of="2021-06-01",
    )
    result = evaluate(data).to_dict()
    assert result["regime"] == "pre2020"
    assert result["breach"]["arrete_version"] == "V3"
    assert result["breach"]["penalty"] == "20000.00"
    assert any("#q12" in c for c in entries(data)["breach.penalty"]["choices"])


def test_v1_before_the_des_is_the_flat_fraction_of_study_costs():
    """C1: V1 (1 July 2011 – 27 March 2012) had no per-month penalty."""
    data = situation(
        ev("breach", "2011-10-03", cause="voluntary"),
        campaign_year=2010,
        signature_date="2011-01-15",
        as_of="2012-01-01",
    )
    result = evaluate(data).to_dict()["breach"]
    assert result["arrete_version"] == "V1"
    assert result["penalty"] == "20000.00"
    assert result["refund"] == str(Decimal("1106.88") * 13)  # Oct 2010 → Oct 2011 (3 Oct)


def test_contract_signed_before_december_2013_flags_the_q14_choice():
    data = situation(
        ev("des", "2014-10-31"),
        ev("thesis", "2014-06-15"),
        campaign_year=2011,
        signature_date="2012-06-20",
        as_of="2015-01-01",
    )
    evaluation = evaluate(data)
    assert evaluation.allocation.value.end_date.isoformat() == "2014-10-31"
    assert any("#q14" in c for c in entries(data)["allocation.diploma_date"]["choices"])


def test_incapacity_owes_nothing_and_radiation_is_broken():
    base = {"signature_date": "2022-02-01", "as_of": "2023-01-01"}
    incapacity = evaluate(situation(ev("breach", "2022-05-02", cause="incapacity"), **base))
    assert incapacity.status.value == "ended_without_repayment"
    assert incapacity.breach.value.total == 0
    radiation = evaluate(situation(ev("breach", "2022-05-02", cause="radiation"), **base))
    assert radiation.status.value == "broken"
    assert radiation.breach.value.total > 0
