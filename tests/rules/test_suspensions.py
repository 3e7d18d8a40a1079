"""Suspensions (arrêté du 27 juillet 2010, art. 3): studies, third cycle, practice (T28–T32)."""

from __future__ import annotations

from datetime import date

import pytest

from cesp.rules import SituationError, evaluate
from cesp.rules.suspensions import practice_suspension_decision, third_cycle_decision
from tests.rules.builders import ev, situation


def test_t28_request_within_30_days_takes_effect_on_1_january():
    """T28 — art. 3, 2° c: intern 2019-11-02, request 2019-11-20 → accepted, effect 2020-01-01."""
    figure = third_cycle_decision(date(2019, 11, 2), date(2019, 11, 20))
    assert figure.value == date(2020, 1, 1)
    assert any("2° c" in source for source in figure.step.sources)


def test_day_30_is_included_and_day_31_is_not():
    """interfaces.md §1: « within 30 days of internship_start (day 30 included) »."""
    assert third_cycle_decision(date(2019, 11, 2), date(2019, 12, 2)).value == date(2020, 1, 1)
    assert third_cycle_decision(date(2019, 11, 2), date(2019, 12, 3)).value is None


def test_t29_request_after_33_days_is_refused_with_the_article():
    """T29: intern 2019-11-02, request 2019-12-05 (33 days) → refused."""
    assert third_cycle_decision(date(2019, 11, 2), date(2019, 12, 5)).value is None
    data = situation(
        ev("internship_start", "2019-11-02"),
        ev("third_cycle_suspension_request", "2019-12-05"),
        campaign_year=2016,
        signature_date="2017-06-20",
        as_of="2021-01-01",
    )
    evaluation = evaluate(data)
    assert evaluation.allocation.value.third_cycle_effect is None
    assert evaluation.status.value == "in_studies"
    step = evaluation.tree.find("suspension.third_cycle_effective_date")
    assert "refusée" in step.branch and "33 jours" in step.branch
    assert any("2° c" in source for source in step.sources)


def test_a_request_on_day_31_is_refused_and_the_allocation_continues():
    """Issue 12 §1: a refused request is a fact with an outcome, not invalid input."""
    base = dict(campaign_year=2016, signature_date="2017-06-20", as_of="2021-01-01")
    late = evaluate(
        situation(
            ev("internship_start", "2019-11-02"),
            ev("third_cycle_suspension_request", "2019-12-03"),
            **base,
        )
    )
    without = evaluate(situation(ev("internship_start", "2019-11-02"), **base))
    assert late.allocation.value.months == without.allocation.value.months
    assert late.to_dict()["allocation"] == without.to_dict()["allocation"]
    text = late.to_text()
    summary = text.partition("Le détail du calcul")[0]
    assert "Demande de suspension du troisième cycle du 03/12/2019 refusée" in summary
    assert "2° c" in summary and "l'allocation continue" in summary
    in_time = evaluate(
        situation(
            ev("internship_start", "2019-11-02"),
            ev("third_cycle_suspension_request", "2019-12-02"),
            **base,
        )
    )
    assert in_time.allocation.value.count < without.allocation.value.count


def test_third_cycle_signatory_request_is_refused_not_invalid():
    """FAQ: the suspension is for a student « ayant signé pendant le deuxième cycle »."""
    data = situation(
        ev("internship_start", "2021-11-02"),
        ev("third_cycle_suspension_request", "2021-11-10"),
        category="third_cycle",
        as_of="2023-01-01",
        signature_date="2021-11-05",
    )
    evaluation = evaluate(data)
    assert evaluation.allocation.value.third_cycle_effect is None
    step = evaluation.tree.find("suspension.third_cycle_effective_date")
    assert "avant l'internat" in step.rule and "refusée" in step.branch


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2030, 1, 1), date(2030, 12, 31), 12),  # T31: 1–12 OK
        (date(2030, 1, 1), date(2030, 1, 31), 1),
        (date(2030, 1, 1), date(2031, 1, 31), -1),  # T31: 13 months refused
        (date(2030, 1, 1), date(2030, 1, 15), -1),  # T32: half a month refused
    ],
)
def test_t31_t32_practice_suspension_bounds(start, end, months):
    assert practice_suspension_decision(start, end).value == months


def practising(*extra, **kw):
    return situation(
        ev("des", "2026-09-15"),
        ev("thesis", "2026-09-20"),
        ev("practice", "2026-10-01", zone_share=1),
        *extra,
        **kw,
    )


def test_practice_suspension_of_13_months_names_the_event():
    data = practising(ev("practice_suspension", "2027-01-01", to="2028-01-31"), as_of="2028-06-01")
    with pytest.raises(SituationError) as caught:
        evaluate(data)
    assert caught.value.field == "events[3].to"
    assert "13 mois" in caught.value.message


def test_practice_suspension_stops_the_engagement_clock():
    """R18: 60 due, suspended 12 months: the served months do not grow meanwhile."""
    data = practising(ev("practice_suspension", "2027-01-01", to="2027-12-31"), as_of="2028-01-15")
    result = evaluate(data)
    # Oct 2026 → Jan 2028 = 16 months practised, 12 suspended → 4 served.
    assert result.engagement.value.months_served == 4
    assert result.status.value == "practising"
    during = evaluate(data, as_of=date(2027, 6, 1))
    assert during.status.value == "practice_suspended"


def test_studies_suspension_removes_whole_calendar_months():
    """R16: from the month of `from` through the month of `to`; neither paid nor owed."""
    data = situation(
        ev("suspension", "2022-03-15", to="2022-05-10", reason="maladie"), as_of="2022-12-15"
    )
    result = evaluate(data)
    assert result.allocation.value.count == 15 - 3  # Oct 2021 → Dec 2022, minus Mar–May
    signed_early = {**data, "signature_date": "2022-02-10"}
    assert evaluate(signed_early, as_of=date(2022, 4, 1)).status.value == "suspended"


def test_studies_suspension_shorter_than_a_month_is_refused():
    data = situation(
        ev("suspension", "2022-03-10", to="2022-03-25", reason="maladie"), as_of="2022-12-15"
    )
    with pytest.raises(SituationError) as caught:
        evaluate(data)
    assert caught.value.field == "events[0].to"
    assert "art. 3" in caught.value.rule
