"""Names in agents' lists, in a real browser (issue 12 §2): the contract list shows the
signatory's name, with or without an account, and is searched by it."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import login
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contracts(transactional_db):
    ufr = OrganisationFactory(ufr=True, code="ufr-montpellier", name="UFR Montpellier")
    UserFactory(ufr_agent=True, username="ufr-montpellier", organisation=ufr)
    ContractFactory(
        reference="CESP-MTP-0001",
        ufr=ufr,
        signatory_last_name="Vayssettes",
        signatory_first_name="Camille",
    )
    ContractFactory(
        reference="CESP-MTP-0002",
        ufr=ufr,
        signatory=None,
        signatory_last_name="Oyarzabal",
        signatory_first_name="Inès",
    )


def test_the_list_shows_names_and_is_searched_by_name(page, live_server, contracts):
    login(page, live_server.url, "ufr-montpellier")
    page.goto(f"{live_server.url}/contrats/")
    text = page.locator("#contract-results").inner_text()
    assert "Camille Vayssettes" in text and "Inès Oyarzabal" in text
    page.locator("#id_q").fill("oyarzabal")
    page.locator("#id_q").press("Enter")
    page.wait_for_url(re.compile(r"q=oyarzabal"))
    page.wait_for_function(
        "!document.querySelector('#contract-results').innerText.includes('CESP-MTP-0001')"
    )
    assert "Inès Oyarzabal" in page.locator("#contract-results").inner_text()
