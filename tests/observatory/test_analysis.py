"""The analysis on a hand-made cohort whose figures are computed by hand below.

Fixture: tests/observatory/data/hand_cohort.csv (15 profiles). Definitions:
interfaces.md §2. Communes: 48095 Mende (density 3, small town), 09001 Aigues-Juntes
(7, rural), 09002 Aigues-Vives (6, rural), 31555 Toulouse (1, urban), 75056 Paris
(region 11, outside Occitanie).
"""

from datetime import date
from pathlib import Path

import pytest

from cesp.observatory.analysis import age_in_completed_years, analyse
from cesp.observatory.cohort import read_cohort

HAND = Path(__file__).parent / "data" / "hand_cohort.csv"


@pytest.fixture(scope="module")
def report() -> dict:
    cohort = read_cohort(HAND, strict=True)
    return analyse(cohort.rows, region="76", profession="medecine", as_of=date(2025, 1, 1))


def test_flow_counts(report):
    # 15 profiles: P12 odontologie (not included, profession), P13 withdrawn, P14
    # deceased, P15 without data (only profile_id) → 15 − 4 = 11 studied.
    assert report["flow"] == {
        "profiles": 15,
        "not_included": {"profession": {"odontologie": 1}, "withdrawn_before_signature": 1},
        "excluded": {"deceased": 1, "without_data": 1},
        "studied": 11,
        "profession_studied": "medecine",
    }


def test_age_at_signature_in_completed_years(report):
    # P01 24 (birthday 15 June not reached on 14 June), P02 28, P03 23, P04 25
    # (birthday 31 Dec reached on 31 Dec), P05 24, P07 22, P08 23, P09 23, P10 22,
    # P11 22; P06 has no birth date. Sum 236, mean 23.6; squared deviations
    # 0.16+19.36+0.36+1.96+0.16+2.56+0.36+0.36+2.56+2.56 = 30.4; SD = √(30.4/9).
    age = report["population"]["age_at_signature"]
    assert age["n"] == 10 and age["missing"] == 1
    assert age["mean"] == 23.6
    assert age["sd"] == pytest.approx((30.4 / 9) ** 0.5, abs=1e-4)
    assert age_in_completed_years(date(2000, 2, 29), date(2001, 2, 28)) == 0


def test_bridge_entries(report):
    # bridge_entry known for 10 (P08 empty): P02 and P04 → 2/10; origin: P02
    # health_social, P04 other → 1/2.
    population = report["population"]
    assert population["bridge_entry_share"] == 0.2
    assert population["bridge_entry"] == {"n": 10, "entries": 2}
    assert population["bridge_health_social_share"] == 0.5


def test_phases(report):
    phases = report["phases"]
    # completed P01 24, P02 36: mean 30, SD √((36+36)/1) = 8.4853.
    assert phases["completed"]["n"] == 2
    assert phases["completed"]["engagement_months"]["mean"] == 30
    assert phases["completed"]["engagement_months"]["sd"] == pytest.approx(72**0.5, abs=1e-4)
    # installed 48, 60, 72, 40: mean 55; (49+25+289+225)/3 = 196 → SD 14.
    assert phases["installed"]["engagement_months"] == {"n": 4, "mean": 55, "sd": 14, "missing": 0}
    assert phases["installed"]["specialties"] == {"medecine_generale": 3, "psychiatrie": 1}
    # planned region known for P03 (76), P05 (11), P06 (76) → 2/3.
    assert phases["installed"]["planned_in_region_share"] == 0.6667
    assert phases["installed"]["planned_region_known"] == 3
    # studies 50, 40, 30: mean 40, SD 10; planned 76, 11 (P09 unknown) → 1/2.
    assert phases["studies"]["engagement_months"]["mean"] == 40
    assert phases["studies"]["engagement_months"]["sd"] == 10
    assert phases["studies"]["planned_in_region_share"] == 0.5
    # broken 24, 30: mean 27, SD √18.
    assert phases["broken"]["engagement_months"]["sd"] == pytest.approx(18**0.5, abs=1e-4)
    assert phases["broken"]["specialties"] == {"medecine_generale": 1, "ophtalmologie": 1}


