"""Second factor for agents (reliability.md: "Agents: second factor (django-otp)")."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cesp.accounts.models import ApiToken
from tests.accounts.otp_support import (
    OTP_ON,
    _frozen_clock,  # noqa: F401 (the module's autouse fixture)
    client_for,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


@pytest.fixture
def agent():
    return UserFactory(national=True, username="agent")


@pytest.fixture
def device(agent):
    return TOTPDevice.objects.create(user=agent, name="cesp", confirmed=True)


@OTP_ON
def test_unverified_agent_is_sent_to_the_code_page(agent, device):
    client = client_for(agent)
    response = client.get("/contrats/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/?next=%2Fcontrats%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Code à usage unique" in page.content.decode()
    assert client.get("/simulateur/").status_code == 200  # public pages stay reachable


@OTP_ON
def test_a_student_is_never_asked_for_a_code():
    student = UserFactory(student=True, username="etudiant")
    client = client_for(student)
    response = client.get("/contrats/")
    assert not response.get("Location", "").startswith("/accounts/otp/")
    assert client.get("/accounts/otp/").status_code == 302  # nothing to verify


@OTP_ON
def test_a_wrong_code_is_refused_in_french_beside_the_field(agent, device):
    client = client_for(agent)
    wrong = (int(_code(device)) + 1) % 1_000_000
    response = client.post("/accounts/otp/", {"token": f"{wrong:06d}", "next": "/contrats/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_token-error"' in html and "Code incorrect ou expiré" in html
    assert client.get("/contrats/").status_code == 302
    letters = client.post("/accounts/otp/", {"token": "12a456"})
    assert "ne contient que des chiffres" in letters.content.decode()


@OTP_ON
def test_the_right_code_lets_the_agent_through(agent, device):
    client = client_for(agent)
    response = client.post("/accounts/otp/", {"token": _code(device), "next": "/contrats/"})
    assert response.status_code == 302 and response["Location"] == "/contrats/"
    assert client.get("/contrats/").status_code == 200
    # the same code cannot be replayed in another session
    other = client_for(agent)
    replay = other.post("/accounts/otp/", {"token": _code(device)})
    assert "Code incorrect ou expiré" in replay.content.decode()


@OTP_ON
def test_an_external_next_is_not_followed(agent, device):
    client = client_for(agent)
    response = client.post(
        "/accounts/otp/", {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@OTP_ON
def test_enrolment_shows_the_secret_and_confirms_the_device_on_a_right_code(agent):
    client = client_for(agent)
    assert client.get("/accounts/otp/")["Location"].startswith("/accounts/otp/enrolement/")
    page = client.get("/accounts/otp/enrolement/")
    device = TOTPDevice.objects.get(user=agent)
    assert not device.confirmed
    assert "otpauth://totp/" in page.content.decode()
    assert client.get("/accounts/otp/enrolement/").status_code == 200
    assert TOTPDevice.objects.filter(user=agent).count() == 1  # the same secret, shown again
    response = client.post("/accounts/otp/enrolement/", {"token": _code(device)})
    assert response.status_code == 200  # the backup codes, shown once
    assert 'id="otp-backup-codes"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/contrats/").status_code == 200
    # once confirmed, the secret is never shown again, even to a fresh session
    again = client_for(agent).get("/accounts/otp/enrolement/")
    assert again["Location"].startswith("/accounts/otp/?")


@OTP_ON
def test_api_ignores_an_unverified_agent_session_but_accepts_tokens(agent, device):
    client = client_for(agent)
    assert client.get("/api/contracts/").status_code == 401
    _, raw = ApiToken.issue(agent.organisation, "batch")
    bearer = Client().get("/api/contracts/", headers={"Authorization": f"Bearer {raw}"})
    assert bearer.status_code == 200


@OTP_ON
def test_admin_is_not_a_way_around(device):
    admin = UserFactory(admin=True, username="chef")
    TOTPDevice.objects.create(user=admin, name="cesp", confirmed=True)
    response = client_for(admin).get("/admin/")
    assert response["Location"].startswith("/accounts/otp/")


def test_with_the_setting_off_nothing_changes(agent, device):
    client = client_for(agent)
    assert client.get("/contrats/").status_code == 200
    assert client.get("/api/contracts/").status_code == 200
