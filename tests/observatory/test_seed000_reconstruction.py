"""Seed 000 (Occitanie 2010–2023, CNGE 2025): a cohort built from the counts the study
publishes gives back every figure it reports that counts determine.

The study's own figures are not all consistent: "121 installed in Occitanie" is not
6/7 completed + 75,3 % of 150 installed (= 119); we place 6 + 115 = 121 in the region
(docs/observatory.md). Percentages are compared at the precision printed (0,1 point).
"""

from dataclasses import replace
from datetime import date

import pytest

from cesp.observatory.analysis import analyse
from cesp.observatory.cohort import CohortRow

RURAL, SMALL_TOWN, URBAN, OUTSIDE = "09001", "48095", "31555", "75056"


def _spread(total: int, count: int) -> list[int]:
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def _cohort() -> list[CohortRow]:
    rows: list[CohortRow] = []

    def add(**fields) -> None:
        rows.append(CohortRow(line=len(rows) + 2, profile_id=f"P{len(rows):04d}", **fields))

    signed = {"profession": "medecine", "status": "signed", "deceased": False}
    for _ in range(120):
        add(profession="odontologie", status="signed", deceased=False)
    for _ in range(32):
        add(profession="medecine", status="withdrawn_before_signature")
    add(profession="medecine", status="signed", deceased=True)
    add(without_data=True)
    # completed: 6 general practice + 1 emergency medicine, 3 years, 6 of 7 in Occitanie.
    communes = [RURAL] * 85 + [SMALL_TOWN] * 12 + [URBAN] * 24  # the 121 in the region
    for i in range(7):
        add(
            **signed,
            phase="completed",
            specialty="medecine_generale" if i < 6 else "medecine_urgence",
            allocation_months=36,
            engagement_months=36,
            planned_region="76",
            installation_commune=communes.pop() if i < 6 else OUTSIDE,
        )
    others = (
        ["anesthesie_reanimation"] * 2
        + ["pediatrie"] * 2
        + ["geriatrie"] * 2
        + ["ophtalmologie"] * 2
        + ["psychiatrie", "medecine_urgence"]
    )
    specialties = ["medecine_generale"] * 140 + others
    for i, months in enumerate(_spread(10_143 - 7 * 36, 150)):
        add(
            **signed,
            phase="installed",
            specialty=specialties[i],
            allocation_months=months,
            engagement_months=61,
            planned_region="76",
            installation_commune=communes.pop() if i < 115 else OUTSIDE,
        )
    assert not communes
    # in studies: 41 planned regions unknown, 116 of the 183 known in Occitanie.
    planned = [None] * 41 + ["76"] * 116 + ["11"] * 67
    for months, region in zip(_spread(15_000, 224), planned, strict=True):
        add(
            **signed,
            phase="studies",
            specialty="medecine_generale",
            allocation_months=months,
            engagement_months=61,
            planned_region=region,
        )
    # broken: 21 general practice, 3 ophthalmology, 1 psychiatry; 9 of 25 planned Occitanie.
    broken = ["medecine_generale"] * 21 + ["ophtalmologie"] * 3 + ["psychiatrie"]
    for i, months in enumerate(_spread(27_468 - 10_143 - 15_000, 25)):
        add(
            **signed,
            phase="broken",
            specialty=broken[i],
            allocation_months=months,
            engagement_months=70,
            planned_region="76" if i < 9 else "11",
        )
    # 10,8 % bridge entries (44 of 406), 47,7 % of them from health/social (21 of 44).
    studied = [i for i, r in enumerate(rows) if r.phase]
    for n, index in enumerate(studied):
        row = rows[index]
        bridge = n < 44
        origin = ("health_social" if n < 21 else "other") if bridge else None
        rows[index] = replace(row, bridge_entry=bridge, bridge_origin=origin)
    return rows


@pytest.fixture(scope="module")
def report() -> dict:
    return analyse(_cohort(), region="76", as_of=date(2023, 9, 30))


def test_flow_560_to_406(report):
    assert report["flow"] == {
        "profiles": 560,
        "not_included": {"profession": {"odontologie": 120}, "withdrawn_before_signature": 32},
        "excluded": {"deceased": 1, "without_data": 1},
        "studied": 406,
        "profession_studied": "medecine",
    }


def test_population_and_phases(report):
    population = report["population"]
    assert population["bridge_entry_share"] == pytest.approx(0.108, abs=0.0005)
    assert population["bridge_health_social_share"] == pytest.approx(0.477, abs=0.0005)
    phases = report["phases"]
    assert {p: b["n"] for p, b in phases.items()} == {
        "completed": 7,
        "installed": 150,
        "studies": 224,
        "broken": 25,
    }
    assert phases["completed"]["specialties"] == {"medecine_generale": 6, "medecine_urgence": 1}
    assert phases["installed"]["specialties"]["medecine_generale"] == 140
    assert phases["broken"]["specialties"] == {
        "medecine_generale": 21,
        "ophtalmologie": 3,
        "psychiatrie": 1,
    }
    assert phases["completed"]["engagement_months"]["mean"] / 12 == pytest.approx(3, abs=0.05)
    assert phases["installed"]["engagement_months"]["mean"] / 12 == pytest.approx(5.1, abs=0.05)
    assert phases["broken"]["engagement_months"]["mean"] / 12 == pytest.approx(5.8, abs=0.05)
    assert phases["studies"]["planned_in_region_share"] == pytest.approx(0.633, abs=0.001)
    assert phases["studies"]["planned_region_missing"] == 41
    assert phases["broken"]["planned_in_region_share"] == 0.36


def test_installations_density_and_costs(report):
    installations = report["installations"]
    assert installations["n"] == 157
    assert installations["in_region"] == 121
    assert installations["in_region_by_phase"]["completed"]["in_region"] == 6
    density = installations["density"]
    assert density["rural"] == pytest.approx(0.703, abs=0.001)
    assert density["small_town"] == pytest.approx(0.099, abs=0.001)
    assert density["urban"] == pytest.approx(0.198, abs=0.001)
    cost = report["cost"]
    assert cost["months_financed_installed"] == 10_143
    assert cost["cost_installed"] == "12171600.00"
    assert cost["cost_per_installation"] == "77526.11"
    assert cost["cost_all"] == "32961600.00"
