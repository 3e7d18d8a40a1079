"""The kernel's tabular reader: CSV (BOM, `;` or `,`), XLSX, .gz of either, limits that
are stated in the refusal, and a French message, never an exception, for any bytes."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.core.tabular import Limits, TabularError, read_file, read_table, read_text
from cesp.core.tabular.limits import count_fr, size_fr

CSV = "code;nom;zonage\n09001;Aigues-Juntes;1_ZIP\n09002;Aigues-Vives;2_ZAC\n"


def xlsx(rows: list[list], sheet: str = "Data") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells(table) -> list[list[str]]:
    return [row.cells for row in table.rows]


def refusal(data: bytes, filename: str = "f.csv", **kwargs) -> str:
    with pytest.raises(TabularError) as error:
        read_table(data, filename, **kwargs)
    message = str(error.value)
    assert "Traceback" not in message and "Error" not in message
    return message


# --- what it reads -------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_with_or_without_bom_and_a_sniffed_delimiter(bom, delimiter):
    data = bom + CSV.replace(";", delimiter).encode()
    table = read_table(data, "zonage.csv")
    assert table.kind == "csv" and table.delimiter == delimiter
    assert cells(table)[0] == ["code", "nom", "zonage"]
    assert cells(table)[2] == ["09002", "Aigues-Vives", "2_ZAC"]


def test_line_numbers_follow_the_file_across_quoted_newlines_and_blank_lines():
    text = 'a,b\n1,"deux\nlignes"\n\n3,x\r\n'
    table = read_text(text)
    assert [(row.line, row.cells) for row in table.rows] == [
        (1, ["a", "b"]),
        (2, ["1", "deux\nlignes"]),
        (4, []),
        (5, ["3", "x"]),
    ]


def test_xlsx_cells_read_as_csv_text():
    data = xlsx([["code", "date", "n", "part"], ["09001", dt.date(2024, 1, 2), 12.0, 0.5]])
    table = read_table(data, "classeur.xlsx")
    assert table.kind == "xlsx"
    assert cells(table) == [["code", "date", "n", "part"], ["09001", "2024-01-02", "12", "0.5"]]


def test_xlsx_named_sheet_and_a_missing_one():
    data = xlsx([["a"], ["1"]], sheet="Zonage")
    assert cells(read_table(data, "z.xlsx", sheet="Zonage")) == [["a"], ["1"]]
    message = refusal(data, "z.xlsx", sheet="Autre")
    assert "« Autre » n'existe pas" in message and "« Zonage »" in message


@pytest.mark.parametrize(("inner", "name"), [(CSV.encode(), "z.csv.gz"), (None, "z.xlsx.gz")])
def test_gz_of_either(inner, name):
    inner = inner if inner is not None else xlsx([["code"], ["09001"]])
    table = read_table(gzip.compress(inner), name)
    assert table.compressed and cells(table)[1][0] == "09001"


def test_the_format_comes_from_the_bytes_when_the_name_says_nothing():
    assert read_table(gzip.compress(CSV.encode()), "").compressed
    assert read_table(xlsx([["a"], ["1"]]), "").kind == "xlsx"


def test_windows_1252_only_when_the_importer_allows_it():
    data = "code;nom\n09001;Aigues-Juntes é\n".encode("cp1252")
    assert "UTF-8" in refusal(data) and "ligne 2" in refusal(data)
    assert cells(read_table(data, "z.csv", fallback_encoding="cp1252"))[1][1].endswith("é")


# --- limits, each stated in the refusal ----------------------------------------------------


def test_over_the_byte_limit():
    message = refusal(CSV.encode(), limits=Limits(max_bytes=10))
    assert "trop volumineux" in message and "10 octets" in message


def test_over_the_decompressed_limit_gz_bomb():
    bomb = gzip.compress(b"a,b\n" + b"0" * 5_000_000)
    assert len(bomb) < 10_000
    message = refusal(bomb, "z.csv.gz", limits=Limits(max_decompressed_bytes=1024 * 1024))
    assert "décompressée" in message and "1 Mo" in message


def test_over_the_decompressed_limit_xlsx():
    data = xlsx([["a" * 1000] for _ in range(300)])
    message = refusal(data, "z.xlsx", limits=Limits(max_decompressed_bytes=50_000))
    assert "classeur trop volumineux" in message and "48,8 Ko" in message


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (("a\n" * 20).encode(), "z.csv"),
        (None, "z.xlsx"),
    ],
)
def test_over_the_row_limit(data, name):
    data = data if data is not None else xlsx([[i] for i in range(20)])
    message = refusal(data, name, limits=Limits(max_rows=10))
    assert "plus de 10 lignes" in message


def test_limits_come_from_the_settings(settings):
    settings.CESP_TABULAR_MAX_ROWS = 2
    settings.CESP_TABULAR_MAX_BYTES = 1000
    settings.CESP_TABULAR_MAX_DECOMPRESSED_BYTES = 2000
    assert Limits.from_settings() == Limits(1000, 2000, 2)
    assert "plus de 2 lignes" in refusal(CSV.encode())


def test_read_file_refuses_by_size_before_reading(tmp_path):
    path = tmp_path / "gros.csv"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(TabularError, match="2 Ko, la limite est de 1 Ko"):
        read_file(path, Limits(max_bytes=1024))
    assert read_file(path) == b"x" * 2048


def test_french_sizes_and_counts():
    assert (size_fr(50 * 1024 * 1024), size_fr(1536), size_fr(1)) == ("50 Mo", "1,5 Ko", "1 octet")
    assert count_fr(200_000) == "200\u202f000"


# --- broken files: a French message, never a traceback ------------------------------------


def test_truncated_gz():
    data = gzip.compress(CSV.encode() * 50)
    message = refusal(data[: len(data) // 2], "z.csv.gz")
    assert "tronquée" in message


def test_not_a_gz():
    assert "illisible" in refusal(b"this is not gzip at all", "z.csv.gz")


@pytest.mark.parametrize("cut", [10, 200, 2000, -30])
def test_truncated_xlsx(cut):
    data = xlsx([["code", "zonage"], *[[f"{i:05}", "ZIP"] for i in range(200)]])
    assert "XLSX illisible" in refusal(data[:cut], "z.xlsx")


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    assert "XLSX illisible" in refusal(buffer.getvalue(), "z.xlsx")


def test_nul_byte_is_located():
    message = refusal(b"a,b\n1,2\n3,\x004\n")
    assert message.startswith("ligne 3 : caractère nul")


def test_stray_carriage_return_is_located():
    assert refusal(b"a,b\n1,2\r3\n").startswith("ligne 2 : retour chariot isolé")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "vide"),
        (b" \n\n", "vide"),
        (b"\xff\xfea\x00", "UTF-16"),
        (b'a,b\n1,"jamais ferm\xc3\xa9\n', "guillemet non refermé"),
        (b"a,b\n", None),
    ],
)
def test_other_bad_csv(data, words):
    if words is None:
        assert cells(read_table(data, "z.csv")) == [["a", "b"]]
    else:
        assert words in refusal(data)


def test_unsupported_format():
    assert "format non pris en charge « .xls »" in refusal(b"\xd0\xcf\x11\xe0", "z.xls")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=600),
    name=st.sampled_from(["f.csv", "f.xlsx", "f.csv.gz", "f.xlsx.gz", "f", "f.txt"]),
    wrap=st.sampled_from(["raw", "gzip", "truncated-gzip"]),
)
def test_any_bytes_give_a_table_or_a_french_refusal(data, name, wrap):
    if wrap == "gzip":
        data = gzip.compress(data)
    elif wrap == "truncated-gzip":
        data = gzip.compress(data)[:-5]
    try:
        table = read_table(data, name, limits=Limits(max_rows=50))
    except TabularError as error:
        assert error.issue.message and error.issue.is_error
    else:
        assert all(isinstance(cell, str) for row in table.rows for cell in row.cells)
