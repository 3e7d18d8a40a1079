"""Response headers: CSP on every page, no-store on everything an authenticated caller
receives, the API's docs closed to anonymous callers when configured so (production)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import api_token_for


def test_every_page_has_a_strict_content_security_policy(client, db):
    policy = client.get("/simulateur/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_public_pages_may_be_cached_but_authenticated_ones_never(world):
    assert "no-store" not in Client().get("/simulateur/").get("Cache-Control", "")
    client = Client()
    client.force_login(world.users["ufr_agent"])
    export = "/contrats/export/?columns=reference&format=csv"
    for url in ("/", "/contrats/", f"/contrats/{world.own.pk}/", export):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_api_answers_to_a_token_are_not_stored(world):
    token = api_token_for(world.orgs["ufr_mtp"])
    response = Client().get("/api/contracts/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("public", [True, False])
def test_api_docs_are_closed_to_anonymous_callers_unless_public(world, settings, public):
    settings.CESP_API_DOCS_PUBLIC = public
    anonymous = Client()
    schema, docs = anonymous.get("/api/openapi.json"), anonymous.get("/api/docs")
    if public:
        assert (schema.status_code, docs.status_code) == (200, 200)
        return
    assert schema.status_code == 401
    assert schema.json() == {"detail": "Authentification requise."}
    assert docs.status_code == 302
    assert docs["Location"].startswith("/accounts/login/?next=/api/docs")
    signed_in = Client()
    signed_in.force_login(world.users["student"])
    assert signed_in.get("/api/openapi.json").status_code == 200
    assert signed_in.get("/api/docs").status_code == 200
    token = api_token_for(world.orgs["ars_occ"])
    bearer = {"Authorization": f"Bearer {token}"}
    assert anonymous.get("/api/openapi.json", headers=bearer).status_code == 200
