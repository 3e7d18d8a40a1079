"""Zoning uploads through the web page (issue 12 §4): a file over a limit, a truncated
.gz, a corrupt workbook or a NUL byte get a French message that says what is wrong, never
a 5xx; nothing is stored."""

from __future__ import annotations

import gzip

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cesp.territories.models import ZoneAssignment, ZoningVersion
from tests.factories import UserFactory

from .conftest import xlsx_bytes, zoning_csv

pytestmark = pytest.mark.django_db
URL = "/territoires/zonages/importer/"


@pytest.fixture
def referent(client, ars_occitanie):
    user = UserFactory(ars_referent=True, organisation=ars_occitanie, username="ref")
    client.force_login(user)
    return user


def upload(client, name: str, data: bytes, apply: bool = True):
    fields = {
        "file": SimpleUploadedFile(name, data),
        "region": "76",
        "profession": "medecine",
        "valid_from": "2025-05-16",
        "act": "Arrêté test",
    }
    if apply:
        fields["apply"] = "on"
    response = client.post(URL, fields)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def nothing_stored() -> bool:
    return not ZoningVersion.objects.exists() and not ZoneAssignment.objects.exists()


def test_a_gz_upload_is_read(client, referent):
    html = upload(client, "zonage.csv.gz", gzip.compress(zoning_csv()))
    assert "4446 communes classées" in html or ZoningVersion.objects.count() == 1
    assert ZoneAssignment.objects.count() == 4446


def test_a_truncated_gz_upload_is_refused_in_french(client, referent):
    data = gzip.compress(zoning_csv())
    html = upload(client, "zonage.csv.gz", data[: len(data) // 2])
    assert "archive .gz tronquée" in html and "rien n'a été importé" in html
    assert nothing_stored()


@pytest.mark.parametrize("cut", [100, -100])
def test_a_truncated_workbook_is_refused_in_french(client, referent, cut):
    data = xlsx_bytes([["insee_com", "zonage"], ["09001", "1_ZIP"]])
    html = upload(client, "zonage.xlsx", data[:cut])
    assert "classeur XLSX illisible" in html and nothing_stored()


def test_a_nul_byte_is_reported_with_its_line(client, referent):
    data = zoning_csv().replace(b"09001;", b"09\x00001;")
    html = upload(client, "zonage.csv", data)
    assert "caractère nul" in html and nothing_stored()


def test_over_the_row_limit_says_the_limit(client, referent, settings):
    settings.CESP_TABULAR_MAX_ROWS = 1000
    html = upload(client, "zonage.csv", zoning_csv())
    assert "plus de 1 000 lignes (limite)" in html and nothing_stored()  # spaces normalised


def test_over_the_decompressed_limit_says_the_limit(client, referent, settings):
    settings.CESP_TABULAR_MAX_DECOMPRESSED_BYTES = 64 * 1024
    html = upload(client, "zonage.csv.gz", gzip.compress(zoning_csv()))
    assert "plus de 64 Ko (limite)" in html and nothing_stored()


def test_over_the_byte_limit_is_refused_before_reading(client, referent, settings):
    settings.CESP_TABULAR_MAX_BYTES = 1024
    html = upload(client, "zonage.csv", zoning_csv())
    assert "Fichier trop volumineux" in html and "la limite est de 1 Ko" in html
    assert "Rapport de validation" not in html and nothing_stored()


def test_an_overlong_act_is_refused_by_the_dry_run(ars_occitanie):
    from cesp.territories import services

    result = services.import_zoning(
        zoning_csv(),
        "z.csv",
        region="76",
        profession="medecine",
        valid_from=None,
        act="A" * 301,
        dry_run=True,
    )
    assert any("301 caractères : 300 au plus" in i.message for i in result.report.errors)
