"""Fuzzing the zoning reader (reliability.md: "a stray carriage return crashed a naive
reader within a second"): any bytes give rows or a French error, never an exception;
validation never raises and every error names where it is."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.territories.importers import read_rows, validate_rows

CELLS = st.one_of(
    st.sampled_from(
        [
            "09001",
            "31555",
            "2A004",
            "1001",
            "99999",
            '="09122"',
            "",
            " ",
            "1_ZIP",
            "2_ZAC",
            "ZAR",
            "zone de vigilance",
            "N/A",
            "\r",
            "\n",
            ";",
        ]
    ),
    st.text(max_size=8),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.binary(max_size=400),
    name=st.sampled_from(["z.csv", "z.xlsx", "z.csv.gz", "z.txt", "z"]),
)
def test_any_bytes_are_read_or_refused_with_a_message(data, name):
    rows, error = read_rows(data, name)
    assert (error is None) or (rows == [] and isinstance(error, str) and error)
    report = validate_rows(rows, region="76")
    assert all(i.message for i in report.issues)


@settings(max_examples=200, deadline=None)
@given(
    header=st.sampled_from(
        [
            ["insee_com", "zonage"],
            ["CODGEO", "Zonage"],
            ["a", "b"],
            ["zonage", "insee_com", "extra"],
        ]
    ),
    body=st.lists(st.lists(CELLS, min_size=0, max_size=4), max_size=12),
)
def test_validation_never_raises_and_locates_line_errors(header, body):
    report = validate_rows([header, *body], region="76", allow_missing=True)
    for issue in report.errors:
        if issue.line is not None and issue.line > 1:
            assert issue.column is not None
    assert set(report.assignments) <= {"09001", "31555", "09122"}
