"""Zoning import: the validation report names line and column; nothing is written on
error (issue 4, "Bad input"); former codes are mapped and reported (COG 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.core import geography
from cesp.territories import services
from cesp.territories.importers import ColumnMapping
from cesp.territories.models import ZoneAssignment, ZoningVersion

from .conftest import OCCITANIE, xlsx_bytes, zoning_csv

pytestmark = pytest.mark.django_db

MAY_2025 = dt.date(2025, 5, 16)


def run(data: bytes, filename: str = "z.csv", **kwargs):
    params = {
        "region": OCCITANIE,
        "profession": "medecine",
        "valid_from": MAY_2025,
        "act": "Arrêté ARS Occitanie 2025",
    } | kwargs
    return services.import_zoning(data, filename, **params)


def nothing_stored() -> bool:
    return not ZoningVersion.objects.exists() and not ZoneAssignment.objects.exists()


def test_valid_file_stores_every_commune_of_the_region():
    result = run(zoning_csv())
    assert result.ok, result.report.as_text()
    version = result.versions[0]
    assert version.assignments.count() == 4446
    assert version.assignments.get(commune_code="09001").zone == "ZIP"
    assert version.assignments.get(commune_code="31555").zone == "ZAR"
    assert version.assignments.get(commune_code="34172").zone == "ZAC"


def test_unknown_code_names_line_and_column_and_stores_nothing():
    data = zoning_csv(extra_lines=["99999;Nulle part;1_ZIP"])
    result = run(data)
    assert not result.ok
    [error] = result.report.errors
    assert error.line == 4446 + 2  # header is line 1, the extra line comes last
    assert error.column == "insee_com"
    assert "99999" in error.message
    assert nothing_stored()


def test_missing_column_is_reported_on_the_header_line():
    result = run(zoning_csv(header="insee_com;nom;classement"))
    assert not result.ok
    [error] = result.report.errors
    assert (error.line, "zonage" in error.column) == (1, True)
    assert "colonne du zonage introuvable" in error.message
    assert nothing_stored()


def test_explicit_column_mapping():
    data = zoning_csv(header="CODE_COM;nom;CLASSE_ARS")
    result = run(data, mapping=ColumnMapping(commune="code_com", zone="classe_ars"))
    assert result.ok, result.report.as_text()


def test_unknown_zone_value_is_an_error_with_its_column():
    result = run(zoning_csv(overrides={"09001": "N/A - résultat non disponible"}))
    assert not result.ok
    [error] = result.report.errors
    assert error.column == "zonage" and "N/A" in error.message
    assert nothing_stored()


def test_missing_communes_are_an_error_unless_allowed():
    data = zoning_csv(drop={"12083", "46334"})
    result = run(data)
    assert not result.ok
    assert "2 commune(s) de la région 76 absente(s)" in result.report.errors[0].message
    assert nothing_stored()
    allowed = run(data, allow_missing=True)
    assert allowed.ok
    assert any("12083" in i.message for i in allowed.report.issues)
    assert allowed.versions[0].assignments.count() == 4444


def test_duplicate_commune_with_another_class_is_an_error():
    result = run(zoning_csv(extra_lines=["09001;Aigues-Juntes;2_ZAC"]))
    assert not result.ok
    assert "classée deux fois" in result.report.errors[0].message
    assert nothing_stored()


def test_former_code_is_mapped_to_the_current_commune_and_reported():
    # 12076 is a former code, merged into the current commune 12218 (COG 2026)
    former = "12076"
    current, kind = geography.current_code(former)
    assert (current, kind) == ("12218", "ancien code (fusion)")
    data = zoning_csv(drop={current}, extra_lines=[f"{former};Ancienne;1_ZIP"])
    result = run(data)
    assert result.ok, result.report.as_text()
    warning = next(i for i in result.report.issues if former in i.message)
    assert current in warning.message and warning.column == "insee_com"
    assert result.versions[0].assignments.get(commune_code=current).zone == "ZIP"


def test_lost_leading_zero_is_restored_with_a_warning():
    data = zoning_csv(region="84", drop={"01001"}, extra_lines=["1001;L'Abergement;2_ZAC"])
    result = run(data, region="84")
    assert result.ok, result.report.as_text()
    assert any("complété" in i.message for i in result.report.issues)


def test_commune_of_another_region_is_rejected():
    result = run(zoning_csv(extra_lines=["01001;L'Abergement;2_ZAC"]))
    assert not result.ok
    assert "pas dans la région 76" in result.report.errors[0].message


def test_overlap_with_a_closed_version_is_an_error(occitanie_zoning):
    occitanie_zoning.valid_to = dt.date(2025, 12, 31)
    occitanie_zoning.save()
    result = run(zoning_csv())
    assert not result.ok
    assert "chevauchement" in result.report.errors[0].message
    assert ZoningVersion.objects.count() == 1


def test_new_version_closes_the_open_previous_one(occitanie_zoning):
    result = run(zoning_csv())
    assert result.ok, result.report.as_text()
    occitanie_zoning.refresh_from_db()
    assert occitanie_zoning.valid_to == dt.date(2025, 5, 15)


def test_dry_run_writes_nothing():
    result = run(zoning_csv(), dry_run=True)
    assert result.ok and result.versions == []
    assert nothing_stored()


def test_xlsx_with_title_rows_above_the_header():
    rows = [["Code commune INSEE", "Libellé commune", "Zonage"]]
    rows += [[c.code, c.name, "1_ZIP"] for c in geography.communes_in_region("94")]  # Corse
    result = run(xlsx_bytes(rows), filename="zonage.xlsx", sheet="Data", region="94")
    assert result.ok, result.report.as_text()
    assert result.versions[0].assignments.filter(zone="ZIP").count() == len(rows) - 1 == 360


def test_xlsx_error_line_counts_title_rows():
    rows = [["Code commune INSEE", "Zonage"], ["31555", "1_ZIP"], ["ABCDE", "1_ZIP"]]
    result = run(xlsx_bytes(rows), filename="zonage.xlsx", allow_missing=True)
    [error] = result.report.errors
    assert error.line == 6 and error.column == "Code commune INSEE"


def test_unreadable_or_unsupported_file():
    assert "format non pris en charge" in run(b"x", filename="z.pdf").report.errors[0].message
    assert "illisible" in run(b"not a zip", filename="z.xlsx").report.errors[0].message


def test_bad_parameters_are_reported():
    result = run(zoning_csv(), valid_to=dt.date(2020, 1, 1), act=" ", profession="x")
    messages = " | ".join(i.message for i in result.report.errors)
    assert "profession inconnue" in messages
    assert "antérieure" in messages
    assert "arrêté" in messages


def test_national_file_makes_one_version_per_region():
    data = zoning_csv(region="76") + zoning_csv(region="94").split(b"\n", 1)[1]
    result = run(data, region=None)
    assert result.ok, result.report.as_text()
    assert sorted(v.region for v in result.versions) == ["76", "94"]


def test_overseas_collectivity_has_no_ars_zoning():
    result = run(zoning_csv(extra_lines=["98735;Papeete;1_ZIP"]))
    assert not result.ok
    assert "collectivité d'outre-mer" in result.report.errors[0].message
    assert "région inconnue" in run(zoning_csv(), region="987").report.errors[0].message


@pytest.mark.postgres
def test_concurrent_overlapping_imports_store_exactly_one():
    # reliability.md: SQLite serialises writers and hides races; PostgreSQL does not.
    import threading

    from django.db import connections

    data = zoning_csv()
    results = []

    def importer(start: dt.date) -> None:
        try:
            results.append(
                run(
                    data,
                    valid_from=start,
                    act=f"Arrêté {start}",
                    notify=False,
                    close_previous=False,
                )
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=importer, args=(dt.date(2025, 5, 16 + n),)) for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.ok for r in results) == 1
    assert ZoningVersion.objects.count() == 1
    assert ZoneAssignment.objects.count() == 4446
