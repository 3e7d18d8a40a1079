"""Invariants over generated valid contracts (hypothesis): what must hold whatever the facts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cesp.rules import SituationError, evaluate


@st.composite
def contracts(draw):
    """A plausible contract: campaign, studies, maybe a suspension, diplomas, practice, breach."""
    profession = draw(st.sampled_from(["medecine", "medecine", "odontologie"]))
    category = draw(st.sampled_from(["second_cycle", "third_cycle"]))
    campaign = draw(st.integers(2010, 2024))
    signature = date(campaign + 1, 5, 1) + timedelta(days=draw(st.integers(0, 80)))
    events = []
    if draw(st.booleans()):
        start = date(campaign + 1, draw(st.integers(7, 12)), 1)
        events.append(
            {
                "type": "suspension",
                "from": start.isoformat(),
                "to": (start + timedelta(days=draw(st.integers(31, 200)))).isoformat(),
            }
        )
    years = draw(st.integers(2, 8))
    diploma = date(campaign + years + 1, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    if profession == "medecine":
        events.append({"type": "des", "date": (diploma - timedelta(days=20)).isoformat()})
    events.append({"type": "thesis", "date": diploma.isoformat()})
    practice = date(diploma.year + 1, 1, 1)
    if draw(st.booleans()):
        share = draw(st.sampled_from(["1", "0.75", "0.5", "0.4"]))
        events.append({"type": "practice", "from": practice.isoformat(), "zone_share": share})
    if draw(st.booleans()):
        when = signature + timedelta(days=draw(st.integers(1, 365 * 14)))
        cause = draw(
            st.sampled_from(
                ["voluntary", "voluntary", "death", "radiation", "zoning_change_protected"]
            )
        )
        # Nothing can happen after the breach: keep the facts before it.
        events = [e for e in events if (e.get("date") or e["from"]) <= when.isoformat()]
        events.append({"type": "breach", "date": when.isoformat(), "cause": cause})
    return {
        "profession": profession,
        "category": category,
        "campaign_year": campaign,
        "signature_date": signature.isoformat(),
        "events": events,
    }


SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def evaluated(data, as_of):
    try:
        return evaluate(data, as_of=as_of, explain=False).to_dict(explain=False)
    except SituationError:
        assume(False)  # an implausible draw (e.g. a breach before the diploma, then practice)


@SETTINGS
@given(contracts(), st.dates(date(2011, 1, 1), date(2040, 1, 1)))
def test_figures_are_consistent(data, as_of):
    result = evaluated(data, as_of)
    engagement = result["engagement"]
    assert engagement["months_due"] >= max(24, result["allocation"]["months"])
    assert 0 <= engagement["months_served"] <= engagement["months_due"]
    assert Decimal(str(engagement["months_remaining"])) == engagement["months_due"] - Decimal(
        str(engagement["months_served"])
    )
    allocation = result["allocation"]
    assert Decimal(allocation["gross_total"]) == 1200 * allocation["months"]
    assert Decimal(allocation["net_total"]) <= Decimal(allocation["gross_total"])
    breach = result["breach"]
    if breach:
        rate = Decimal(breach["rate"])
        assert 0 <= rate <= 1
        assert Decimal(breach["total"]) <= Decimal(breach["refund"]) + Decimal(breach["penalty"])


@SETTINGS
@given(contracts(), st.dates(date(2011, 1, 1), date(2040, 1, 1)), st.integers(1, 2000))
def test_months_never_decrease_with_time(data, as_of, later):
    """Facts accumulate: later dates never lower the months paid, due or served."""
    before = evaluated(data, as_of)
    after = evaluated(data, as_of + timedelta(days=later))
    assert after["allocation"]["months"] >= before["allocation"]["months"]
    assert after["engagement"]["months_due"] >= before["engagement"]["months_due"]
    assert after["engagement"]["months_served"] >= before["engagement"]["months_served"]


def _same(shown, figure) -> bool:
    """An explanation value equals its figure (numbers compared as numbers)."""
    if shown is None or figure is None or isinstance(shown, bool):
        return shown == figure
    try:
        return Decimal(str(shown)) == Decimal(str(figure))
    except ArithmeticError:
        return str(shown) == str(figure)


@SETTINGS
@given(contracts(), st.dates(date(2011, 1, 1), date(2040, 1, 1)))
def test_every_explanation_value_equals_its_figure(data, as_of):
    """Issue 12 §1: each figure's explanation says the figure (a waived penalty says 0)."""
    try:
        evaluation = evaluate(data, as_of=as_of)
    except SituationError:
        assume(False)
    result = evaluation.summary_dict()
    found = evaluation.tree.index()
    pairs = {"regime": result["regime"], "status": result["status"]}
    for group in ("allocation", "engagement", "breach"):
        for key, value in (result[group] or {}).items():
            pairs[f"{group}.{key}"] = value
    checked = 0
    for figure, value in pairs.items():
        if figure in found:
            step_value = found[figure].value
            if hasattr(step_value, "isoformat"):
                step_value = step_value.isoformat()
            assert _same(step_value, value), (figure, step_value, value)
            checked += 1
    assert checked >= 6
    for entry in evaluation.to_dict()["explanation"]:
        if entry["figure"] in pairs:
            assert _same(entry["value"], pairs[entry["figure"]]), entry["figure"]


def test_a_protected_zoning_change_explains_a_zero_penalty():
    """The waived penalty's explanation says 0,00 €, like the figure; 20 000 € is shown as
    the amount waived."""
    data = {
        "profession": "medecine",
        "category": "second_cycle",
        "campaign_year": 2016,
        "signature_date": "2017-06-20",
        "events": [
            {"type": "des", "date": "2021-10-15"},
            {"type": "thesis", "date": "2021-12-10"},
            {"type": "practice", "from": "2022-01-01"},
            {"type": "breach", "date": "2024-05-01", "cause": "zoning_change_protected"},
        ],
    }
    evaluation = evaluate(data, as_of=date(2024, 6, 1))
    assert evaluation.breach.value.penalty == 0
    found = evaluation.tree.index()
    assert found["breach.penalty"].value == Decimal("0.00")
    assert found["breach.penalty_waived"].value == Decimal("20000")
    entry = next(e for e in evaluation.explanation() if e["figure"] == "breach.penalty")
    assert Decimal(entry["value"]) == 0
