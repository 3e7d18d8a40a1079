"""The signatory's documents: monthly statement, annual income attestation, contract
status certificate — amounts from the ledger's lines, French, PDF archived."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from cesp.core.documents.models import Document
from cesp.payments import documents
from cesp.payments.enums import LineKind
from cesp.rules.months import Month
from tests.payments.line_factories import paid_line

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def lines(world):
    contract = world.own
    for month in ("2021-10", "2021-11", "2021-12"):
        paid_line(contract, month, dt.date(2022, 1, 20), kind=LineKind.ARREARS)
    paid_line(contract, "2022-01", dt.date(2022, 1, 20))
    paid_line(contract, "2022-02", dt.date(2022, 2, 20), pas_rate=Decimal("0.05"))
    paid_line(contract, "2023-01", dt.date(2023, 1, 20))
    return world


def test_attestation_sums_the_year_received_per_month_and_in_total(lines):
    doc = documents.attestation_for(lines.own, 2022, dt.date(2025, 3, 3))
    assert len(doc.rows) == 5
    assert [m.label for m in doc.months] == ["Versé en janvier 2022", "Versé en février 2022"]
    total = doc.total.sums
    assert total["gross"] == Decimal("6000.00")
    assert total["net"] == Decimal("1085.63") * 5
    assert total["taxable"] == Decimal("1119.83") * 5
    assert total["csg_deductible"] == Decimal("80.17") * 5
    assert total["pas"] == Decimal("55.99")  # 5 % of 1 119,83, rounded to the cent
    assert total["received"] == total["net"] - total["pas"]
    assert doc.rows[0].covered == "octobre 2021"


def test_statement_is_the_month_paid(lines):
    doc = documents.statement_for(lines.own, Month(2022, 1), dt.date(2025, 3, 3))
    assert len(doc.rows) == 4
    assert doc.total.sums["gross"] == Decimal("4800.00")


def test_pages_and_pdfs_for_the_signatory(client, lines):
    client.force_login(lines.users["student"])
    pk = lines.own.pk
    html = client.get(f"/paiements/contrat/{pk}/attestation/2022/").content.decode()
    assert "1\u202f085,63 €" in html and "Net imposable" in html and "5\u202f428,15 €" in html
    response = client.get(f"/paiements/contrat/{pk}/attestation/2022/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert bytes(response.content).startswith(b"%PDF")
    document = Document.objects.get(pk=response["X-Document-Id"])
    assert document.kind == "income_attestation"
    assert document.facts[1]["ids"]  # the lines it was made from
    response = client.get(f"/paiements/contrat/{pk}/releve/2022-01/?format=pdf")
    assert response.status_code == 200 and bytes(response.content).startswith(b"%PDF")
    # the archived document's own page is readable by its signatory only
    assert client.get(f"/documents/{document.pk}/").status_code == 200
    client.force_login(lines.users["other_student"])
    assert client.get(f"/documents/{document.pk}/").status_code == 404


def test_certificate_from_the_rules(client, lines):
    certificate = documents.certificate_for(lines.own, dt.date(2025, 3, 3))
    text = "\n".join(certificate.lines)
    assert "CESP-MTP-0001" in text and "signé le 20/06/2022" in text
    assert "Situation au 03/03/2025 : en études." in text
    assert "Allocation nette reçue à cette date : 6\u202f513,78 €." in text
    client.force_login(lines.users["student"])
    response = client.get(f"/paiements/contrat/{lines.own.pk}/situation/?format=pdf")
    assert response.status_code == 200 and bytes(response.content).startswith(b"%PDF")


def test_empty_year_says_so(client, lines):
    client.force_login(lines.users["student"])
    html = client.get(f"/paiements/contrat/{lines.own.pk}/attestation/2019/").content.decode()
    assert "Aucune somme versée sur cette période." in html
