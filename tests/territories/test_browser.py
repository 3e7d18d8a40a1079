"""The interactive zoning map and the lookup in a real browser (Playwright + Debian's
Chromium against live_server)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from cesp.territories import services
from tests.browser.conftest import csp_checked_page
from tests.factories import UserFactory

from .conftest import zoning_csv

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def territories_browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium absent (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(territories_browser):
    viewport = {"width": 1280, "height": 1000}
    with csp_checked_page(territories_browser, timeout_ms=15_000, viewport=viewport) as page:
        yield page


@pytest.fixture
def map_world(transactional_db):
    """Facts written before the browser starts."""
    services.import_zoning(
        zoning_csv(),
        "z.csv",
        region="76",
        profession="medecine",
        valid_from=dt.date(2022, 5, 4),
        act="Arrêté ARS Occitanie 2022",
    )
    UserFactory(student=True, username="carto")


def test_click_a_commune_on_the_map_then_open_its_explanation(map_world, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Identifiant").fill("carto")
    page.get_by_label("Mot de passe").fill("demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/territoires/carte/?date=2025-01-15&profession=medecine")
    foix = page.locator('#map path[data-code="09122"]')
    foix.hover()
    assert "Foix (09122)" in page.locator("#map-info-text").inner_text()
    foix.click(force=True)
    link = page.locator("#map-info-link")
    assert link.is_visible()
    link.click()
    page.wait_for_load_state()
    assert page.locator("#zone-badge").inner_text() == "ZIP"
    assert "Arrêté ARS Occitanie 2022" in page.locator("#lookup-result").inner_text()
