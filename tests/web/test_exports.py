"""Exports of the filtered contract list: CSV and XLSX, chosen columns, scope, safety."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests.factories import ContractFactory


def _csv(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so spreadsheets read accents"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_export_has_chosen_columns_and_only_the_scope(client, world):
    client.force_login(world.users["ufr_agent"])
    response = client.get(
        "/contrats/export/", {"columns": ["reference", "ufr", "campaign_year"], "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows == [["Référence", "UFR", "Campagne"], ["CESP-MTP-0001", "UFR Montpellier", "2021"]]


def test_export_follows_the_list_filters(client, world):
    client.force_login(world.users["national"])
    response = client.get(
        "/contrats/export/", {"columns": ["reference"], "format": "csv", "region": "53"}
    )
    assert _csv(response) == [["Référence"], ["CESP-RNS-0001"]]


def test_xlsx_export_is_a_workbook_with_typed_cells(client, world):
    client.force_login(world.users["national"])
    response = client.get(
        "/contrats/export/",
        {"columns": ["reference", "signature_date", "campaign_year"], "format": "xlsx", "q": "MTP"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Référence", "Date de signature", "Campagne")
    assert rows[1][0] == "CESP-MTP-0001"
    assert rows[1][1].date().isoformat() == "2022-06-20"
    assert rows[1][2] == 2021


def test_cells_that_look_like_formulas_are_neutralised(client, world):
    ContractFactory(reference="CESP-X-1", specialty='=HYPERLINK("http://x")', ufr=world.own.ufr)
    client.force_login(world.users["national"])
    response = client.get(
        "/contrats/export/", {"columns": ["reference", "specialty"], "format": "csv", "q": "X-1"}
    )
    assert _csv(response)[1] == ["CESP-X-1", '\'=HYPERLINK("http://x")']
    response = client.get(
        "/contrats/export/", {"columns": ["specialty"], "format": "xlsx", "q": "X-1"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'


def test_export_without_columns_explains_in_french(client, world):
    client.force_login(world.users["national"])
    response = client.get("/contrats/export/", {"format": "csv"}, follow=True)
    assert "Choisissez au moins une colonne." in response.content.decode()


def test_export_is_refused_to_roles_without_the_right(client, world):
    for who in ("student", "commission", "researcher"):
        client.force_login(world.users[who])
        response = client.get("/contrats/export/", {"columns": ["reference"], "format": "csv"})
        assert response.status_code == 404, who


def test_export_form_is_offered_only_to_allowed_roles(client, world):
    client.force_login(world.users["commission"])
    assert 'id="export-form"' not in client.get("/contrats/").content.decode()
    client.force_login(world.users["ars_referent"])
    assert 'id="export-form"' in client.get("/contrats/").content.decode()


def test_export_form_carries_the_filters_of_the_list_even_after_htmx_filtering(client, world):
    client.force_login(world.users["national"])
    response = client.get("/contrats/", {"region": "53"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="export-form"' in html
    assert '<input type="hidden" name="region" value="53">' in html
