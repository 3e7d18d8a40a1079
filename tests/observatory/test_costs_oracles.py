"""Seed-000 cost oracles (cesp-rules.md T44, T45), through the analysis."""

from datetime import date

from cesp.observatory.analysis import cost
from cesp.observatory.cohort import CohortRow


def _rows(phase: str, count: int, total_months: int, start: int) -> list[CohortRow]:
    """``count`` rows whose allocation months add up to ``total_months``."""
    base, extra = divmod(total_months, count)
    return [
        CohortRow(
            line=start + i,
            profile_id=f"{phase}-{i}",
            profession="medecine",
            status="signed",
            signature_date=date(2015, 1, 1),
            phase=phase,
            allocation_months=base + (1 if i < extra else 0),
        )
        for i in range(count)
    ]


def test_t44_t45_occitanie_costs():
    # T44: 7 completed + 150 installed = 157 installations, 10 143 months financed:
    # 10 143 × 1 200 = 12 171 600 €; ÷ 157 = 77 526,11 € ("77 526 €" in seed 000).
    # T45: the 406 contracts, 27 468 months → 32 961 600 €.
    rows = (
        _rows("completed", 7, 7 * 36, 0)
        + _rows("installed", 150, 10_143 - 7 * 36, 10)
        + _rows("studies", 224, 15_000, 200)
        + _rows("broken", 25, 27_468 - 10_143 - 15_000, 500)
    )
    assert len(rows) == 406
    figures = cost(rows, date(2023, 9, 30))
    assert figures["months_financed_installed"] == 10_143
    assert figures["cost_installed"] == "12171600.00"
    assert figures["cost_per_installation"] == "77526.11"
    assert figures["installed_n"] == 157
    assert figures["months_financed_all"] == 27_468
    assert figures["cost_all"] == "32961600.00"
    assert figures["cost_committed_studies"] == "18000000.00"
