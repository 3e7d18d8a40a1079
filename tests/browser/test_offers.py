"""A whole campaign in a real browser (issue 9): the dossiers are filed, ranked, the lists
posted and the quota imported through the selection's use cases; then, in the browser, the
national manager starts the offers, the candidate returns the signed contract on the
portal, the manager countersigns, and the ARS of the region opens the contract."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.contracts.models import Contract
from tests.browser.conftest import csp_checked_page, login
from tests.factories import OrganisationFactory, UserFactory
from tests.offers.campaign import ranked_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_file_rank_lists_quota_offer_sign_countersign_ars(browser, live_server, shots):
    setup = ranked_campaign([("Faure", "Lou"), ("Brunet", "Tom"), ("Arnaud", "Alice")], 1, 1)
    UserFactory(
        ars_referent=True,
        username="ars-occitanie",
        organisation=OrganisationFactory(ars=True, code="ars-occitanie", region_code="76"),
    )
    base = live_server.url
    with time_machine.travel(dt.datetime(2026, 12, 14, 9, tzinfo=dt.UTC)):
        with csp_checked_page(browser) as page:  # the national manager starts the offers
            login(page, base, "national")
            page.get_by_role("link", name="Offres de contrat").first.click()
            assert (
                "Faculté de médecine Montpellier-Nîmes" in page.locator("#offer-lists").inner_text()
            )
            page.locator("#offer-lists a").first.click()
            assert "1 contrat(s)" in page.locator("#quota").inner_text()
            page.get_by_role("button", name="Lancer les offres").click()
            page.wait_for_load_state()
            table = page.locator("#offers-table").inner_text()
            assert "FAURE Lou" in table and "13 janvier 2027" in table
            assert "BRUNET Tom" in page.locator("#waiting").inner_text()
            page.screenshot(path=shots / "offers-round.png", full_page=True)
        with csp_checked_page(browser) as page:  # the candidate signs on the portal
            login(page, base, "candidat-0")
            page.get_by_role("link", name="Mon offre de contrat").first.click()
            assert "13 janvier 2027" in page.locator("section.offer").inner_text()
            page.get_by_role("button", name="Retourner le contrat signé").click()
            assert "Lu et approuvé" in page.locator(".fr-alert, .fr-notice").first.inner_text()
            page.locator('label[for^="approved-"]').click()  # the DSFR label covers the box
            page.get_by_role("button", name="Retourner le contrat signé").click()
            page.wait_for_load_state()
            assert "à contresigner" in page.locator("section.offer").inner_text()
        with csp_checked_page(browser) as page:  # the manager countersigns
            login(page, base, "national")
            page.goto(f"{base}/offres/listes/{setup.ranked.pk}/")
            page.locator("#offers-table summary", has_text="Contresigner").click()
            page.locator('form[data-action="countersign"] button').click()
            page.wait_for_load_state()
            assert "Contrat contresigné" in page.locator("#offers-table").inner_text()
        contract = Contract.objects.get()
        with csp_checked_page(browser) as page:  # the ARS of the region sees it
            login(page, base, "ars-occitanie")
            page.goto(f"{base}/contrats/{contract.pk}/")
            text = page.locator("main").inner_text()
            assert contract.reference in text and "1 octobre 2026" in text
            page.screenshot(path=shots / "offers-contract-ars.png", full_page=True)
