"""Territories API: strict inputs (422 with the field path), no default class."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(client):
    client.force_login(UserFactory(student=True, username="api-etu"))
    return client


def test_lookup(logged, occitanie_zoning):
    data = logged.get(
        "/api/territories/lookup",
        {"commune": "09001", "date": "2025-01-15", "profession": "medecine"},
    ).json()
    assert (data["zone"], data["cesp_eligible"], data["status"]) == ("ZIP", True, "found")
    assert data["zoning"]["act"] == "Arrêté ARS Occitanie du 4 mai 2022"


def test_lookup_no_zoning_is_200_with_null_zone(logged, occitanie_zoning):
    data = logged.get("/api/territories/lookup", {"commune": "09001", "date": "2010-01-01"}).json()
    assert (data["status"], data["zone"], data["cesp_eligible"]) == ("no_zoning", None, None)


def test_lookup_unknown_commune_is_404(logged, occitanie_zoning):
    response = logged.get("/api/territories/lookup", {"commune": "99999", "date": "2025-01-01"})
    assert response.status_code == 404 and "99999" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"commune": "1001", "date": "2025-01-01"}, "commune"),
        ({"commune": "09001", "date": "2025-02-30"}, "date"),
        ({"commune": "09001", "date": "2025-01-01", "profession": "plombier"}, "profession"),
        ({"commune": "09001", "date": "2025-01-01", "zone": "ZIP"}, "zone"),
    ],
)
def test_lookup_rejects_bad_input_with_field_path(logged, params, field):
    response = logged.get("/api/territories/lookup", params)
    assert response.status_code == 422
    assert any(field in item["loc"] for item in response.json()["detail"])


def test_aids(logged, occitanie_zoning):
    response = logged.get(
        "/api/territories/aids",
        {"commune": "09122", "date": "2026-02-01", "profession": "medecine", "mode": "liberal"},
    )
    data = response.json()
    assert response.status_code == 200, data
    first = data["aids"][0]
    assert (first["id"], first["amount"]) == ("am_installation_zip", "10000.00")
    assert (
        logged.get(
            "/api/territories/aids", {"commune": "09122", "date": "2026-02-01", "mode": "benevole"}
        ).status_code
        == 422
    )


def test_zonings_and_commune(logged, occitanie_zoning):
    [zoning] = logged.get("/api/territories/zonings").json()
    assert zoning["valid_from"] == "2022-05-04" and zoning["is_demo"] is False
    commune = logged.get("/api/territories/communes/31555").json()
    assert commune["density_label"] == "Grands centres urbains"
    assert logged.get("/api/territories/communes/00000").status_code == 404


def test_anonymous_is_refused(client):
    response = client.get("/api/territories/lookup", {"commune": "09001", "date": "2025-01-01"})
    assert response.status_code == 401
