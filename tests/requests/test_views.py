"""Pages: « Mes demandes », filing with the rules' bounds shown first, the queues, a
request's page with its steps by abilities; out of scope answers 404."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.requests import services
from cesp.requests.enums import ProofKind, State
from cesp.web.navigation import menu_for

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def deferral(orgs):
    contract = factories.graduate_contract(orgs["ufr"])
    request = services.file_request(
        contract.signatory,
        contract,
        "deferral",
        {"start": dt.date(2026, 12, 1), "end": dt.date(2027, 5, 31)},
        [(ProofKind.SUPPORTING, factories.proof())],
    )
    return request


def test_the_form_shows_the_bounds_before_filing(client, orgs):
    contract = factories.intern_contract(orgs["ufr"], dt.date(2026, 11, 2))
    client.force_login(contract.signatory)
    page = client.get(f"/demandes/nouvelle/{contract.pk}/?nature=third_cycle_suspension")
    text = page.content.decode()
    assert page.status_code == 200
    assert "2 décembre 2026" in text and "art. 3, 2° c" in text
    assert "Mes demandes" in [item.label for item in menu_for(contract.signatory)]


def test_filing_through_the_form_with_a_proof(client, orgs):
    contract = factories.graduate_contract(orgs["ufr"])
    client.force_login(contract.signatory)
    upload = factories.Upload(factories.pdf_bytes(), "attestation-post-internat.pdf")
    page = client.post(
        f"/demandes/nouvelle/{contract.pk}/",
        {"nature": "deferral", "start": "2026-12-01", "end": "2027-05-31", "proof": upload},
    )
    assert page.status_code == 302
    mine = client.get("/demandes/").content.decode()
    assert "Report d&#x27;installation" in mine and "En attente d&#x27;avis" in mine


def test_a_refused_filing_says_why_and_cites_the_text(client, orgs):
    contract = factories.practising_contract(orgs["ufr"])
    client.force_login(contract.signatory)
    page = client.post(
        f"/demandes/nouvelle/{contract.pk}/",
        {"nature": "practice_suspension", "start": "2027-01-01", "end": "2028-01-31"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "13 mois demandés" in text and "art. 3" in text


def test_a_bad_file_is_refused_beside_its_field(client, orgs):
    contract = factories.graduate_contract(orgs["ufr"])
    client.force_login(contract.signatory)
    page = client.post(
        f"/demandes/nouvelle/{contract.pk}/",
        {
            "nature": "deferral",
            "start": "2026-12-01",
            "end": "2027-05-31",
            "proof": factories.Upload(b"not a pdf", "faux.pdf"),
        },
    )
    assert "n&#x27;est pas un fichier accepté" in page.content.decode()


def test_queues_and_steps_by_abilities(client, orgs, body, deferral):
    client.force_login(body["ufr"])
    queue = client.get("/demandes/").content.decode()
    assert f'data-request="{deferral.pk}"' in queue and "Votre avis" in queue
    page = client.post(
        f"/demandes/{deferral.pk}/avis/", {"favourable": "oui", "reasons": "Projet cohérent."}
    )
    assert page.status_code == 302
    client.force_login(body["ars"])
    detail = client.get(f"/demandes/{deferral.pk}/").content.decode()
    assert 'id="decision-form"' in detail and 'id="opinion-form"' not in detail
    client.post(f"/demandes/{deferral.pk}/decision/", {"granted": "oui", "reasons": "Justifié."})
    deferral.refresh_from_db()
    assert deferral.state == State.GRANTED
    client.force_login(deferral.contract.signatory)
    detail = client.get(f"/demandes/{deferral.pk}/").content.decode()
    assert 'id="decision-download"' in detail
    pdf = client.get(f"/documents/{deferral.decision_document_id}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["ars_bretagne", "other_student", "other_ufr"])
def test_out_of_scope_answers_404(client, orgs, body, deferral, who):
    users = {
        "ars_bretagne": body["ars_bretagne"],
        "other_student": factories.UserFactory(username="autre", student=True),
        "other_ufr": factories.UserFactory(
            username="ufr-autre",
            role="ufr_agent",
            organisation=factories.OrganisationFactory(ufr=True, code="ufr-rennes"),
        ),
    }
    client.force_login(users[who])
    assert client.get(f"/demandes/{deferral.pk}/").status_code == 404
    assert client.post(f"/demandes/{deferral.pk}/avis/", {}).status_code == 404
    proof = deferral.proofs.get()
    assert client.get(f"/demandes/{deferral.pk}/justificatifs/{proof.pk}/").status_code == 404
    assert client.get(f"/demandes/nouvelle/{deferral.contract_id}/").status_code == 404


def test_wishes_export_is_for_the_ars_and_the_manager(client, orgs, body):
    client.force_login(body["national"])
    response = client.get("/demandes/voeux-6e-annee.csv?annee=2027")
    assert response.status_code == 200 and "Spécialité souhaitée" in response.content.decode(
        "utf-8-sig"
    )
    client.force_login(body["ufr"])
    assert client.get("/demandes/voeux-6e-annee.csv").status_code == 404


def test_the_form_warns_before_filing_when_the_contract_already_refuses(client, orgs):
    """Day 31 after taking up the internship: the form says so and cites the text."""
    contract = factories.intern_contract(orgs["ufr"], dt.date(2026, 11, 1))
    client.force_login(contract.signatory)
    page = client.get(f"/demandes/nouvelle/{contract.pk}/?nature=third_cycle_suspension")
    text = page.content.decode()
    assert 'id="request-standing"' in text and "31 jours" in text and "2° c" in text
    ok = factories.intern_contract(orgs["ufr"], dt.date(2026, 11, 2), "interne-2")
    client.force_login(ok.signatory)
    page = client.get(f"/demandes/nouvelle/{ok.pk}/?nature=third_cycle_suspension")
    assert 'id="request-standing"' not in page.content.decode()


def test_the_form_warns_a_practising_signatory_that_a_deferral_is_too_late(client, orgs):
    contract = factories.practising_contract(orgs["ufr"])
    client.force_login(contract.signatory)
    page = client.get(f"/demandes/nouvelle/{contract.pk}/?nature=deferral")
    text = page.content.decode()
    assert 'id="request-standing"' in text and "vous exercez depuis le 01/12/2026" in text
