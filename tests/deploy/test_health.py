"""The health endpoint: anonymous, JSON, 503 when the database does not answer."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_health_answers_anonymous_callers_in_json(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"statut": "ok", "base_de_donnees": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_down(client, caplog):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json() == {"statut": "indisponible", "base_de_donnees": "erreur"}
    assert "database unavailable" in caplog.text


@pytest.mark.django_db
def test_health_refuses_writes(client):
    assert client.post("/sante/").status_code == 405
