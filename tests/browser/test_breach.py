"""A breach case in a real browser: the ARS reports a change of place, the manager sends
the formal notice and records its receipt, the signatory files observations online; the
decision before the 15 days is refused with its deadline. No CSP violation."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.browser.conftest import csp_checked_page, login
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC))
def test_report_notice_observations_and_early_decision(browser, live_server, shots):
    ufr = OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")
    ars = OrganisationFactory(ars=True, code="ars-occitanie", region_code="76")
    UserFactory(ars_referent=True, organisation=ars, username="ars-occ")
    UserFactory(national=True, username="gestion")
    student = UserFactory(student=True, username="lea")
    ContractFactory(reference="CESP-MTP-0042", signatory=student, ufr=ufr)
    base = live_server.url

    with csp_checked_page(browser) as page:
        login(page, base, "ars-occ")
        page.goto(f"{base}/ruptures/signaler/")
        page.get_by_label("Référence du contrat").fill("CESP-MTP-0042")
        page.get_by_label("Motif").select_option("change_of_place")
        page.get_by_label("Faits constatés").fill("Installée à Lyon sans accord de l'ARS.")
        page.get_by_role("button", name="Enregistrer").click()
        assert "Ouvert" in page.locator("#case-state").text_content()
        case_url = page.url

    with csp_checked_page(browser) as page:
        login(page, base, "gestion")
        page.goto(case_url)
        notice = page.locator("#step-send_notice")
        notice.get_by_label("Envoyé le").fill("2026-11-25")
        notice.get_by_label("Numéro de l'envoi recommandé").fill("1A 123 456 7890 1")
        notice.get_by_role("button", name="Envoyer la mise en demeure").click()
        assert "Mise en demeure envoyée" in page.locator("#case-state").text_content()
        dispatches = page.locator("#case-dispatches")
        dispatches.get_by_label("Reçu le").fill("2026-11-27")
        dispatches.get_by_role("button", name="Enregistrer l'avis de réception").click()
        assert "12 décembre 2026" in page.locator("#case-deadlines").text_content()
        page.screenshot(path=str(shots / "breach-case-notice.png"), full_page=True)

    with csp_checked_page(browser) as page:
        login(page, base, "lea")
        page.goto(case_url)
        step = page.locator("#step-record_observations")
        step.get_by_label("Votre texte").fill("Le changement de lieu a été demandé en juin.")
        step.get_by_role("button", name="Enregistrer les observations").click()
        assert "Observations reçues" in page.locator("#case-state").text_content()

    with csp_checked_page(browser) as page:
        login(page, base, "gestion")
        page.goto(case_url)
        step = page.locator("#step-decide")
        step.get_by_role("button", name="Décider la rupture").click()
        alert = page.locator("#step-decide .fr-alert").text_content()
        assert "12/12/2026 inclus" in alert
        assert "Observations reçues" in page.locator("#case-state").text_content()
