"""Import of existing contracts (issue 3 §8): line/column report, all-or-nothing,
idempotent, and a reader that never crashes on odd bytes (reliability.md)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.contracts.importer import default_campaign_year, parse_file
from cesp.contracts.models import Contract, ContractEvent
from cesp.contracts.services import import_contracts
from cesp.core.audit.models import AuditEntry
from tests.factories import OrganisationFactory, UserFactory

HEADER = (
    "profile_id,profession,status,deceased,birth_date,signature_date,bridge_entry,"
    "bridge_origin,signature_region,phase,specialty,allocation_months,engagement_months,"
    "planned_region,thesis_date,des_date,installation_date,breach_date,installation_commune,"
    "ufr,category,campaign_year"
)
GOOD = [
    "P1,medecine,signed,0,1998-04-02,2019-06-20,0,,76,installed,medecine_generale,50,50,76,"
    "2024-11-10,2024-10-15,2025-02-01,,34172,ufr-montpellier,second_cycle,2018",
    "P2,odontologie,signed,0,1999-01-01,2021-07-01,1,health_social,76,studies,,,,76,,,,,,"
    "ufr-montpellier,,",
    "P3,medecine,withdrawn_before_signature,0,,,,,,,,,,,,,,,,,,",
    "P4,,,,,,,,,,,,,,,,,,,,,",
]


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture
def ufr(db):
    return OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")


def test_dry_run_reports_and_writes_nothing(ufr):
    report = import_contracts(None, csv_bytes(*GOOD))
    assert report.ok and not report.committed
    assert [row.contract["reference"] for row in report.rows] == ["P1", "P2"]
    assert {(i.line, i.column) for i in report.notices} == {(4, "status"), (5, "")}
    assert "Essai à blanc : 2 contrat(s)" in report.to_text()
    assert not Contract.objects.exists()


def test_commit_creates_contracts_events_and_audit(ufr):
    report = import_contracts(None, csv_bytes(*GOOD), commit=True, source="cohorte.csv")
    assert report.committed and report.created == 2
    p1 = Contract.objects.get(reference="P1")
    assert (p1.ufr, p1.followup_region, p1.campaign_year) == (ufr, "76", 2018)
    assert p1.birth_date == dt.date(1998, 4, 2) and p1.bridge_entry is False
    types = list(p1.events.order_by("id").values_list("type", flat=True))
    assert types == ["des", "thesis", "practice"]
    practice = p1.events.get(type="practice")
    assert practice.commune_code == "34172" and practice.start == dt.date(2025, 2, 1)
    p2 = Contract.objects.get(reference="P2")
    assert p2.campaign_year == 2020 and p2.category == "second_cycle"  # defaults, documented
    assert AuditEntry.objects.filter(action="contract.import").count() == 2
    # Idempotent: the same file again imports nothing more.
    again = import_contracts(None, csv_bytes(*GOOD), commit=True)
    assert again.created == 0 and Contract.objects.count() == 2
    assert sum("déjà présent" in i.message for i in again.notices) == 2


def test_one_bad_line_and_nothing_is_written(ufr):
    bad = GOOD[1].replace("2021-07-01", "2021-02-30")
    report = import_contracts(None, csv_bytes(GOOD[0], bad), commit=True)
    assert not report.committed
    assert [(i.line, i.column) for i in report.errors] == [(3, "signature_date")]
    assert "date impossible" in report.errors[0].message
    assert not Contract.objects.exists() and not ContractEvent.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (GOOD[0].replace("medecine,signed", "veterinaire,signed"), "profession", "inconnue"),
        (GOOD[0].replace(",0,1998", ",oui,1998"), "deceased", "1 ou 0"),
        (GOOD[0].replace(",76,installed", ",7X,installed"), "signature_region", "région"),
        (GOOD[0].replace("34172", "3417"), "installation_commune", "commune"),
        (GOOD[0].replace("ufr-montpellier", "ufr-inconnue"), "ufr", "inconnue"),
        (GOOD[0].replace(",2018", ",deux"), "campaign_year", "année"),
    ],
)
def test_each_problem_names_line_and_column(ufr, row, column, words):
    report = import_contracts(None, csv_bytes(row))
    assert [(i.line, i.column) for i in report.errors] == [(2, column)]
    assert words in report.errors[0].message


def test_rules_refusals_point_at_the_source_column(ufr):
    row = GOOD[0].replace("2024-11-10", "2015-01-01")  # thesis before signature
    report = import_contracts(None, csv_bytes(row))
    assert [(i.line, i.column) for i in report.errors] == [(2, "thesis_date")]
    assert "règle" in report.errors[0].message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (csv_bytes("P9,medecine,signed"), "champ(s) au lieu de"),
        (csv_bytes(GOOD[0]).replace(b",0,1998", b",0\r,1998"), "retour chariot"),
        (b"\xff\xfeP\x00", "UTF-8"),
        (b"", "vide"),
        (csv_bytes(GOOD[0], header=HEADER + ",colour"), "colonne inconnue"),
        (csv_bytes(GOOD[0], GOOD[0]), "déjà vu ligne 2"),
    ],
)
def test_malformed_files_get_one_clear_message(ufr, data, words):
    report = parse_file(data)
    assert not report.ok
    assert words in "\n".join(str(i) for i in report.errors)


def test_bom_and_crlf_are_accepted(ufr):
    data = b"\xef\xbb\xbf" + csv_bytes(*GOOD).replace(b"\n", b"\r\n")
    assert parse_file(data).ok


def test_semicolons_are_sniffed(ufr):
    data = csv_bytes(*(row.replace(",", ";") for row in GOOD), header=HEADER.replace(",", ";"))
    report = parse_file(data)
    assert report.ok and [row.contract["reference"] for row in report.rows] == ["P1", "P2"]


def test_campaign_year_from_signature():
    assert default_campaign_year(dt.date(2022, 6, 20)) == 2021
    assert default_campaign_year(dt.date(2022, 10, 1)) == 2022


def test_command_dry_run_then_commit(ufr, tmp_path):
    path = tmp_path / "cohorte.csv"
    path.write_bytes(csv_bytes(*GOOD))
    out = io.StringIO()
    call_command("import_contracts", str(path), stdout=out)
    assert "Essai à blanc" in out.getvalue() and not Contract.objects.exists()
    call_command("import_contracts", str(path), "--commit", stdout=out)
    assert Contract.objects.count() == 2
    path.write_bytes(csv_bytes("P9,medecine"))
    with pytest.raises(CommandError):
        call_command("import_contracts", str(path), "--commit", stdout=io.StringIO())


def test_only_national_roles_import(ufr):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_contracts(UserFactory(ufr_agent=True), csv_bytes(*GOOD))
    assert import_contracts(UserFactory(national=True), csv_bytes(*GOOD)).ok


CELL = st.one_of(
    st.text(alphabet=st.sampled_from(list('abcP1-,;"\r\n\t\ufeff é0')), max_size=12),
    st.sampled_from(["2021-06-01", "2024-02-30", "medecine", "signed", "1", "0", "76"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(CELL, max_size=24), max_size=4),
    cut=st.integers(min_value=0, max_value=400),
    bom=st.booleans(),
)
def test_fuzz_the_reader_never_crashes(rows, cut, bom):
    """Stray \\r, BOM, wrong delimiters, truncated lines: a report, never an exception."""
    text = HEADER + "\n" + "\n".join(",".join(r) for r in rows)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()[: len(HEADER) + 1 + cut]
    report = parse_file(data)
    for issue in report.errors + report.notices:
        assert isinstance(issue.line, int) and issue.message


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_fuzz_raw_bytes(data):
    report = parse_file(data)
    assert report.ok or report.errors


# Issue 12 §4: what the dry run accepts, the commit stores (PostgreSQL refuses overlong
# text that SQLite keeps); a NUL byte is reported; nothing is half-written.
@pytest.mark.parametrize(
    ("row", "header", "column", "words"),
    [
        (GOOD[0].replace("P1,", "P" * 41 + ",", 1), HEADER, "profile_id", "41 caractères : 40"),
        (GOOD[0] + ",R" * 1 + "x" * 40, HEADER + ",reference", "reference", "41 caractères"),
        (GOOD[0].replace("medecine_generale", "s" * 65), HEADER, "specialty", "65 caractères"),
    ],
)
def test_overlong_texts_are_refused_by_the_dry_run(ufr, row, header, column, words):
    dry = import_contracts(None, csv_bytes(row, header=header))
    assert [(i.line, i.column) for i in dry.errors] == [(2, column)]
    assert words in dry.errors[0].message
    committed = import_contracts(None, csv_bytes(row, header=header), commit=True)
    assert not committed.committed and not Contract.objects.exists()


def test_texts_at_their_column_length_commit(ufr):
    row = GOOD[0].replace("P1,", "P" * 40 + ",", 1).replace("medecine_generale", "s" * 64)
    report = import_contracts(None, csv_bytes(row), commit=True)
    assert report.committed, report.to_text()
    assert Contract.objects.get().reference == "P" * 40


def test_a_nul_byte_is_reported_and_nothing_written(ufr):
    data = csv_bytes(*GOOD).replace(b"medecine_generale", b"medecine\x00generale")
    report = import_contracts(None, data, commit=True)
    assert [(i.line, str(i)) for i in report.errors] == [
        (2, "ligne 2 : caractère nul (\\0) : le fichier est endommagé ou n'est pas un CSV texte.")
    ]
    assert not Contract.objects.exists() and not ContractEvent.objects.exists()


def test_xlsx_and_gz_files_import_like_the_csv(ufr):
    import gzip

    from openpyxl import Workbook

    workbook = Workbook()
    for line in [HEADER, *GOOD]:
        workbook.active.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    xlsx = import_contracts(None, buffer.getvalue(), source="cohorte.xlsx")
    gz = import_contracts(None, gzip.compress(csv_bytes(*GOOD)), source="cohorte.csv.gz")
    for report in (xlsx, gz):
        assert report.ok, report.to_text()
        assert [row.contract["reference"] for row in report.rows] == ["P1", "P2"]


def test_a_truncated_gz_is_one_french_error(ufr):
    import gzip

    data = gzip.compress(csv_bytes(*GOOD))
    report = import_contracts(None, data[:-20], commit=True, source="cohorte.csv.gz")
    assert [str(i) for i in report.errors] == [
        "archive .gz tronquée : le fichier s'arrête avant la fin ; envoyez-le à nouveau."
    ]
    assert not Contract.objects.exists()


def test_the_command_refuses_a_file_over_the_limit_before_reading(ufr, tmp_path, settings):
    settings.CESP_TABULAR_MAX_BYTES = 100
    path = tmp_path / "cohorte.csv"
    path.write_bytes(csv_bytes(*GOOD))
    with pytest.raises(CommandError, match="la limite est de 100 octets"):
        call_command("import_contracts", str(path), stdout=io.StringIO())
