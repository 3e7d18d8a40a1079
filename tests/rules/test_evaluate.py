"""evaluate(): the result of interfaces.md §1, its explanation, the fast path, what-if."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules import ENGINE_VERSION, evaluate
from cesp.rules.params import parameters_digest
from cesp.rules.status import STATUSES
from tests.rules.builders import ev, situation

FULL = situation(
    ev("suspension", "2023-03-01", to="2023-06-30", reason="maternite"),
    ev("internship_start", "2024-11-02"),
    ev("des", "2027-10-15"),
    ev("thesis", "2027-12-10"),
    ev("deferral", "2028-01-01", to="2028-12-31"),
    ev("practice", "2029-01-01", to=None, zone_share=1.0),
    ev("practice_suspension", "2030-01-01", to="2030-06-30"),
    ev("breach", "2031-05-01", cause="voluntary"),
    as_of="2031-11-24",
)


def test_result_has_the_fields_of_interfaces_md():
    result = evaluate(FULL).to_dict()
    assert result["regime"] == "post2020"
    assert result["status"] in STATUSES and result["status"] == "broken"
    allocation = result["allocation"]
    assert set(allocation) >= {"effective_date", "end_date", "months", "gross_total", "net_total"}
    # Oct 2021 → Dec 2027 (75) − 4 suspended + 12 deferral = 83.
    assert allocation["months"] == 83
    assert allocation["gross_total"] == "99600.00"
    assert result["engagement"] == {"months_due": 83, "months_served": 22, "months_remaining": 61}
    assert set(result["breach"]) >= {"refund", "penalty", "rate", "total"}
    assert result["engine_version"] == ENGINE_VERSION
    assert result["parameters_digest"] == parameters_digest()
    json.dumps(result)  # JSON-safe throughout


def test_explanation_entries_cite_sources():
    entries = {entry["figure"]: entry for entry in evaluate(FULL).to_dict()["explanation"]}
    due = entries["engagement.months_due"]
    assert due["value"] == 83
    assert any("L632-6" in source for source in due["sources"])
    assert due["rule"]
    assert any("arrêté du 26 mai 2020" in s.lower() for s in entries["breach.penalty"]["sources"])
    assert "explanation_tree" not in evaluate(FULL).to_dict()  # each step written once


def test_text_is_french_and_explains():
    text = evaluate(FULL).to_text()
    assert "Statut : rompu" in text
    assert text.index("En bref") < text.index("Le détail du calcul")
    assert "Code de l'éducation, art. L632-6" in text


def test_choices_are_announced_in_the_explanation():
    pre2020 = situation(signature_date="2020-02-01", campaign_year=2019, as_of="2021-01-01")
    entries = {e["figure"]: e for e in evaluate(pre2020).to_dict()["explanation"]}
    assert "#q13" in entries["regime"]["choice"]


def test_what_if_overrides_are_flagged_simulated():
    data = {**FULL, "overrides": {"allocation.gross_monthly_amount": "1500"}}
    result = evaluate(data).to_dict()
    assert result["simulated"] is True
    assert result["allocation"]["gross_total"] == str(1500 * 83) + ".00"
    assert "SIMULÉ" in evaluate(data).to_text()


def test_as_of_argument_wins_over_the_situation():
    early = evaluate(FULL, as_of=date(2022, 6, 20)).to_dict()
    assert early["as_of"] == "2022-06-20"
    assert early["allocation"]["months"] == 9  # retroactive from 2021-10-01
    assert early["status"] == "in_studies"
    assert early["breach"] is None


dates = st.dates(min_value=date(2022, 6, 20), max_value=date(2033, 12, 31))


@settings(max_examples=60, deadline=None)
@given(dates)
def test_property_fast_path_gives_the_same_figures(as_of):
    """explain=False must not change any figure (it only skips the explanation)."""
    slow = evaluate(FULL, as_of=as_of).summary_dict()
    fast = evaluate(FULL, as_of=as_of, explain=False)
    assert fast.to_dict() == slow


@settings(max_examples=40, deadline=None)
@given(dates)
def test_property_lazy_explanation_agrees_with_the_figures(as_of):
    """The tree is built by a second, explaining pass: its figures are the summary's."""
    evaluation = evaluate(FULL, as_of=as_of)
    summary = evaluation.summary_dict()
    found = evaluation.tree.index()
    assert found["allocation.months"].value == summary["allocation"]["months"]
    assert found["engagement.months_due"].value == summary["engagement"]["months_due"]
    assert found["status"].value == summary["status"]
    assert str(evaluation.allocation.value.net_total) == summary["allocation"]["net_total"]
    if summary["breach"]:
        assert str(found["breach.total"].value) == summary["breach"]["total"]


def test_future_as_of_is_a_projection_flagged_simulated():
    """Issue 2: what-if by an as_of date is flagged as simulated in the explanation."""
    today = date(2026, 11, 24)
    future = evaluate(FULL, as_of=date(2029, 11, 24), today=today).to_dict()
    assert future["projected"] is True and future["simulated"] is True
    root = future["explanation"][0]
    assert root["figure"] == "evaluation" and "parent" not in root
    assert root["simulated"] is True
    assert "(projection : date future)" in root["branch"]
    past = evaluate(FULL, as_of=date(2022, 7, 15), today=today).to_dict()
    assert past["projected"] is False and past["simulated"] is False
    assert evaluate(FULL, as_of=today, today=today).projected is False  # today is no projection


def test_recorded_payments_count_the_months_received_for_the_penalty():
    """Arrêté 2020 art. 1 II 1°: 200 € per month of allocation received (payments recorded)."""
    payments = [{"month": f"2022-{m:02d}", "net": "1085.63"} for m in range(1, 13)]
    data = situation(
        ev("breach", "2024-10-01", cause="voluntary"),
        payments=payments,
        signature_date="2022-02-01",
        as_of="2025-01-01",
    )
    result = evaluate(data).to_dict()
    assert result["allocation"]["months"] == 36
    assert result["allocation"]["net_paid"] == "13027.56"
    assert result["breach"]["refund"] == "13027.56"
    assert result["breach"]["penalty"] == "2400.00"  # 12 months received × 200


def test_an_as_of_before_the_signature_is_refused_in_french():
    """Issue 12 §1: not evaluated as months already paid."""
    from cesp.rules import SituationError

    data = {
        "profession": "medecine",
        "category": "second_cycle",
        "campaign_year": 2021,
        "signature_date": "2022-06-20",
    }
    with pytest.raises(SituationError) as caught:
        evaluate(data, as_of=date(2022, 6, 19))
    assert caught.value.field == "as_of"
    assert "antérieure à la signature" in caught.value.message
    assert "20/06/2022" in caught.value.message
    assert evaluate(data, as_of=date(2022, 6, 20)).allocation.value.count == 9
