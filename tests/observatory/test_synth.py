"""The synthetic cohort is calibrated on the 2025 Occitanie study (seed 000)."""

import io
from datetime import date

import pytest

from cesp.observatory.analysis import analyse
from cesp.observatory.cohort import read_cohort_text
from cesp.observatory.synth import write_synthetic


@pytest.fixture(scope="module")
def report() -> dict:
    buffer = io.StringIO()
    write_synthetic(buffer, 6000, seed=11)
    cohort = read_cohort_text(buffer.getvalue(), strict=True)
    return analyse(cohort.rows, as_of=date(2023, 9, 30))


def test_proportions_close_to_the_study(report):
    flow = report["flow"]
    # study: 406 studied of 560 profiles (72,5 %), 120 dental (21,4 %), 32 withdrawn (5,7 %).
    assert flow["studied"] / flow["profiles"] == pytest.approx(406 / 560, abs=0.03)
    assert flow["not_included"]["profession"]["odontologie"] / flow["profiles"] == pytest.approx(
        120 / 560, abs=0.03
    )
    phases = report["phases"]
    # study: installed 150/406 (36,9 %), studies 224/406 (55,2 %), broken 25/406 (6,2 %).
    assert phases["installed"]["n"] / flow["studied"] == pytest.approx(150 / 406, abs=0.03)
    assert phases["studies"]["n"] / flow["studied"] == pytest.approx(224 / 406, abs=0.03)
    assert phases["broken"]["n"] / flow["studied"] == pytest.approx(25 / 406, abs=0.02)
    age = report["population"]["age_at_signature"]
    assert age["mean"] == pytest.approx(25.6, abs=0.8)  # completed years, so a little lower
    assert report["population"]["bridge_entry_share"] == pytest.approx(0.108, abs=0.02)
    density = report["installations"]["density"]
    assert density["rural"] == pytest.approx(0.703, abs=0.05)
    assert density["urban"] == pytest.approx(0.198, abs=0.05)
    assert phases["studies"]["planned_in_region_share"] == pytest.approx(0.633, abs=0.05)
    assert report["delays_months"]["des_to_installation"]["all"]["mean"] == pytest.approx(
        6.3, abs=2
    )
