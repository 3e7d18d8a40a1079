"""The API answers as documented (cesp/api.py): 401 for a missing or bad credential
(never a CSRF 403), French messages, and every error answer declared in the schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from ninja.errors import ValidationError as SchemaValidationError

from cesp.api import FRENCH_FALLBACK, NOT_FOUND, UNAUTHENTICATED, api, on_schema_error
from cesp.contracts.models import ContractEvent
from tests.factories import api_token_for

WRITES = [
    ("/api/contracts/", {"reference": "X"}),
    ("/api/contracts/{own}/events", {"type": "des", "date": "2027-10-15"}),
]


@pytest.mark.parametrize("path, body", WRITES)
@pytest.mark.parametrize("authorization", [None, "Bearer inconnu", "Basic eDp5", "Bearer "])
def test_a_write_without_a_valid_credential_is_401_not_a_csrf_403(world, path, body, authorization):
    client = Client(enforce_csrf_checks=True)
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post(
        path.format(own=world.own.pk),
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHENTICATED}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not ContractEvent.objects.exists()


def test_a_revoked_token_is_401(world):
    from cesp.accounts.models import ApiToken

    raw = api_token_for(world.orgs["ufr_mtp"])
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    response = Client().get("/api/contracts/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_signed_in_session_still_needs_its_csrf_token_for_writes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["ufr_agent"])
    response = client.post(
        f"/api/contracts/{world.own.pk}/events",
        json.dumps({"type": "des", "date": "2027-10-15"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Vérification CSRF échouée")
    assert not ContractEvent.objects.exists()


def test_a_valid_token_writes_without_csrf(world):
    raw = api_token_for(world.orgs["ufr_mtp"])
    response = Client(enforce_csrf_checks=True).post(
        f"/api/contracts/{world.own.pk}/events",
        json.dumps({"type": "des", "date": "2027-10-15"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code != 401 and response.status_code != 403, response.content


def test_not_found_is_french_and_says_nothing_of_the_scope(world):
    client = Client()
    client.force_login(world.users["ufr_agent"])
    for path in ("/api/contracts/999999", f"/api/contracts/{world.other.pk}"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Not Found" not in response.content.decode()
    assert client.get("/api/contracts/999999/events").json() == {"detail": NOT_FOUND}


def test_schema_errors_are_french_even_for_unlisted_types(rf):
    request = rf.get("/api/contracts/")
    errors = [
        {
            "type": "string_too_long",
            "loc": ["body", "x"],
            "msg": "String should have at most 10 characters",
            "ctx": {"max_length": 10},
        },
        {"type": "some_future_pydantic_type", "loc": ["body", "y"], "msg": "Input is bad"},
    ]
    body = json.loads(on_schema_error(request, SchemaValidationError(errors)).content)
    messages = [item["msg"] for item in body["detail"]]
    assert messages == ["texte trop long (10 caractères au plus)", FRENCH_FALLBACK]


def test_every_error_answer_is_declared_in_the_schema(db):
    schema = api.get_openapi_schema()
    checked = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = {str(code) for code in operation["responses"]}
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in responses, (method, path)
            if operation.get("security"):
                assert "401" in responses, (method, path)
                if method == "post":
                    assert "403" in responses, (method, path)
            checked += 1
    assert checked >= 10
    assert "ErrorOut" in schema["components"]["schemas"]
    served = Client().get("/api/openapi.json").json()
    assert "422" in served["paths"]["/api/contracts/"]["get"]["responses"]
    assert "401" in served["paths"]["/api/contracts/"]["get"]["responses"]
