"""The dashboard in a real browser (Playwright + Debian's Chromium), as a researcher."""

import datetime as dt
import os
from decimal import Decimal

import pytest

from cesp.contracts.enums import EventType
from tests import factories
from tests.browser.conftest import browser, page  # noqa: F401 (shared Playwright fixtures)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_researcher_cannot_leave_publication_mode(live_server, page, tmp_path):  # noqa: F811
    ufr = factories.OrganisationFactory(ufr=True, region_code="76")
    for commune in ("48095", "09001", "31555"):
        contract = factories.ContractFactory(ufr=ufr, specialty="medecine_generale")
        factories.ContractEventFactory(
            contract=contract, type=EventType.DES, date=dt.date(2025, 10, 15)
        )
        factories.ContractEventFactory(
            contract=contract, type=EventType.THESIS, date=dt.date(2025, 12, 10)
        )
        factories.ContractEventFactory(
            contract=contract,
            type=EventType.PRACTICE,
            date=None,
            start=dt.date(2026, 2, 1),
            zone_share=Decimal(1),
            commune_code=commune,
        )
    user = factories.UserFactory(researcher=True, username="chercheuse")
    user.set_password("motdepasse-long-1")
    user.save()

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("chercheuse")
    page.locator("input[name=password]").fill("motdepasse-long-1")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    # the dashboard computes the whole report and draws its maps: slow on a busy machine
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/observatoire/")
    assert page.get_by_role("heading", name="Observatoire du CESP").is_visible()
    assert "Mode publication" in page.content()
    assert page.locator("svg").count() >= 6
    mode = page.get_by_label("Mode")
    assert mode.is_disabled()  # publication only: nothing to choose
    page.get_by_label("Campagnes depuis").fill("2020")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_load_state()
    assert "campaign_from=2020" in page.url
    assert "Mode publication" in page.content()
    page.screenshot(path=str(tmp_path / "observatoire.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tous les tableaux (XLSX)").click()
    assert download.value.suggested_filename == "observatoire.xlsx"

    # Issue 12 §3: the researcher cannot leave publication mode by editing the address.
    page.goto(f"{live_server.url}/observatoire/?mode=internal&region=76")
    content = page.content()
    assert "Mode publication" in content and "Mode interne" not in content
    studied = page.locator("#table-flux tr", has_text="Profils étudiés").locator("td").last
    assert studied.inner_text() == "—"  # 3 profiles: masked
    assert page.locator("#kpis").get_by_text("masqué").count() >= 1
    assert page.get_by_label("Mode").input_value() == "publication"
    response = page.request.get(f"{live_server.url}/observatoire/export/json/?mode=internal")
    assert response.json()["privacy"]["mode"] == "publication"
