"""The strict cohort reader: issues name line and column; strict vs lenient."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.observatory.cohort import COLUMNS, CohortError, read_cohort, read_cohort_text

HEADER = ",".join(COLUMNS)
GOOD = "A1,medecine,signed,0,1995-01-01,2020-01-01,0,,76,studies,medecine_generale,40,40,76,,,,,"


def _row(**changes: str) -> str:
    cells = dict(zip(COLUMNS, GOOD.split(","), strict=True))
    cells.update(changes)
    return ",".join(cells[c] for c in COLUMNS)


def _text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_hand_cohort_is_clean():
    cohort = read_cohort(Path(__file__).parent / "data" / "hand_cohort.csv", strict=True)
    assert len(cohort.rows) == 15 and not cohort.issues
    assert cohort.rows[-1].without_data


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"signature_date": "2023-02-30"}, "signature_date", "bad_date"),
        ({"signature_date": "20230201"}, "signature_date", "bad_date"),
        ({"installation_commune": "99999"}, "installation_commune", "unknown_commune"),
        ({"profession": "chirurgie"}, "profession", "bad_value"),
        ({"phase": "retired"}, "phase", "bad_value"),
        ({"deceased": "yes"}, "deceased", "bad_value"),
        ({"allocation_months": "-3"}, "allocation_months", "bad_number"),
        ({"planned_region": "99"}, "planned_region", "unknown_region"),
        ({"birth_date": "2021-01-01"}, "birth_date", "inconsistent"),
        ({"bridge_origin": "health_social"}, "bridge_origin", "inconsistent"),
    ],
)
def test_bad_cells_name_line_and_column(change, column, reason):
    text = _text(GOOD, _row(profile_id="A2", **change))
    lenient = read_cohort_text(text)
    assert [r.profile_id for r in lenient.rows] == ["A1"]
    assert lenient.set_aside == {reason: 1}
    issue = lenient.issues[0]
    assert (issue.line, issue.column, issue.reason) == (3, column, reason)
    assert "ligne 3" in str(issue) and column in str(issue)
    with pytest.raises(CohortError) as error:
        read_cohort_text(text, strict=True)
    assert "ligne 3" in str(error.value)


def test_duplicated_profile_id_keeps_the_first():
    cohort = read_cohort_text(_text(GOOD, GOOD, _row(profile_id="B")))
    assert [r.profile_id for r in cohort.rows] == ["A1", "B"]
    assert cohort.issues[0].line == 3
    assert "ligne 2" in cohort.issues[0].message
    assert cohort.quality()["rows_set_aside"] == 1


def test_unknown_column_ignored_when_lenient_fatal_when_strict():
    text = _text(GOOD + ",x", header=HEADER + ",colour")
    cohort = read_cohort_text(text)
    assert cohort.ignored_columns == ["colour"] and len(cohort.rows) == 1
    with pytest.raises(CohortError, match="colour"):
        read_cohort_text(text, strict=True)


def test_missing_column_is_always_fatal():
    header = HEADER.replace(",phase", "")
    with pytest.raises(CohortError, match="phase"):
        read_cohort_text(_text(header=header))


def test_wrong_field_count_and_multiline_line_numbers():
    quoted = _row(profile_id="A2", specialty='"a\nb"')
    text = _text(GOOD, quoted, GOOD.replace("A1", "A3", 1), "A4,medecine")
    cohort = read_cohort_text(text)
    lines = {(i.line, i.reason) for i in cohort.issues}
    # A2 spans lines 3–4 (bad specialty), A3 is line 5, the short row line 6.
    assert (3, "bad_value") in lines and (6, "wrong_field_count") in lines
    assert [r.profile_id for r in cohort.rows] == ["A1", "A3"]


def test_not_utf8_is_reported():
    with pytest.raises(CohortError, match="UTF-8"):
        read_cohort_text_bytes(b"profile_id\n\xff\xfe\n")


def read_cohort_text_bytes(data: bytes):
    import io

    return read_cohort(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_fuzzed_input_never_crashes(noise):
    # reliability.md: a stray carriage return crashed a naive reader within a second.
    for text in (noise, _text(GOOD, noise), _text(noise)):
        try:
            cohort = read_cohort_text(text)
        except CohortError:
            continue
        assert len(cohort.rows) <= cohort.rows_read


def test_former_commune_code_is_replaced_and_said():
    # 01003 merged into 01165 (reference geography, former codes of COG 2026).
    cohort = read_cohort_text(
        _text(_row(phase="installed", installation_commune="01003")), strict=True
    )
    assert cohort.rows[0].installation_commune == "01165"
    note = cohort.quality()["notes"][0]
    assert (note["line"], note["column"], note["value"]) == (2, "installation_commune", "01003")
    assert "01165" in note["message"]


def test_the_kernel_reader_gz_semicolons_and_limits(tmp_path, settings):
    import gzip

    path = tmp_path / "cohorte.csv.gz"
    path.write_bytes(gzip.compress(_text(GOOD, _row(profile_id="A2")).replace(",", ";").encode()))
    assert [r.profile_id for r in read_cohort(path, strict=True).rows] == ["A1", "A2"]
    settings.CESP_TABULAR_MAX_ROWS = 2
    with pytest.raises(CohortError, match="plus de 2 lignes"):
        read_cohort(path)
    path.write_bytes(gzip.compress(_text(GOOD).encode())[:-10])
    with pytest.raises(CohortError, match="tronquée"):
        read_cohort(path)


def test_a_nul_byte_is_a_located_refusal():
    with pytest.raises(CohortError) as error:
        read_cohort_text(_text(GOOD, _row(profile_id="A\x002")))
    assert error.value.issues[0].line == 3 and "caractère nul" in str(error.value)
