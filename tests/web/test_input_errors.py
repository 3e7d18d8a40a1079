"""No 5xx from input (issue 12 §4): a NUL character anywhere, or a number beyond any
bound, is a French 4xx on SQLite and PostgreSQL alike — never a server error."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from cesp.contracts.models import Contract
from cesp.territories.models import PlaceChoice, PracticePlace
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
HUGER = "9" * 40


def _api(world) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_for(world.orgs['national'])}"})


def _agent(world) -> Client:
    client = Client()
    client.force_login(world.users["national"])
    return client


@pytest.mark.parametrize("value", [HUGE, HUGER, "-1"])
@pytest.mark.parametrize("name", ["offset", "limit", "campaign_year"])
def test_api_list_bounds_every_number(world, name, value):
    response = _api(world).get("/api/contracts/", {name: value})
    assert response.status_code == 422, response.content
    (item,) = response.json()["detail"]
    assert item["loc"] == ["query", name]
    assert item["msg"].startswith(("valeur trop grande", "valeur trop petite", "nombre entier"))


def test_api_offset_at_its_bound_is_an_empty_page(world):
    response = _api(world).get("/api/contracts/", {"offset": "10000000"})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        f"/api/contracts/{HUGE}",
        f"/api/contracts/{HUGER}/events",
        f"/contrats/{HUGE}/",
        f"/contrats/{HUGER}/historique/",
        f"/territoires/attestation/{HUGE}/",
        f"/territoires/projet/{HUGER}/",
        f"/notifications/boite/{HUGE}/",
        f"/documents/{HUGE}/",
        f"/documents/{HUGER}/pdf/",
    ],
)
def test_huge_ids_in_paths_are_404(world, url):
    client = _api(world) if url.startswith("/api/") else _agent(world)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", [HUGE, HUGER, "-5", "x"])
def test_contract_list_page_out_of_range_is_a_page(world, page):
    assert _agent(world).get("/contrats/", {"page": page}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"ufr": HUGER},
        {"ufr": HUGE},
        {"campaign_year": HUGER},
        {"q": "CESP\x00"},
        {"region\x00": "76"},
    ],
)
def test_contract_list_refuses_without_error(world, query):
    response = _agent(world).get("/contrats/", query)
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert "Requête invalide" in response.content.decode()


def test_nul_in_api_query_is_a_french_422(world):
    response = _api(world).get("/api/contracts/", {"q": "CESP\x00"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["query", "q"], "msg": "caractère nul (U+0000) interdit", "type": "value_error"}
    ]


def test_nul_in_api_body_is_a_french_422_and_nothing_is_written(world):
    before = Contract.objects.count()
    body = {
        "reference": "CESP-NUL-1",
        "profession": "medecine",
        "category": "second_cycle",
        "campaign_year": 2024,
        "signature_date": "2024-09-01",
        "ufr": "ufr-montpellier",
        "reason": ["ok", "motif\x00"],
    }
    response = _api(world).post(
        "/api/contracts/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "reason", 1]
    assert Contract.objects.count() == before


def test_nul_in_a_form_field_is_a_french_400(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


def test_nul_in_a_cookie_is_a_french_400(world):
    client = Client()
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get("/simulateur/")
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


def test_nul_in_a_public_query_string_is_400(db):
    response = Client().get("/simulateur/", {"profession": "medecine\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize("contract", [HUGE, HUGER, "abc", "-1", ""])
def test_choosing_a_place_for_a_contract_id_out_of_range_is_404(world, contract):
    place = PracticePlace.objects.create(
        commune_code="09122",
        region="76",
        name="Cabinet de Foix",
        structure="cabinet",
        mode="liberal",
        profession="medecine",
        published_by=world.orgs["ars_occ"],
        published_on=dt.date(2025, 1, 1),
    )
    client = Client()
    client.force_login(world.users["student"])
    response = client.post(f"/territoires/lieux/{place.pk}/choisir/", {"contract": contract})
    assert response.status_code == 404
    response = client.post(f"/territoires/choix/{HUGER}/decider/", {"decision": "granted"})
    assert response.status_code == 404
    assert not PlaceChoice.objects.exists()
