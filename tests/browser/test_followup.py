"""The yearly follow-up in a real browser: a referent plans, holds and records an
exchange and writes to the signatory; the signatory sees it and answers; the referent
finds the notice in their messages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.browser.conftest import login
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC))
def test_referent_records_an_exchange_and_the_signatory_answers(page, live_server, shots):
    ars = OrganisationFactory(ars=True, code="ars-occ", region_code="76")
    ufr = OrganisationFactory(ufr=True, code="ufr-mtp", region_code="76")
    UserFactory(
        ars_referent=True,
        organisation=ars,
        username="referente",
        first_name="Inès",
        last_name="Roux",
        email="ines@ars.test",
    )
    student = UserFactory(student=True, username="signataire", first_name="Hugo")
    contract = ContractFactory(
        reference="CESP-FU-B001", signatory=student, ufr=ufr, signature_date=dt.date(2024, 9, 2)
    )
    login(page, live_server.url, "referente")
    page.goto(f"{live_server.url}/contrats/{contract.pk}/")
    page.locator("#followup-link").click()
    page.locator("#assign-form button").click()  # the only referent of the region
    assert "Roux" in page.locator("#referent").inner_text()
    page.fill("#id_planned_on", "2026-11-24")
    page.select_option("#id_mode", "video")
    page.locator("#plan-form button").click()
    page.get_by_role("link", name="Enregistrer le compte rendu").click()
    page.fill("#id_project_update", "Projet de maison de santé à Rodez")
    page.fill("#id_commune_1", "Rodez")
    page.locator("#meeting-form button[type=submit]").click()
    assert "Projet de maison de santé à Rodez" in page.locator("#meetings").inner_text()
    assert "Rodez (12202)" in page.locator("#meetings").inner_text()
    page.fill("#id_subject", "Suite de notre échange")
    page.fill("#id_body", "Pouvez-vous m'envoyer votre projet écrit ?")
    page.locator("#thread-form button").click()
    page.wait_for_load_state()
    # caret="initial": Playwright's caret hiding sets a style attribute, which the CSP
    # refuses (and the guard reports) when a navigation races the screenshot.
    page.screenshot(path=shots / "followup-referent.png", full_page=True, caret="initial")

    page.context.clear_cookies()
    login(page, live_server.url, "signataire")
    page.goto(f"{live_server.url}/suivi/")
    assert "Projet de maison de santé à Rodez" in page.locator("#meetings").inner_text()
    page.get_by_role("link", name="Suite de notre échange").click()
    page.fill("#id_body", "Je vous l'envoie cette semaine.")
    page.locator("#reply-form button").click()
    page.locator("#messages li").nth(1).wait_for()
    assert "Je vous l'envoie cette semaine." in page.locator("#messages").inner_text()

    page.context.clear_cookies()
    login(page, live_server.url, "referente")
    page.goto(f"{live_server.url}/notifications/boite/")
    assert "Message de Hugo" in page.locator("main").inner_text()
