"""REST API: creating a contract (POST /api/contracts/) and the deadlines of the detail."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from cesp.contracts.models import Contract
from cesp.core.audit.models import AuditEntry
from tests.factories import ContractEventFactory, api_token_for

pytestmark = pytest.mark.django_db

BODY = {
    "reference": "CESP-MTP-0100",
    "profession": "medecine",
    "category": "second_cycle",
    "campaign_year": 2021,
    "signature_date": "2022-06-20",
    "ufr": "ufr-montpellier",
}

# role → status of POST /api/contracts/ for a contract of the UFR of Montpellier
CREATE_MATRIX = {
    "anonymous": 401,
    "student": 403,
    "ufr_agent": 201,  # their own UFR
    "commission": 403,
    "ars_referent": 403,
    "ars_director": 403,
    "ars_other": 403,
    "national": 201,
    "researcher": 403,
    "admin": 201,
}


def _client(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _post(client: Client, body: dict):
    return client.post("/api/contracts/", body, content_type="application/json")


@pytest.mark.parametrize("role", CREATE_MATRIX)
def test_create_permission_matrix(world, role):
    before = Contract.objects.count()
    response = _post(_client(world, role), BODY)
    assert response.status_code == CREATE_MATRIX[role], response.content
    created = response.status_code == 201
    assert Contract.objects.count() == before + (1 if created else 0)
    assert AuditEntry.objects.filter(action="contract.create").count() == (1 if created else 0)


def test_ufr_agent_cannot_create_for_another_ufr(world):
    response = _post(_client(world, "ufr_agent"), {**BODY, "ufr": "ufr-rennes"})
    assert response.status_code == 403
    assert not Contract.objects.filter(reference=BODY["reference"]).exists()


@pytest.mark.parametrize(("org", "expected"), [("ufr_mtp", 201), ("ars_occ", 403)])
def test_organisation_tokens_create_within_their_rights(world, org, expected):
    raw = api_token_for(world.orgs[org])
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert _post(client, BODY).status_code == expected


def test_created_contract_is_returned_readable_and_audited(world):
    client = _client(world, "national")
    response = _post(client, {**BODY, "reason": "saisie du dossier papier"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == client.get(f"/api/contracts/{body['id']}").json()
    assert body["reference"] == "CESP-MTP-0100" and body["ufr"] == "ufr-montpellier"
    assert body["followup_region"] == "76"  # the UFR's region by default
    assert body["events"] == [] and body["figures"] is not None
    contract = Contract.objects.get(pk=body["id"])
    entry = AuditEntry.objects.get(action="contract.create")
    assert entry.object_id == str(contract.pk) and entry.actor == world.users["national"]
    assert entry.reason == "saisie du dossier papier"


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"colour": "red"}, ["body", "payload", "colour"]),
        ({"campaign_year": False}, ["body", "payload", "campaign_year"]),
        ({"campaign_year": "2021"}, ["body", "payload", "campaign_year"]),
        ({"signature_date": "2022-02-30"}, ["body", "payload", "signature_date"]),
        ({"signature_date": 20220620}, ["body", "payload", "signature_date"]),
        ({"profession": "veterinaire"}, ["body", "payload", "profession"]),
        ({"category": "fourth_cycle"}, ["body", "payload", "category"]),
        ({"ufr": "ufr-inconnue"}, ["body", "payload", "ufr"]),
        ({"reference": "CESP-MTP-0001"}, ["body", "payload", "reference"]),  # taken
        ({"reference": ""}, ["body", "payload", "reference"]),
        ({"followup_region": "9999"}, ["body", "payload", "followup_region"]),
        ({"specialty": 3}, ["body", "payload", "specialty"]),
        ({"category": "padhue"}, ["body", "payload", "category"]),  # refused by the rules
    ],
)
def test_strict_input_gives_422_with_the_field_path(world, change, loc):
    before = Contract.objects.count()
    response = _post(_client(world, "national"), {**BODY, **change})
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert loc in [item["loc"] for item in detail]
    assert all(item["msg"] and "should" not in item["msg"] for item in detail)  # French
    assert Contract.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_missing_field_is_422_with_its_path(world):
    body = {key: value for key, value in BODY.items() if key != "signature_date"}
    response = _post(_client(world, "national"), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "signature_date"]
    assert response.json()["detail"][0]["msg"] == "champ obligatoire"


def test_deadlines_of_an_intern_within_the_30_day_window(world):
    """R17 (arrêté du 27 juillet 2010, art. 3, 2° c): request within 30 days, day 30 included."""
    ContractEventFactory(contract=world.own, type="internship_start", date=dt.date(2024, 11, 4))
    client = _client(world, "student")
    with time_machine.travel(dt.datetime(2024, 11, 14, 12, tzinfo=dt.UTC), tick=False):
        body = client.get(f"/api/contracts/{world.own.pk}").json()
    request = [d for d in body["deadlines"] if d["kind"] == "third_cycle_request"]
    assert len(request) == 1, body["deadlines"]
    assert request[0]["date"] == "2024-12-04"  # 4 November + 30 days
    assert request[0]["actor"] == "signataire"
    assert "troisième cycle" in request[0]["label"]
    assert any("art. 3, 2° c" in source for source in request[0]["sources"])
    dates = [d["date"] for d in body["deadlines"]]
    assert dates == sorted(dates) and all(d >= "2024-11-14" for d in dates)
    with time_machine.travel(dt.datetime(2024, 12, 5, 12, tzinfo=dt.UTC), tick=False):
        client = _client(world, "student")  # a fresh session: the first one has expired
        later = client.get(f"/api/contracts/{world.own.pk}").json()
    assert "third_cycle_request" not in [d["kind"] for d in later["deadlines"]]  # window closed
