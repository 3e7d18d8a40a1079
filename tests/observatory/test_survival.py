"""Kaplan–Meier and cumulative breach incidence on tiny cases computed by hand."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cesp.observatory.cohort import CohortRow
from cesp.observatory.survival import (
    breach_incidence_by_year,
    kaplan_meier,
    median_time,
    survival_at,
    time_to_installation,
)


def test_kaplan_meier_by_hand():
    # times 2, 3, 3+, 5, 6+ : t=2 5 at risk, 1 event → S = 4/5 = 0.8; t=3 4 at risk,
    # 1 event (the censored one still at risk) → 0.8 × 3/4 = 0.6; t=5 2 at risk, 1
    # event → 0.3; t=6 censored → 0.3. Median: first S ≤ 0.5 → 5.
    steps = kaplan_meier([2, 3, 3, 5, 6], [True, True, False, True, False])
    assert [(s["month"], s["at_risk"], s["events"], s["censored"]) for s in steps] == [
        (2, 5, 1, 0),
        (3, 4, 1, 1),
        (5, 2, 1, 0),
        (6, 1, 0, 1),
    ]
    assert [s["survival"] for s in steps] == [0.8, 0.6, 0.3, 0.3]
    assert median_time(steps) == 5
    assert survival_at(steps, 4) == 0.6
    assert survival_at(steps, 1) == 1.0
    assert survival_at(steps, 7) is None


@given(st.lists(st.tuples(st.integers(0, 120), st.booleans()), min_size=1, max_size=60))
def test_kaplan_meier_is_a_non_increasing_probability(data):
    steps = kaplan_meier([t for t, _ in data], [e for _, e in data])
    values = [s["survival"] for s in steps]
    assert all(0 <= v <= 1 for v in values)
    assert values == sorted(values, reverse=True)
    assert steps[0]["at_risk"] == len(data)


def _row(pid: str, phase: str, **dates) -> CohortRow:
    return CohortRow(line=1, profile_id=pid, phase=phase, **dates)


def test_time_to_installation_censors_studies_and_breaches():
    # diploma = later of DES and thesis. A: diploma 2020-01-10, installed 2020-04-10
    # → event at 3. B: diploma 2020-01-01, in studies on 2020-07-01 → censored at 6.
    # C: diploma 2020-01-01, broken 2020-03-01 → censored at 2. D: no diploma → left out.
    rows = [
        _row(
            "A",
            "installed",
            des_date=date(2019, 11, 1),
            thesis_date=date(2020, 1, 10),
            installation_date=date(2020, 4, 10),
        ),
        _row("B", "studies", thesis_date=date(2020, 1, 1)),
        _row("C", "broken", des_date=date(2020, 1, 1), breach_date=date(2020, 3, 1)),
        _row("D", "installed", installation_date=date(2020, 1, 1)),
    ]
    km = time_to_installation(rows, date(2020, 7, 1))
    assert (km["n"], km["events"], km["censored"]) == (3, 1, 2)
    assert km["left_out"] == {"no_diploma_date": 1}
    # t=2 censored (3 at risk), t=3 event with 2 at risk → S = 0.5.
    assert [(s["month"], s["survival"]) for s in km["curve"]] == [(2, 1.0), (3, 0.5), (6, 0.5)]
    assert km["median_months"] == 3


def test_breach_incidence_by_signature_year():
    # 2018: X broken 14 months after signing, Y installed (censored at as_of, 36).
    # At 12: 0; at 24: 1 − 1/2 = 0.5.
    rows = [
        CohortRow(
            line=1,
            profile_id="X",
            phase="broken",
            signature_date=date(2018, 1, 1),
            breach_date=date(2019, 3, 1),
        ),
        CohortRow(line=2, profile_id="Y", phase="installed", signature_date=date(2018, 1, 1)),
    ]
    result = breach_incidence_by_year(rows, date(2021, 1, 1))
    year = result["years"]["2018"]
    assert (year["n"], year["breaches"]) == (2, 1)
    assert year["cumulative_incidence"]["12"] == 0.0
    assert year["cumulative_incidence"]["24"] == 0.5
    assert year["cumulative_incidence"]["60"] is None
