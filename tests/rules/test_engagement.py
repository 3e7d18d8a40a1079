"""Engagement: due = max(allocation, 24); part-time prorata with the half-time floor (T1–T7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules import SituationError, evaluate
from cesp.rules.engagement import calendar_months_to_serve, month_credit, months_due
from tests.rules.builders import ev, situation

SIGNED = date(2022, 6, 20)


@pytest.mark.parametrize(
    ("allocation", "due"),
    [
        (12, 24),  # T1 — seed 003
        (60, 60),  # T2 — seed 004: 5 years → 5 years
        (23, 24),  # T3 — L632-6: at least two years
        (25, 25),  # T4
        (96, 96),  # R19
    ],
)
def test_t1_t4_engagement_is_the_allocation_with_a_two_year_floor(allocation, due):
    figure = months_due(allocation, SIGNED)
    assert figure.value == due
    assert any("L632-6" in s for s in figure.step.sources)


@settings(deadline=None, max_examples=50)
@given(st.integers(min_value=0, max_value=400))
def test_property_engagement_is_at_least_24_and_at_least_the_allocation(allocation):
    due = months_due(allocation, SIGNED).value
    assert due >= 24 and due >= allocation


@pytest.mark.parametrize(
    ("share", "calendar"),
    [
        ("0.5", 24),  # T5 — 50 % ZIP/ZAC + 50 % ZAR: 12 months → 24
        ("0.75", 16),  # T6 — 12 / 0.75
        ("1", 12),
    ],
)
def test_t5_t6_part_time_extends_the_calendar(share, calendar):
    assert calendar_months_to_serve(12, Decimal(share), SIGNED).value == calendar


def test_t7_below_half_time_nothing_is_credited():
    """T7 — R631-24-6: « qui ne peut être inférieure au mi-temps »."""
    assert month_credit(Decimal("0.4"), SIGNED).value == 0
    assert calendar_months_to_serve(12, Decimal("0.4"), SIGNED).value == -1


def test_pre2020_prorata_is_flagged_as_a_documented_choice():
    """Q4: no PRE2020 text on prorating; the FAQs' practice is applied and said so."""
    figure = month_credit(Decimal("0.5"), date(2015, 6, 1))
    assert figure.value == Decimal("0.5")
    assert "#q4" in figure.step.choice


def doctor(*practice, **kw):
    return situation(ev("des", "2026-09-15"), ev("thesis", "2026-09-20"), *practice, **kw)


def test_practice_months_credit_the_zone_share():
    data = doctor(ev("practice", "2026-10-01", zone_share=0.5), as_of="2028-09-15")
    result = evaluate(data).to_dict()
    # 24 calendar months (Oct 2026 → Sep 2028) at half time = 12 months served.
    assert result["engagement"]["months_served"] == 12
    assert result["engagement"]["months_remaining"] == 60 - 12
    assert result["status"] == "practising"


def test_practice_starting_mid_month_counts_from_the_next_month():
    data = doctor(ev("practice", "2026-10-15"), as_of="2026-12-15")
    assert evaluate(data).engagement.value.months_served == 2  # Nov, Dec


def test_engagement_completed():
    data = doctor(ev("practice", "2026-10-01"), as_of="2031-12-01")
    result = evaluate(data)
    assert result.engagement.value.months_served == 60
    assert result.engagement.value.months_remaining == 0
    assert result.status.value == "completed"


def test_practice_before_the_diploma_is_refused():
    data = situation(ev("practice", "2024-01-01"), as_of="2025-01-01")
    with pytest.raises(SituationError) as caught:
        evaluate(data)
    assert caught.value.field == "events[0].from"


def test_simultaneous_practices_add_their_shares_up_to_a_full_time():
    data = doctor(
        ev("practice", "2026-10-01", zone_share=0.5),
        ev("practice", "2026-10-01", zone_share=0.5),
        as_of="2027-09-15",
    )
    assert evaluate(data).engagement.value.months_served == 12
    too_much = doctor(
        ev("practice", "2026-10-01", zone_share=0.75),
        ev("practice", "2027-01-01", zone_share=0.5),
        as_of="2027-09-15",
    )
    with pytest.raises(SituationError) as caught:
        evaluate(too_much)
    assert caught.value.field == "events[3].zone_share"


def test_breach_after_the_engagement_was_completed_is_void():
    """C8: once the engagement is completed the contract has ended; a later breach is void."""
    data = doctor(
        ev("practice", "2026-10-01"),
        ev("breach", "2032-01-04", cause="voluntary"),
        as_of="2032-06-01",
    )
    evaluation = evaluate(data)
    result = evaluation.to_dict()
    assert result["status"] == "completed"
    assert result["breach"] is None
    assert evaluation.tree.find("breach.void").value == date(2032, 1, 4)
