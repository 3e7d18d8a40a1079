"""Deferral of installation: capped at 12 months, the allocation continues (T36, T37)."""

from __future__ import annotations

from datetime import date

import pytest

from cesp.rules import SituationError, evaluate
from cesp.rules.deferral import cap_deferral
from tests.rules.builders import ev, situation


def test_t36_eighteen_months_are_capped_at_twelve():
    """T36 — FAQ ARS Occitanie; décret 2026-4: « ne pouvant dépasser un an »."""
    figure = cap_deferral(date(2026, 10, 1), date(2028, 3, 31))
    assert figure.value == date(2027, 9, 30)
    assert "plafonné" in figure.step.branch


def test_t37_sixty_months_and_a_twelve_month_deferral_owe_seventy_two():
    """T37 — R632-74; seeds 003/004: the allocation continues during the deferral."""
    data = situation(
        ev("des", "2026-09-15"),
        ev("thesis", "2026-09-20"),
        ev("deferral", "2026-10-01", to="2027-09-30"),
        as_of="2027-10-15",
    )
    result = evaluate(data).to_dict()
    assert result["allocation"]["months"] == 72
    assert result["engagement"]["months_due"] == 72
    assert result["allocation"]["end_date"] == "2027-09-30"
    assert evaluate(data, as_of=date(2027, 3, 1)).status.value == "deferred"


def test_capped_deferral_pays_only_twelve_months():
    data = situation(
        ev("des", "2026-09-15"),
        ev("thesis", "2026-09-20"),
        ev("deferral", "2026-10-01", to="2028-03-31"),
        as_of="2028-06-01",
    )
    assert evaluate(data).allocation.value.count == 72


def test_deferral_during_a_third_cycle_suspension_is_not_paid():
    """FAQ du ministère: « le versement de l'allocation reste suspendu pendant ce report »."""
    data = situation(
        ev("internship_start", "2023-11-02"),
        ev("third_cycle_suspension_request", "2023-11-20"),
        ev("des", "2026-09-15"),
        ev("thesis", "2026-09-20"),
        ev("deferral", "2026-10-01", to="2027-09-30"),
        as_of="2027-10-15",
    )
    assert evaluate(data).allocation.value.count == 27  # Oct 2021 → Dec 2023


def test_deferral_before_the_diploma_is_refused():
    data = situation(ev("deferral", "2024-10-01", to="2025-09-30"), as_of="2026-01-01")
    with pytest.raises(SituationError) as caught:
        evaluate(data)
    assert caught.value.field == "events[0].from"
    assert "R632-74" in caught.value.rule
