"""Territories pages: French answers, scope, nothing written on bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET

import pytest

from cesp.contracts.enums import EventType
from cesp.core.documents.models import Document
from cesp.territories.models import PlaceChoice, PracticePlace, ProjectDeclaration, ZoningVersion
from tests.core.documents.pdf import pdf_text
from tests.factories import ContractEventFactory, ContractFactory, UserFactory

from .conftest import zoning_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(db):
    return UserFactory(student=True, username="etu")


@pytest.fixture
def referent(ars_occitanie):
    return UserFactory(ars_referent=True, organisation=ars_occitanie, username="ref")


@pytest.fixture
def director(ars_occitanie):
    return UserFactory(ars_director=True, organisation=ars_occitanie, username="dir")


def test_pages_require_login(client):
    response = client.get("/territoires/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_lookup_page_answers_with_explanation(client, student, occitanie_zoning):
    client.force_login(student)
    page = client.get(
        "/territoires/", {"commune": "09001", "date": "2025-01-15", "profession": "medecine"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="zone-badge">ZIP<' in html and "compte pour le CESP" in html
    assert "Arrêté ARS Occitanie du 4 mai 2022" in html


def test_lookup_page_unknown_commune_error_beside_field(client, student, occitanie_zoning):
    client.force_login(student)
    html = client.get(
        "/territoires/", {"commune": "99999", "date": "2025-01-15", "profession": "medecine"}
    ).content.decode()
    assert "Aucune commune n&#x27;a le code « 99999 »" in html and "fr-error-text" in html


def test_lookup_page_no_zoning_says_so(client, student, occitanie_zoning):
    client.force_login(student)
    html = client.get(
        "/territoires/", {"commune": "09001", "date": "2019-01-15", "profession": "medecine"}
    ).content.decode()
    assert 'id="no-answer"' in html and "aucune classe par défaut" in html


def test_aids_page(client, student, occitanie_zoning):
    client.force_login(student)
    html = client.get(
        "/territoires/aides/",
        {
            "commune": "09122",
            "date": "2026-02-01",
            "profession": "medecine",
            "mode": "liberal",
            "guard_sector_zip": "",
        },
    ).content.decode()
    assert 'data-aid="am_installation_zip"' in html and "10000.00 €" in html


def test_map_page_and_svg(client, student, occitanie_zoning):
    client.force_login(student)
    page = client.get("/territoires/carte/", {"date": "2025-01-15", "profession": "medecine"})
    assert page.status_code == 200 and page.content.count(b"data-code=") >= 4446 + 101
    assert 'data-code="09" data-name="Ariège" data-value="100 %"' in page.content.decode()
    assert 'data-code="31" data-name="Haute-Garonne" data-value="0 %"' in page.content.decode()
    svg = client.get("/territoires/carte.svg", {"date": "2025-01-15"})
    assert svg["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.content)
    assert "04/05/2022" in "".join(root.itertext())


def test_import_page_refuses_students_and_reports_errors(client, student, referent):
    client.force_login(student)
    assert client.get("/territoires/zonages/importer/").status_code == 403
    client.force_login(referent)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("z.csv", zoning_csv(extra_lines=["99999;X;1_ZIP"]))
    response = client.post(
        "/territoires/zonages/importer/",
        {
            "file": bad,
            "region": "76",
            "profession": "medecine",
            "valid_from": "2025-05-16",
            "act": "Arrêté test",
            "apply": "on",
        },
    )
    html = response.content.decode()
    assert "rien n'a été importé" in html and "99999" in html
    assert not ZoningVersion.objects.exists()
    good = SimpleUploadedFile("z.csv", zoning_csv())
    client.post(
        "/territoires/zonages/importer/",
        {
            "file": good,
            "region": "76",
            "profession": "medecine",
            "valid_from": "2025-05-16",
            "act": "Arrêté test",
            "apply": "on",
        },
    )
    assert ZoningVersion.objects.get().imported_by == referent


def test_referent_cannot_import_for_another_region(client, referent):
    client.force_login(referent)
    html = client.get("/territoires/zonages/importer/").content.decode()
    assert 'value="76"' in html and 'value="53"' not in html


def test_places_conflict_goes_to_the_director(client, referent, director, student):
    client.force_login(referent)
    client.post(
        "/territoires/lieux/",
        {
            "commune": "09122",
            "name": "Cabinet de Foix",
            "structure": "cabinet",
            "mode": "liberal",
            "specialty": "médecine générale",
            "profession": "medecine",
            "published_on": "2025-01-01",
        },
    )
    place = PracticePlace.objects.get()
    first = ContractFactory(signatory=student)
    second = ContractFactory()
    client.force_login(student)
    client.post(f"/territoires/lieux/{place.pk}/choisir/", {"contract": first.pk})
    client.force_login(second.signatory)
    client.post(f"/territoires/lieux/{place.pk}/choisir/", {"contract": second.pk})
    assert PlaceChoice.objects.count() == 2
    assert director.messages.filter(kind="place_conflict").count() == 2
    client.force_login(director)
    notes = client.get("/territoires/notifications/").content.decode()
    assert notes.count("Lieu libéral demandé par plusieurs signataires : Cabinet de Foix") == 2
    html = client.get("/territoires/lieux/").content.decode()
    assert "décision du directeur" in html
    choice = PlaceChoice.objects.get(contract=first)
    client.post(f"/territoires/choix/{choice.pk}/decider/", {"decision": "granted"})
    choice.refresh_from_db()
    assert choice.decision == "granted" and choice.decided_by == director
    client.force_login(referent)  # a referent is not the director
    other = PlaceChoice.objects.get(contract=second)
    assert (
        client.post(f"/territoires/choix/{other.pk}/decider/", {"decision": "refused"}).status_code
        == 404
    )


def test_project_and_attestation(client, student, occitanie_zoning):
    contract = ContractFactory(signatory=student, signature_date=dt.date(2023, 9, 1))
    client.force_login(student)
    client.post(
        f"/territoires/projet/{contract.pk}/", {"commune": "09001", "declared_on": "2023-06-01"}
    )
    assert ProjectDeclaration.objects.get().commune_code == "09001"
    html = client.get(f"/territoires/attestation/{contract.pk}/").content.decode()
    assert "Arrêté ARS Occitanie du 4 mai 2022" in html
    assert "Aigues-Juntes (09001)" in html and "compte pour le CESP" in html
    pdf = client.get(f"/territoires/attestation/{contract.pk}/", {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf.content).split())
    assert "Attestation du zonage en vigueur à la signature du contrat" in text
    assert "Arrêté ARS Occitanie du 4 mai 2022" in text
    assert "Aigues-Juntes (09001)" in text and "compte pour le CESP" in text
    assert "Zonage en vigueur à la signature" in text  # the Occitanie map and its legend
    # Archived through the kernel, with the facts it cites, and downloadable identical.
    archived = Document.objects.about(contract).get()
    assert archived.kind == "zoning_attestation" and archived.created_by == student
    assert archived.sha256 == hashlib.sha256(pdf.content).hexdigest()
    version = ZoningVersion.objects.get(region="76", profession="medecine")
    declaration = ProjectDeclaration.objects.get()
    assert [(f["model"], f["ids"]) for f in archived.facts] == [
        ("contracts.contract", [contract.pk]),
        ("territories.zoningversion", [version.pk]),
        ("territories.projectdeclaration", [declaration.pk]),
    ]
    page = client.get(f"/territoires/attestation/{contract.pk}/").content.decode()
    assert f'href="/documents/{archived.pk}/"' in page
    assert archived.sha256 in client.get(f"/documents/{archived.pk}/").content.decode()
    assert client.get(f"/documents/{archived.pk}/pdf/").content == pdf.content
    stranger = UserFactory(student=True, username="autre")
    client.force_login(stranger)
    assert client.get(f"/territoires/attestation/{contract.pk}/").status_code == 404
    assert client.get(f"/documents/{archived.pk}/pdf/").status_code == 404


def test_installations_and_notifications_pages(client, student, occitanie_zoning):
    contract = ContractFactory(signatory=student)
    ContractEventFactory(
        contract=contract,
        type=EventType.INSTALLATION_DECISION,
        date=dt.date(2024, 1, 1),
        commune_code="09122",
    )
    client.force_login(student)
    html = client.get("/territoires/installations/").content.decode()
    assert "1 signataire(s)" in html and 'data-code="09122"' in html
    assert client.get("/territoires/notifications/").status_code == 200
    assert client.get("/territoires/zonages/").status_code == 200


def test_public_lookup_without_an_account(client, occitanie_zoning):
    page = client.get(
        "/territoires/public/", {"commune": "31555", "date": "2025-01-15", "profession": "medecine"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'id="zone-badge">ZAR<' in html
    assert "Mes notifications" not in html
