"""Agents see people, not only references (issue 12 §2): the signatory's name is a fact
of the contract, with or without an account; agents' lists, pages, homes and exports
show it and the list is searched by it; researchers and the observatory never see it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cesp.contracts.enums import EventType
from cesp.contracts.models import Contract
from cesp.contracts.services import import_contracts
from cesp.core.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC)


@pytest.fixture
def named(world):
    """The world's contracts named; one more without an account (an imported one)."""
    Contract.objects.filter(pk=world.own.pk).update(
        signatory_last_name="Vayssettes-Marc", signatory_first_name="Camille"
    )
    Contract.objects.filter(pk=world.other.pk).update(
        signatory_last_name="Le Gall", signatory_first_name="Yann"
    )
    unlinked = factories.ContractFactory(
        reference="CESP-MTP-0002",
        signatory=None,
        ufr=world.orgs["ufr_mtp"],
        signatory_last_name="Oyarzabal",
        signatory_first_name="Inès",
    )
    factories.ContractEventFactory(
        contract=unlinked, type=EventType.INTERNSHIP_START, date=dt.date(2023, 11, 2)
    )
    return unlinked


def _client(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@time_machine.travel(NOW, tick=False)
def test_agents_list_and_page_show_the_name_and_search_by_it(world, named):
    client = _client(world, "ufr_agent")
    page = client.get("/contrats/").content.decode()
    assert "Camille Vayssettes-Marc" in page and "Inès Oyarzabal" in page and "—</td>" not in page
    found = client.get("/contrats/", {"q": "inès oyarzabal"}).content.decode()
    assert "CESP-MTP-0002" in found and "CESP-MTP-0001" not in found
    assert "CESP-MTP-0001" in client.get("/contrats/", {"q": "vaysse"}).content.decode()
    detail = client.get(f"/contrats/{named.pk}/").content.decode()
    assert "Inès Oyarzabal" in detail
    home = client.get("/").content.decode()
    assert "Inès Oyarzabal" in home  # recent events name the signatory
    export = client.get(
        "/contrats/export/", {"format": "csv", "columns": ["reference", "signatory"]}
    ).content.decode("utf-8-sig")
    assert "Signataire" in export.splitlines()[0]
    assert "Inès Oyarzabal" in export and "Camille Vayssettes-Marc" in export


def test_the_api_creates_and_returns_the_name_to_agents_in_scope(world, named):
    client = _client(world, "national")
    body = {
        "reference": "CESP-MTP-0100",
        "profession": "medecine",
        "category": "second_cycle",
        "campaign_year": 2021,
        "signature_date": "2022-06-20",
        "ufr": "ufr-montpellier",
        "signatory_last_name": "Hoarau",
        "signatory_first_name": "Noémie",
    }
    response = client.post("/api/contracts/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["signatory_last_name"], created["signatory_first_name"]) == (
        "Hoarau",
        "Noémie",
    )
    detail = client.get(f"/api/contracts/{created['id']}").json()
    assert detail["signatory_last_name"] == "Hoarau"
    listed = client.get("/api/contracts/", {"q": "hoarau"}).json()
    assert [i["reference"] for i in listed["items"]] == ["CESP-MTP-0100"]
    # the audit log keeps ids, never names
    entry = AuditEntry.objects.get(action="contract.create", contract_id=created["id"])
    assert "Hoarau" not in json.dumps(entry.after)


def test_a_student_sees_only_their_own_name(world, named):
    client = _client(world, "student")
    own = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert "Camille Vayssettes-Marc" in own
    assert client.get(f"/contrats/{named.pk}/").status_code == 404
    listed = client.get("/api/contracts/").json()
    assert [i["signatory_last_name"] for i in listed["items"]] == ["Vayssettes-Marc"]
    assert "Oyarzabal" not in client.get("/contrats/", {"q": "x"}).content.decode()


def test_import_stores_the_optional_name_columns():
    factories.OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")
    header = (
        "profile_id,profession,status,signature_date,ufr,signatory_last_name,signatory_first_name"
    )
    data = f"{header}\nP1,medecine,signed,2022-06-20,ufr-montpellier,Roussel,Jade\n".encode()
    report = import_contracts(None, data, commit=True)
    assert report.committed, report.to_text()
    contract = Contract.objects.get(reference="P1")
    assert contract.signatory is None and contract.signatory_name == "Jade Roussel"


@time_machine.travel(NOW, tick=False)
def test_researchers_and_the_observatory_never_see_names(world, named):
    practising = factories.ContractFactory(
        ufr=world.orgs["ufr_mtp"],
        signatory_last_name="Zwaldtberg",
        signatory_first_name="Yxelle",
        specialty="medecine_generale",
    )
    for kind, day in (
        (EventType.DES, dt.date(2025, 10, 15)),
        (EventType.THESIS, dt.date(2025, 12, 10)),
    ):
        factories.ContractEventFactory(contract=practising, type=kind, date=day)
    factories.ContractEventFactory(
        contract=practising,
        type=EventType.PRACTICE,
        date=None,
        start=dt.date(2026, 2, 1),
        zone_share=Decimal(1),
        commune_code="48095",
    )
    names = ("Zwaldtberg", "Yxelle", "Vayssettes-Marc", "Oyarzabal", "Le Gall-Kerbrat")
    researcher = _client(world, "researcher")
    seen = [
        researcher.get(reverse("observatory:dashboard")).content.decode(),
        researcher.get(reverse("observatory:export", args=["extract"])).content.decode(),
        researcher.get(reverse("observatory:export", args=["json"])).content.decode(),
        researcher.get("/api/contracts/").content.decode(),
    ]
    assert researcher.get(f"/contrats/{practising.pk}/").status_code == 404
    national = _client(world, "national")  # the observatory's internal mode too
    seen.append(
        national.get(reverse("observatory:dashboard"), {"mode": "internal"}).content.decode()
    )
    for text in seen:
        assert [name for name in names if name in text] == []
