"""A deferral asked online, in a real browser: the signatory files it with a proof, the
UFR director gives the reasoned opinion, the DG ARS decides; the contract's deadlines
change and the decision can be downloaded."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.accounts.enums import Role
from tests.browser.conftest import csp_checked_page, login
from tests.requests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC))
def test_deferral_filed_opinion_decided_and_downloaded(browser, live_server, shots, tmp_path):
    orgs = factories.organisations()
    factories.UserFactory(username="ufr-dir", role=Role.UFR_AGENT, organisation=orgs["ufr"])
    factories.UserFactory(username="dg-ars", role=Role.ARS_DIRECTOR, organisation=orgs["ars"])
    contract = factories.graduate_contract(orgs["ufr"], "ines")
    proof = tmp_path / "attestation-post-internat.pdf"
    proof.write_bytes(factories.pdf_bytes())
    base = live_server.url

    with csp_checked_page(browser) as page:
        login(page, base, "ines")
        page.goto(f"{base}/demandes/")
        page.get_by_label("Nouvelle demande").select_option("deferral")
        page.get_by_role("button", name="Préparer la demande").click()
        bounds = page.locator("#request-bounds").inner_text()
        assert "12 mois au plus" in bounds and "R632-74" in bounds
        page.get_by_label("Date de début").fill("2026-12-01")
        page.get_by_label("Date de fin").fill("2027-05-31")
        page.get_by_label("Motif de la demande").fill("Post-internat de gériatrie")
        page.locator("#id_proof").set_input_files(str(proof))
        page.get_by_role("button", name="Déposer la demande").click()
        assert "En attente d'avis" in page.locator("#request-state").text_content()
        request_url = page.url

    with csp_checked_page(browser) as page:
        login(page, base, "ufr-dir")
        page.goto(f"{base}/demandes/")
        page.locator("#queue-table a").first.click()
        page.locator("#id_favourable").select_option("oui")
        page.get_by_label("Motivation de l'avis").fill("Post-internat utile à la région.")
        page.get_by_role("button", name="Enregistrer l'avis").click()
        assert "En instruction" in page.locator("#request-state").text_content()

    with csp_checked_page(browser) as page:
        login(page, base, "dg-ars")
        page.goto(request_url)
        page.locator("#id_granted").select_option("oui")
        page.get_by_label("Motifs de la décision").fill("Projet justifié (R632-74).")
        page.get_by_role("button", name="Enregistrer et notifier la décision").click()
        assert "Accordée" in page.locator("#request-state").text_content()

    with csp_checked_page(browser) as page:
        login(page, base, "ines")
        page.goto(f"{base}/contrats/{contract.pk}/")
        row = page.locator('tr[data-deadline="deferral_end"]')
        assert "31/05/2027" in row.inner_text()
        page.goto(request_url)
        page.screenshot(path=shots / "request-decided.png", full_page=True)
        with page.expect_download() as download:
            page.locator("#decision-download").click()
        pdf = download.value.path().read_bytes()
        assert pdf.startswith(b"%PDF")
