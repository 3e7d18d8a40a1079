"""Public pages: reachable without login, French, DSFR layout, accessible basics."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_home_links_to_simulator_and_login(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Contrat d'engagement de service public" in html
    assert 'href="/simulateur/"' in html
    assert 'href="/accounts/login/"' in html
    assert '<html lang="fr"' in html
    # skip links and the DSFR stylesheet
    assert 'href="#content"' in html
    assert "dsfr.min.css" in html


def test_login_page_is_the_standard_form_in_french(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert '<label class="fr-label" for="id_username">Identifiant</label>' in html


def test_wrong_password_is_refused_with_a_french_message(client, django_user_model):
    django_user_model.objects.create_user("alice", password="correct-horse")
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_accessibility_statement_is_public(client):
    response = client.get("/accessibilite/")
    assert response.status_code == 200
    assert "partiellement conforme" in response.content.decode()


def test_not_found_page_is_in_french_within_the_layout(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert 'href="#content"' in html


def test_student_home_shows_own_contract_figures_and_next_deadline(client):
    import datetime as dt

    from tests.factories import ContractEventFactory, ContractFactory, UserFactory

    student = UserFactory(student=True, username="camille")
    contract = ContractFactory(signatory=student, reference="CESP-HOME-1")
    ContractFactory(reference="CESP-NOT-MINE")
    ContractEventFactory(contract=contract, thesis=True, date=dt.date(2099, 12, 10))
    client.force_login(student)
    html = client.get("/").content.decode()
    assert "Mon contrat CESP-HOME-1" in html
    assert "CESP-NOT-MINE" not in html
    assert "Allocation perçue" in html
    assert "10 décembre 2099" in html
