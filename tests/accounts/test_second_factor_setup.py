"""A second factor an agent can set up (issue 12 §4): a QR code drawn on the server and the
secret in text, single-use backup codes shown once, and an audited reset by an
administrator when the device is lost (docs/accounts.md)."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cesp.accounts import services
from cesp.core.audit.models import AuditEntry
from tests.accounts.otp_support import (
    OTP_ON,
    _frozen_clock,  # noqa: F401 (the module's autouse fixture)
    client_for,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return UserFactory(national=True, username="agent")


def _enrol(client: Client) -> tuple[TOTPDevice, str]:
    """Open the enrolment page, confirm with the right code; the backup codes' page."""
    client.get("/accounts/otp/enrolement/")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/otp/enrolement/", {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 200
    return device, response.content.decode()


def _codes(html: str) -> list[str]:
    block = html.split('id="otp-backup-codes"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<code>([a-z2-7]{8})</code>", block)


@OTP_ON
def test_enrolment_shows_a_qr_code_and_the_secret_in_text(agent):
    html = client_for(agent).get("/accounts/otp/enrolement/").content.decode()
    device = TOTPDevice.objects.get(user=agent)
    svg = html.split('id="otp-qr"', 1)[1].split("</figure>", 1)[0]
    assert "<svg" in svg and "<path" in svg and "<script" not in svg
    assert "http" not in svg  # drawn here, no external service
    secret = b32encode(device.bin_key).decode().rstrip("=")
    shown = html.split('id="otp-secret"', 1)[1].split("</p>", 1)[0]
    assert secret == re.sub(r"[^A-Z2-7]", "", shown.replace("<code>", "").replace("</code>", ""))


@OTP_ON
def test_backup_codes_are_shown_once_and_each_works_once(agent):
    client = client_for(agent)
    _device, html = _enrol(client)
    codes = _codes(html)
    assert len(codes) == services.BACKUP_CODES == len(set(codes))
    assert StaticToken.objects.filter(device__user=agent).count() == len(codes)
    assert "ne seront plus jamais affichés" in html
    # never shown again: enrolment now sends to the code page
    assert (
        client_for(agent).get("/accounts/otp/enrolement/")["Location"].startswith("/accounts/otp/?")
    )
    # a backup code signs in once, in place of the authenticator's code
    fresh = client_for(agent)
    response = fresh.post("/accounts/otp/", {"token": codes[0].upper(), "next": "/contrats/"})
    assert response.status_code == 302 and response["Location"] == "/contrats/"
    assert fresh.get("/contrats/").status_code == 200
    again = client_for(agent).post("/accounts/otp/", {"token": codes[0]})
    assert again.status_code == 200 and "Code incorrect" in again.content.decode()
    assert StaticToken.objects.filter(device__user=agent).count() == len(codes) - 1


@OTP_ON
def test_an_administrator_resets_a_lost_device_with_a_reason_in_the_audit_log(agent):
    _enrol(client_for(agent))
    assert TOTPDevice.objects.filter(user=agent).exists()
    admin = UserFactory(admin=True, username="chef")
    TOTPDevice.objects.create(user=admin, name="cesp", confirmed=True)
    client = Client()
    client.force_login(admin)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=admin).persistent_id
    session.save()
    action = {"action": "reset_second_factor", "_selected_action": [agent.pk]}
    # first the confirmation page, asking for the reason; nothing deleted yet
    page = client.post("/admin/accounts/user/", action)
    assert page.status_code == 200 and "Motif" in page.content.decode()
    # no reason: refused, nothing deleted
    client.post("/admin/accounts/user/", {**action, "confirm": "oui", "reason": " "})
    assert TOTPDevice.objects.filter(user=agent).exists()
    assert not AuditEntry.objects.filter(action="accounts.otp.reset").exists()
    client.post(
        "/admin/accounts/user/",
        {**action, "confirm": "oui", "reason": "Téléphone perdu, identité vérifiée par appel"},
    )
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    entry = AuditEntry.objects.get(action="accounts.otp.reset")
    assert entry.actor == admin and entry.object_id == str(agent.pk)
    assert entry.reason == "Téléphone perdu, identité vérifiée par appel"
    assert len(entry.before["devices"]) == 2
    # the agent enrols anew at next sign-in
    assert (
        client_for(agent).get("/accounts/otp/")["Location"].startswith("/accounts/otp/enrolement/")
    )


def test_only_an_administrator_resets(agent):
    national = UserFactory(national=True, is_staff=True)
    TOTPDevice.objects.create(user=agent, name="cesp", confirmed=True)
    with pytest.raises(services.PermissionDenied):
        services.reset_second_factor(national, agent, "motif")
    with pytest.raises(services.PermissionDenied):
        services.reset_second_factor(agent, agent, "motif")
    assert TOTPDevice.objects.filter(user=agent).exists()
    assert not AuditEntry.objects.filter(action="accounts.otp.reset").exists()
