"""Oracles T25 and T33 through the Python API (modules of the secondary rules)."""

from __future__ import annotations

from datetime import date

from cesp.rules import evaluate
from cesp.rules.offers import signed_contract_due
from cesp.rules.zoning_protection import Declaration, zoning_change_protection
from tests.rules.builders import ev, situation


def test_t33_signed_contract_due_30_days_after_the_offer():
    """T33 — décret 2010-735 art. 4; R631-24-5: offer received D → signed contract by D + 30."""
    assert signed_contract_due(date(2025, 6, 10)).value == date(2025, 7, 10)


def test_t25_stable_project_may_still_install_in_the_former_zone():
    """T25 — seeds 003/004: project stable ≥ 3 years → installation allowed, no breach.

    The protection is decided by zoning_protection; the engagement then counts the
    practice there like any other (no breach is recorded).
    """
    project = [Declaration(date(2021, 9, 1), frozenset({"34172"}))]
    assert zoning_change_protection(project, "34172", date(2025, 5, 16)).value is True
    data = situation(
        ev("des", "2026-09-15"),
        ev("thesis", "2026-09-20"),
        ev("practice", "2026-10-01", commune="34172", zone="ZAR"),
        as_of="2027-10-15",
    )
    result = evaluate(data).to_dict()
    assert result["breach"] is None
    assert result["status"] == "practising"
    assert result["engagement"]["months_served"] == 13