def test_phase_test_runs_kruskal_and_anova(report):
    test = report["phase_engagement_test"]
    assert test["test"] == "kruskal"
    assert test["groups"] == {"completed": 2, "installed": 4, "studies": 3, "broken": 2}
    assert 0 < test["p_value"] < 1
    assert 0 < test["anova"]["p_value"] < 1


def test_delays_whole_months(report):
    # thesis → installation: P01 2021-01-10→2021-03-10 = 2; P02 2019-05-20→2020-05-19
    # = 11 (the 19th is before the 20th); P03 2022-10-01→2023-01-15 = 3; P04
    # 2023-05-31→2024-02-29 = 9 (31 clamped to 29 in February); P05 6; P06 no thesis.
    thesis = report["delays_months"]["thesis_to_installation"]
    assert thesis["completed"]["n"] == 2 and thesis["completed"]["mean"] == 6.5
    assert thesis["installed"] == {"n": 3, "mean": 6, "sd": 3, "missing": 1, "negative": 0}
    # all: 2, 11, 3, 9, 6 → mean 6.2; squares 17.64+23.04+10.24+7.84+0.04 = 58.8.
    assert thesis["all"]["mean"] == 6.2
    assert thesis["all"]["sd"] == pytest.approx((58.8 / 4) ** 0.5, abs=1e-4)
    # DES → installation: P01 4, P02 12 (2019-04-30→2020-05-19), P03 2, P04 8, P06 0.
    des = report["delays_months"]["des_to_installation"]
    assert des["completed"]["mean"] == 8
    assert des["installed"]["n"] == 3 and des["installed"]["mean"] == pytest.approx(
        10 / 3, abs=1e-4
    )
    assert des["all"]["mean"] == 5.2
    assert des["all"]["sd"] == pytest.approx((92.8 / 4) ** 0.5, abs=1e-4)


def test_installations_and_density(report):
    # 6 installations (P01–P06), commune known for 5, in Occitanie 4 (P02 in Paris);
    # density among those 4: Mende small town, 09001 and 09002 rural, Toulouse urban.
    installations = report["installations"]
    assert installations["n"] == 6
    assert installations["commune_missing"] == 1
    assert installations["in_region"] == 4
    assert installations["density"] == {"rural": 0.5, "small_town": 0.25, "urban": 0.25}
    assert installations["in_region_by_phase"]["completed"] == {
        "n": 2,
        "in_region": 1,
        "in_region_share": 0.5,
    }
    assert installations["by_department"] == {"09": 2, "31": 1, "48": 1, "75": 1}


def test_costs_with_decimal(report):
    # installed: 24+36+48+60+72 = 240 months (P06 unknown) × 1 200 = 288 000,00 €,
    # ÷ 5 = 57 600,00 €; all: 240 + 50+40+30+20+30 = 410 → 492 000,00 €;
    # in studies: 120 months → 144 000,00 € already committed.
    cost = report["cost"]
    assert cost["months_financed_installed"] == 240
    assert cost["cost_installed"] == "288000.00"
    assert cost["cost_per_installation"] == "57600.00"
    assert cost["months_financed_all"] == 410
    assert cost["cost_all"] == "492000.00"
    assert cost["cost_committed_studies"] == "144000.00"
    assert cost["installed_missing"] == 1


def test_national_view_compares_with_each_profile_own_region():
    # region=None: P11 signed in region 93 and plans to settle in 93 → "in its region";
    # broken: P10 (76/76) and P11 (93/93) → 2/2, where --region 76 gives 1/2.
    cohort = read_cohort(HAND, strict=True)
    national = analyse(cohort.rows, region=None, as_of=date(2025, 1, 1))
    assert national["phases"]["broken"]["planned_in_region_share"] == 1.0
    assert national["installations"]["in_region"] == 4
