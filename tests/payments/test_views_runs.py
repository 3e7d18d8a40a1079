"""The payer's pages: runs with their state and the steps each agent may take (ordering
and export by two different people), anomalies, files, bank returns; scope and input."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from cesp.payments import runs
from cesp.payments.enums import AccountStatus, FileKind, RunStatus, TransferStatus
from cesp.payments.models import BankAccount, PaymentFile, PaymentRun
from cesp.rules.months import Month
from tests.factories import ContractFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 25, 10, tzinfo=dt.UTC), tick=False):
        yield


def _grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="payments", codename__in=codenames)
    )


@pytest.fixture
def payer(world):
    """A contract signed in May 2026 with a confirmed account, one without; the June run
    computed; ``national`` orders, ``comptable`` produces the file."""
    paid = ContractFactory(
        reference="CESP-PAY-0001",
        signatory=world.users["student"],
        campaign_year=2025,
        signature_date=dt.date(2026, 5, 4),
    )
    ContractFactory(
        reference="CESP-PAY-0002", campaign_year=2025, signature_date=dt.date(2026, 5, 6)
    )
    BankAccount.objects.create(
        contract=paid,
        iban="FR7630006000011234567890189",
        bic="AGRIFRPPXXX",
        holder_name="Camille Martin",
        valid_from=dt.date(2026, 5, 4),
        status=AccountStatus.CONFIRMED,
    )
    runs.compute_run(Month(2026, 6), apply=True)
    world.run = PaymentRun.objects.get(month=dt.date(2026, 6, 1))
    _grant(world.users["national"], "order_run", "import_returns")
    world.accountant = UserFactory(national=True, username="comptable")
    _grant(world.accountant, "export_run", "import_returns")
    return world


def _text(response) -> str:
    return html_lib.unescape(response.content.decode())


def _steps(client, run):
    html = _text(client.get(f"/paiements/versements/{run.pk}/"))
    return {step for step in ("check", "order", "export", "send") if f'data-step="{step}"' in html}


def test_a_run_goes_through_two_agents(client, payer):
    run = payer.run
    client.force_login(payer.users["national"])
    html = _text(client.get("/paiements/versements/"))
    assert 'data-run="2026-06" data-status="draft"' in html
    page = _text(client.get(f"/paiements/versements/{run.pk}/"))
    assert "CESP-PAY-0002" in page and "Aucun IBAN confirmé" in page  # the anomaly
    assert _steps(client, run) == {"check"}
    client.post(f"/paiements/versements/{run.pk}/etape/check/")
    assert _steps(client, run) == {"order"}
    response = client.post(f"/paiements/versements/{run.pk}/etape/order/", follow=True)
    assert "Versement ordonnancé." in _text(response)
    assert _steps(client, run) == set()  # who ordered may not produce the file
    refused = client.post(f"/paiements/versements/{run.pk}/etape/export/", follow=True)
    assert "séparation de l'ordonnateur et du comptable" in _text(refused) or (
        "pas le droit" in _text(refused)
    )
    run.refresh_from_db()
    assert run.status == RunStatus.ORDERED
    client.force_login(payer.accountant)
    assert _steps(client, run) == {"export"}
    response = client.post(f"/paiements/versements/{run.pk}/etape/export/", follow=True)
    assert "Fichier de virement produit" in _text(response)
    order = PaymentFile.objects.get(run=run, kind=FileKind.PAIN001)
    download = client.get(f"/paiements/fichiers/{order.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/xml"
    assert bytes(download.content).startswith(b"<?xml")
    again = client.post(f"/paiements/versements/{run.pk}/etape/export/", follow=True)
    assert again.status_code == 200  # refused in French, nothing written
    assert PaymentFile.objects.filter(run=run, kind=FileKind.PAIN001).count() == 1


def test_bank_return_upload_errors_are_french_and_nothing_is_saved(client, payer):
    client.force_login(payer.users["national"])
    before = PaymentFile.objects.count()
    response = client.post("/paiements/retours/", {})
    assert "Choisissez le fichier reçu de la banque." in _text(response)
    bad = SimpleUploadedFile("retour.xml", b"pas du xml", content_type="text/xml")
    response = client.post("/paiements/retours/", {"file": bad})
    assert response.status_code == 200
    assert "rien n'a été importé" in _text(response)
    unknown = SimpleUploadedFile(
        "retour.xml",
        b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">'
        b"<CstmrPmtStsRpt><GrpHdr><MsgId>X</MsgId></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>Y"
        b"</OrgnlMsgId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><TxInfAndSts>"
        b"<OrgnlEndToEndId>CESP-0-202606</OrgnlEndToEndId><TxSts>RJCT</TxSts></TxInfAndSts>"
        b"</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>",
        content_type="text/xml",
    )
    response = client.post("/paiements/retours/", {"file": unknown})
    assert "Ligne 1 du fichier" in _text(response)
    assert PaymentFile.objects.count() == before


@pytest.mark.parametrize("who", ["student", "ufr_agent", "ars_referent", "researcher"])
def test_payer_pages_are_404_outside_the_national_manager(client, payer, who):
    client.force_login(payer.users[who])
    pk = payer.run.pk
    for url in (
        "/paiements/versements/",
        f"/paiements/versements/{pk}/",
        "/paiements/retours/",
        "/paiements/fichiers/1/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/paiements/versements/{pk}/etape/check/").status_code == 404
    payer.run.refresh_from_db()
    assert payer.run.status == RunStatus.DRAFT


def test_bad_step_and_ids_are_not_server_errors(client, payer):
    client.force_login(payer.users["national"])
    pk = payer.run.pk
    assert client.post(f"/paiements/versements/{pk}/etape/zzz/").status_code == 404
    assert client.get(f"/paiements/versements/{pk}/etape/check/").status_code == 405
    assert client.get("/paiements/versements/99999999999999999999/").status_code == 404
    assert client.get("/paiements/fichiers/99999999999999999999/").status_code == 404


def test_returns_page_needs_the_import_permission(client, payer):
    client.force_login(payer.users["admin"])  # superuser: every permission
    assert client.get("/paiements/retours/").status_code == 200
    other = UserFactory(national=True, username="sans-droit")
    client.force_login(other)
    assert client.get("/paiements/versements/").status_code == 200
    assert client.get("/paiements/retours/").status_code == 404


def _visible(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html_lib.unescape(html)).split())


def test_payer_pages_speak_french_only(client, payer):
    """No internal code in the visible text: steps, transfer states, anomaly codes."""
    client.force_login(payer.users["national"])
    codes = {*RunStatus.values, *TransferStatus.values, "missing_iban", "overpayment"}
    for url in ("/paiements/versements/", f"/paiements/versements/{payer.run.pk}/"):
        words = set(_visible(client.get(url).content.decode()).split())
        assert not codes & words, url
