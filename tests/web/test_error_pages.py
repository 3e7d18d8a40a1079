"""Error pages: French, DSFR layout, no inline code (CSP), never Django's debug page."""

from __future__ import annotations

import importlib
import re

import pytest
from django.test import Client

from tests.factories import UserFactory


def assert_french_error_page(response, status: int, title: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f"Erreur {status}" in html
    assert re.search(r'class="fr-header[ "]', html) and re.search(r'class="fr-footer[ "]', html)
    assert 'href="/"' in html
    # Nothing the CSP would refuse, nothing of Django's debug or default pages.
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    for leak in ("Traceback", "URLconf", "Django", "CSRF verification failed", "Bad Request"):
        assert leak not in html
    return html


@pytest.mark.django_db
def test_404_is_french_for_visitors_and_signed_in_users():
    assert_french_error_page(Client().get("/nulle-part/"), 404, "Page introuvable")
    client = Client()
    client.force_login(UserFactory(student=True))
    html = assert_french_error_page(client.get("/nulle-part/"), 404, "Page introuvable")
    assert 'href="#content"' in html  # the full layout, menu included


@pytest.mark.django_db
@pytest.mark.urls("tests.web.error_urls")
def test_403_is_french():
    client = Client()
    client.force_login(UserFactory(student=True))
    assert_french_error_page(client.get("/essai/interdit/"), 403, "Action non autorisée")


@pytest.mark.django_db
@pytest.mark.urls("tests.web.error_urls")
def test_500_is_french_and_shows_no_trace():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(student=True))
    html = assert_french_error_page(client.get("/essai/panne/"), 500, "Erreur inattendue")
    assert "panne simulée" not in html


@pytest.mark.django_db
def test_400_is_french():
    response = Client().get("/", headers={"host": "intrus.example"})
    assert_french_error_page(response, 400, "Requête invalide")


@pytest.mark.django_db
def test_csrf_failure_is_french():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    html = assert_french_error_page(response, 403, "Formulaire expiré")
    assert "Rien n'a été enregistré" in html


def test_the_demo_runs_with_debug_off(monkeypatch):
    """``cesp demo`` uses the dev settings: Django's debug page (with the URL map) is
    only ever shown to a developer who asks for it with CESP_DEBUG=1."""
    monkeypatch.delenv("CESP_DEBUG", raising=False)
    dev = importlib.import_module("cesp.settings.dev")
    assert importlib.reload(dev).DEBUG is False
    monkeypatch.setenv("CESP_DEBUG", "1")
    assert importlib.reload(dev).DEBUG is True
