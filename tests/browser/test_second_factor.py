"""Second-factor enrolment in a real browser (issue 12 §4): the page shows the QR code and
the secret, the right code confirms it, and the backup codes are shown (CSP checked)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(CESP_REQUIRE_OTP_FOR_AGENTS=True)
def test_an_agent_enrols_and_gets_backup_codes(live_server, page, shots):
    UserFactory(national=True, username="agent2fa")
    login(page, live_server.url, "agent2fa")
    page.goto(f"{live_server.url}/contrats/")
    assert "/accounts/otp/enrolement/" in page.url
    qr = page.locator("#otp-qr svg")
    qr.wait_for()
    box = qr.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    assert page.locator("#otp-secret").inner_text().strip()
    page.screenshot(path=str(shots / "otp-enrolment.png"), full_page=True)
    device = TOTPDevice.objects.get(user__username="agent2fa", confirmed=False)
    page.get_by_label("Code à usage unique").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirmer et activer").click()
    page.wait_for_load_state()
    codes = page.locator("#otp-backup-codes li")
    assert codes.count() == 10
    assert page.get_by_text("ne seront plus jamais affichés").is_visible()
    page.screenshot(path=str(shots / "otp-backup-codes.png"), full_page=True)
    page.get_by_role("link", name="Continuer").click()
    page.wait_for_load_state()
    assert page.url.endswith("/contrats/")
